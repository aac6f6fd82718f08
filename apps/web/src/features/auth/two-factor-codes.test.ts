import { createOTP } from "@better-auth/utils/otp";
import { describe, expect, it } from "vitest";
import {
  readableSecret,
  recoveryCodeSchema,
  totpCodeSchema,
  twoFactorWords,
} from "./two-factor-codes.ts";

describe("readableSecret", () => {
  it("shows the URI's base32 secret in groups of four, as Better Auth's URI carries it", () => {
    const uri = createOTP("abcdefghijklmnopqrstuvwxyz012345").url("Tasks", "ada@example.com");
    expect(readableSecret(uri)).toBe(
      "MFRG GZDF MZTW Q2LK NNWG 23TP OBYX E43U OV3H O6DZ PIYD CMRT GQ2Q",
    );
  });
});

describe("code checks", () => {
  it("takes six digits, with spaces as apps show them, and names the field otherwise", () => {
    expect(totpCodeSchema.parse({ code: " 123 456 " })).toEqual({ code: "123456" });
    for (const code of ["", "12345", "1234567", "12345a"]) {
      const checked = totpCodeSchema.safeParse({ code });
      expect(checked.success).toBe(false);
      expect(checked.error?.issues[0]?.path).toEqual(["code"]);
    }
  });

  it("takes a recovery code as typed, trimmed, and refuses an empty one", () => {
    expect(recoveryCodeSchema.parse({ code: " ab-cd " })).toEqual({ code: "ab-cd" });
    expect(recoveryCodeSchema.safeParse({ code: "  " }).success).toBe(false);
  });
});

describe("twoFactorWords", () => {
  it("puts Better Auth's codes in plain words; an ended sign-in starts again", () => {
    expect(twoFactorWords({ code: "INVALID_PASSWORD" })).toMatchObject({ field: "password" });
    expect(twoFactorWords({ code: "INVALID_CODE", message: "Invalid code" }).message).toMatch(
      /not right/,
    );
    for (const code of ["TOO_MANY_ATTEMPTS_REQUEST_NEW_CODE", "INVALID_TWO_FACTOR_COOKIE"]) {
      expect(twoFactorWords({ code }).restart).toBe(true);
    }
    expect(twoFactorWords({ code: "ACCOUNT_TEMPORARILY_LOCKED" }).message).toMatch(/15 minutes/);
    expect(twoFactorWords({ code: "SOMETHING_NEW", message: "Server words" }).message).toBe(
      "Server words",
    );
  });
});
