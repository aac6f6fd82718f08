import "server-only";
import type { PasskeyOptions } from "@better-auth/passkey";
import { APIError } from "better-auth/api";

const userVerificationRequired = {
  message: "This passkey did not verify you (no PIN, fingerprint or face). Use one that does.",
  code: "USER_VERIFICATION_REQUIRED",
};

/**
 * Better Auth's passkey options (R-M5): relying party id and origin from WEB_URL (the plugin
 * would otherwise believe the request's Origin header), and user verification required, which
 * the plugin does not ask (it verifies with `requireUserVerification: false`).
 */
export function passkeyOptions(webUrl: string): PasskeyOptions {
  return {
    rpID: new URL(webUrl).hostname,
    rpName: "Tasks",
    origin: webUrl,
    // A discoverable credential (autofill) that verifies the person (a passkey is both factors).
    authenticatorSelection: { residentKey: "required", userVerification: "required" },
    registration: {
      afterVerification: async ({ verification }) => {
        if (!verification.registrationInfo?.userVerified) {
          throw new APIError("BAD_REQUEST", userVerificationRequired);
        }
      },
    },
    authentication: {
      afterVerification: async ({ verification }) => {
        if (!verification.authenticationInfo.userVerified) {
          throw new APIError("UNAUTHORIZED", userVerificationRequired);
        }
      },
    },
  };
}
