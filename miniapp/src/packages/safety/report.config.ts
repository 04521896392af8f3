export default definePageConfig({
  navigationBarTitleText: "身体不适 / 副作用",
  enablePageMeta: true,
});
