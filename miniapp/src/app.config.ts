export default defineAppConfig({
  pages: [
    "pages/today/index",
    "pages/enrol/index",
    "pages/log/index",
    "pages/plans/index",
    "pages/plans/edit",
    "pages/me/index",
    "pages/reminders/index",
  ],
  // Charts live in their own subpackage so they never weigh on the main package.
  subPackages: [
    { root: "packages/trends", pages: ["index"] },
    // Family follow (亲情关注): the patient's invites and the family member's read-only view.
    { root: "packages/family", pages: ["index", "accept", "manage"] },
    // Side-effect reports (身体不适 / 副作用) and the patient's list of them with the team's questions.
    { root: "packages/safety", pages: ["report", "mine"] },
    // 谁看过我的数据: who read the patient's record, and when.
    { root: "packages/privacy", pages: ["access"] },
    // 用药日记: the month on one page for the visit.
    { root: "packages/diary", pages: ["index"] },
  ],
  window: {
    navigationBarBackgroundColor: "#ffffff",
    navigationBarTitleText: "稳稳",
    navigationBarTextStyle: "black",
    backgroundColor: "#f4f6f8",
  },
  permission: {},
  requiredPrivateInfos: [],
});
