"use client";

import { useState } from "react";

/** One client form with state, as the product's sign-in form is at its simplest. */
export function Form() {
  const [email, setEmail] = useState("");
  const [sent, setSent] = useState(false);
  return (
    <form
      onSubmit={(event) => {
        event.preventDefault();
        setSent(true);
      }}
    >
      <label htmlFor="email">Email</label>
      <input id="email" type="email" value={email} onChange={(e) => setEmail(e.target.value)} />
      <button type="submit">Continue</button>
      {sent && <p role="status">Sent for {email}</p>}
    </form>
  );
}
