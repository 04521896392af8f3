// `@steady/worker/testing`: the app in process, as the worker's own tests build it, for tests and
// benches that call routes without a server (no socket, a clock they control).

export { createApp } from "../app";
export { makeTestApp, ORIGIN, T0, type TestApp } from "../app.test-support";
/** Fixtures that write user and session rows directly store what the server stores: hashes. */
export { hashPassword, sha256 } from "../auth/crypto";
/** The operator CLI's progress bar, for the long seeding runs of the benches. */
export { progressBar } from "../cli/progress";
export { type Config, defaultConfig } from "../env";
/** The scheduler_state key of the producer's watermark: tests play a cron outage by moving it back. */
export { COVERED_UNTIL_KEY } from "../reminders/catch-up";
export { createWechatClient, offlineWechatClient, type WechatClient } from "../wechat/client";
