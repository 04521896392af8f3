// Shown full-screen at the visit: the phone may be turned sideways for the calendar.
export default definePageConfig({
  navigationBarTitleText: "用药日记",
  enablePageMeta: true,
  pageOrientation: "auto",
});
