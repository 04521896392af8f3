import type { Locale } from "@steady/shared";

/** Weekly education tips, one per ISO week in turn (the server's tip, when it sends one, wins). */
export const TIPS: Record<Locale, string[]> = {
  "zh-CN": [
    "降压药要每天按时吃，血压正常了也不要自己停药。",
    "每天吃盐不超过 5 克，大约一啤酒瓶盖的量。",
    "每周至少 5 天、每天 30 分钟快走，对血压和血糖都有好处。",
    "低血糖时吃 15 克糖，15 分钟后再测；外出随身带几块糖。",
    "量血压前安静坐 5 分钟，每次量两遍取平均。",
    "漏吃一次药，想起来时如果离下次很近，就不要补吃，更不要一次吃两份。",
    "戒烟限酒，能让血压下降，也保护心脑血管。",
    "复诊时带上手机，让医生看看您的记录。",
  ],
  en: [
    "Take blood-pressure medicine every day, even when your readings are normal.",
    "Keep salt under 5 g a day — about one beer-bottle cap.",
    "A 30-minute brisk walk on at least 5 days a week helps both blood pressure and glucose.",
    "For a low, eat 15 g of sugar and test again after 15 minutes; carry sweets when you go out.",
    "Sit quietly for 5 minutes before measuring, and average two readings.",
    "If you miss a dose and the next one is near, skip it — never take a double dose.",
    "Stopping smoking and drinking less lowers blood pressure.",
    "Bring your phone to check-ups so your doctor can see your records.",
  ],
};

export function tipOfWeek(locale: Locale, at: number): string {
  const list = TIPS[locale];
  const week = Math.floor((at / 86_400_000 + 3) / 7); // weeks since the Monday before 1970-01-01
  return list[week % list.length] ?? list[0] ?? "";
}
