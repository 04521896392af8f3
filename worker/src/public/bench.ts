// `@steady/worker/bench`: what the benches time on its own, outside a request (docs/budgets.md):
// the triage list and its snapshots (with the from-scratch list they are checked against), plan
// expansion, and the programme release with the daily refresh behind it.
export { expandVersions, versionsByPatient } from "../plans/plans";
export { buildRelease, loadClinicFacts, loadCounts, PROGRAMME_TZ } from "../programme/release";
export { monthIndex, refreshProgrammeStats } from "../programme/stats";
export { triageList } from "../triage/list";
export { triageListFromScratch } from "../triage/snapshot-scratch.test-support";
export { refreshDueSnapshots } from "../triage/snapshot-store";
