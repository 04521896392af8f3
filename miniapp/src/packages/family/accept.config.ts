export default definePageConfig({ navigationBarTitleText: "家人关注", enablePageMeta: true });
