// SMS configuration from the parsed settings (config-env.ts): environment variables (Node) or
// Worker bindings/secrets.
//
//   TENCENT_SMS_SECRET_ID, TENCENT_SMS_SECRET_KEY   API key pair (keep the key a secret)
//   TENCENT_SMS_SDK_APP_ID                          the SMS application's SdkAppId
//   TENCENT_SMS_SIGN_NAME                           the approved signature, without 【】
//   TENCENT_SMS_TEMPLATE_DOSE / _FOLLOW_UP / _FAMILY_MISSED / _FAMILY_URGENT
//                                                   approved template ids (texts: templates.ts)
//   TENCENT_SMS_REGION                              default ap-guangzhou
//   TENCENT_SMS_API_BASE                            default https://sms.tencentcloudapi.com
//   STEADY_SMS=0                                    no SMS at all (also not printed in dev)
//
// Without credentials: dev mode prints SMS to the console, production has no SMS channel.
import type { Settings } from "../config-env";
import { createSmsClient } from "./client";
import { consoleSmsSender, type SmsSender, tencentSmsSender } from "./sender";
import type { SmsPurpose } from "./templates";

const TEMPLATE_VARS: Record<SmsPurpose, keyof Settings> = {
  dose: "TENCENT_SMS_TEMPLATE_DOSE",
  follow_up: "TENCENT_SMS_TEMPLATE_FOLLOW_UP",
  family_missed: "TENCENT_SMS_TEMPLATE_FAMILY_MISSED",
  family_urgent: "TENCENT_SMS_TEMPLATE_FAMILY_URGENT",
};

export function smsFromSettings(
  env: Settings,
  mode: "dev" | "production",
  opts: { clock?: () => number; log?: (line: string) => void } = {},
): SmsSender | null {
  if (!env.STEADY_SMS) return null;
  const { TENCENT_SMS_SECRET_ID: id, TENCENT_SMS_SECRET_KEY: key, TENCENT_SMS_SDK_APP_ID: app } = env;
  const sign = env.TENCENT_SMS_SIGN_NAME;
  if (!id || !key || !app || !sign) return mode === "dev" ? consoleSmsSender(sign ?? "稳稳", opts.log) : null;
  const templates = Object.fromEntries(
    Object.entries(TEMPLATE_VARS)
      .map(([purpose, name]) => [purpose, env[name]])
      .filter(([, v]) => Boolean(v)),
  ) as Partial<Record<SmsPurpose, string>>;
  const client = createSmsClient({
    baseUrl: env.TENCENT_SMS_API_BASE,
    secretId: id,
    secretKey: key,
    region: env.TENCENT_SMS_REGION,
    sdkAppId: app,
    signName: sign,
    ...(opts.clock ? { clock: opts.clock } : {}),
  });
  return tencentSmsSender(client, templates);
}
