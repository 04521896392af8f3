// `@steady/worker/bench`: what the benches time on its own, outside a request (docs/budgets.md):
// the triage list and its snapshots (with the from-scratch list they are checked against), plan
// expansion, and the programme release with the daily refresh behind it.
export { expandVersions, versionsByPatient } from "../plans/plans";
export { buildRelease, loadClinicFacts, loadCounts, PROGRAMME_TZ } from "../programme/release";
export { monthIndex, refreshProgrammeStats } from "../programme/stats";
// The reminder fan-out as the Node server runs it (producer, libSQL job queue, consumers, the
// WeChat sender over Node's pooled transport), for `pnpm bench:reminders` (docs/reminders-queue.md).
export { NODE_PRODUCER_OPTIONS, nodeConsumers } from "../reminders/host";
export { localQueue, pollOnce } from "../reminders/local-queue";
export { enqueueDue } from "../reminders/producer";
export type { ReminderJob } from "../reminders/queue";
export { wechatSender } from "../reminders/sender";
export { triageList } from "../triage/list";
export { triageListFromScratch } from "../triage/snapshot-scratch.test-support";
export { refreshDueSnapshots } from "../triage/snapshot-store";
export { nodeTransport } from "../wechat/node-transport";
