export default definePageConfig({
  navigationBarTitleText: "我的不适报告",
  enablePageMeta: true,
});
