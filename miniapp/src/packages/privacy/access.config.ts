export default definePageConfig({ navigationBarTitleText: "谁看过我的数据", enablePageMeta: true });
