export default definePageConfig({ navigationBarTitleText: "今天", enablePageMeta: true });
