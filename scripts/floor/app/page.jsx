export default function Home() {
  return (
    <main>
      <h1>Floor</h1>
      <p>A heading, a sentence and two links, as the product's landing page has.</p>
      <a href="/form">Sign in</a> <a href="/form">Sign up</a>
    </main>
  );
}
