export default defineAppConfig({
  pages: ["pages/today/index"],
  window: {
    navigationBarBackgroundColor: "#ffffff",
    navigationBarTitleText: "稳稳",
    navigationBarTextStyle: "black",
    backgroundColor: "#f4f6f8",
  },
});
