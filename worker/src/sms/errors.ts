// Tencent Cloud SMS answers every call with HTTP 200: a request-level failure is
// `Response.Error {Code, Message}`, a per-number one is a `SendStatusSet[i].Code` other than "Ok".
// What a code means for us decides whether the channel is usable at all and what the doctor or
// the patient is told.

export type SmsErrorKind =
  /** Our credentials or signature are wrong (AuthFailure.*): no SMS goes out until fixed. */
  | "auth"
  /** The SMS package is used up: nothing goes out until someone tops it up. */
  | "balance"
  /** This number hit a frequency limit (per 30 s, hour, day, same content). */
  | "phone_limit"
  /** The whole application hit a limit or Tencent throttles us. */
  | "rate_limited"
  /** The number is not a valid mobile number. */
  | "invalid_phone"
  /** The number is on a do-not-disturb list (unsubscribed or carrier blacklist). */
  | "blocked_phone"
  /** Our sign, template, parameters or app id are wrong or not approved. */
  | "config"
  /** Tencent's side failed; we cannot tell whether the message went out. */
  | "unknown";

export class SmsError extends Error {
  constructor(
    readonly code: string,
    readonly detail: string,
    readonly requestId: string | null = null,
  ) {
    super(`Tencent SMS ${code}: ${detail}`);
    this.name = "SmsError";
  }

  get kind(): SmsErrorKind {
    return smsErrorKind(this.code);
  }
}

const EXACT: Record<string, SmsErrorKind> = {
  "FailedOperation.InsufficientBalanceInSmsPackage": "balance",
  "FailedOperation.SmsPackageNotExist": "balance",
  "InvalidParameterValue.IncorrectPhoneNumber": "invalid_phone",
  "FailedOperation.PhoneNumberInBlacklist": "blocked_phone",
  "FailedOperation.PhoneNumberParseFail": "invalid_phone",
  "LimitExceeded.AppDailyLimit": "rate_limited",
  "LimitExceeded.DailyLimit": "rate_limited",
  RequestLimitExceeded: "rate_limited",
};

const PREFIX: [string, SmsErrorKind][] = [
  ["AuthFailure.", "auth"],
  ["LimitExceeded.PhoneNumber", "phone_limit"],
  ["LimitExceeded.DeliveryFrequencyLimit", "phone_limit"],
  ["FailedOperation.", "config"],
  ["InvalidParameterValue.", "config"],
  ["InvalidParameter", "config"],
  ["MissingParameter", "config"],
  ["UnauthorizedOperation.", "config"],
  ["UnsupportedOperation", "config"],
  ["InternalError", "unknown"],
];

export function smsErrorKind(code: string): SmsErrorKind {
  const exact = EXACT[code];
  if (exact) return exact;
  for (const [prefix, kind] of PREFIX) if (code.startsWith(prefix)) return kind;
  return "unknown";
}
