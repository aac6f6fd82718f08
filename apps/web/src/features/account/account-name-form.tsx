"use client";

import { useRouter } from "next/navigation";
import { type FormEvent, useState } from "react";
import { attempt, authClient } from "@/lib/auth-client";
import { updateUserSchema } from "@/lib/credentials";
import { type FieldErrors, fieldErrorsOf, splitFailure } from "@/lib/form-errors";
import { FormField } from "@/lib/form-field";

/** "Name" with "Save name" (SPEC R-S1), through Better Auth's update-user. */
export function AccountNameForm({ name }: { name: string }) {
  const router = useRouter();
  const [pending, setPending] = useState(false);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [status, setStatus] = useState("");

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setStatus("");
    const checked = updateUserSchema.safeParse({
      name: new FormData(event.currentTarget).get("name") ?? "",
    });
    if (!checked.success) return setErrors(fieldErrorsOf(checked.error));
    setPending(true);
    const failure = await attempt(() => authClient.updateUser({ name: checked.data.name }));
    setPending(false);
    setErrors(failure ? splitFailure(failure).fields : {});
    if (failure && !failure.field) setStatus(failure.message);
    if (failure) return;
    setStatus("Name saved.");
    router.refresh();
  }

  return (
    <form noValidate onSubmit={onSubmit} className="flex flex-col gap-3" aria-busy={pending}>
      <FormField
        label="Name"
        name="name"
        type="text"
        autoComplete="name"
        maxLength={100}
        defaultValue={name}
        error={errors.name}
      />
      <div className="flex flex-wrap items-center gap-3">
        <button type="submit" className="button-primary" disabled={pending}>
          Save name
        </button>
        <p role="status" className="text-sm">
          {status}
        </p>
      </div>
    </form>
  );
}
