"use client";

import { useRouter } from "next/navigation";
import { type FormEvent, useState } from "react";
import { FormAlert, NameField, SubmitRow } from "@/lib/form-field";
import { useAuthSubmit } from "@/lib/use-auth-submit";

/** "Name" with "Save name" (SPEC R-S1), through Better Auth's update-user. */
export function AccountNameForm({ name }: { name: string }) {
  const router = useRouter();
  const { pending, errors, formError, submit, formProps } = useAuthSubmit();
  const [status, setStatus] = useState("");

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setStatus("");
    const saved = await submit({
      schema: () => import("@/lib/credentials").then((rules) => rules.updateUserSchema),
      input: { name: new FormData(event.currentTarget).get("name") ?? "" },
      call: (values, client) => client.updateUser(values),
    });
    if (!saved) return;
    setStatus("Name saved.");
    router.refresh();
  }

  return (
    <form {...formProps} onSubmit={onSubmit} className="flex flex-col gap-3">
      <NameField defaultValue={name} error={errors.name} />
      <FormAlert message={formError} />
      <SubmitRow label="Save name" pending={pending} status={status} />
    </form>
  );
}
