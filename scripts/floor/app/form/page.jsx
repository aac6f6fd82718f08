import { Form } from "./form.jsx";

export const metadata = { title: "Form · Floor" };

export default function FormPage() {
  return (
    <main>
      <h1>Sign in</h1>
      <Form />
    </main>
  );
}
