export default definePageConfig({ navigationBarTitleText: "稳稳", enablePageMeta: true });
