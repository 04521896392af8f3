// `@steady/worker/sms`: Tencent's request signing and Steady's message texts, which the fake SMS
// server (tests/fakes) checks requests against.

export { tc3Sign } from "../sms/tc3";
export { SMS_TEXTS, type SmsPurpose } from "../sms/templates";
