// Which of China's seven geographic regions a clinic's city lies in, for grouping dashboards.
// Provinces' capitals and the largest cities; anything else falls back to the region the rep
// picks when creating the clinic (or "其他" for old rows without one).
import type { Region } from "@steady/shared";

const CITIES: Record<Region, string> = {
  华北: "北京 天津 石家庄 唐山 保定 太原 大同 呼和浩特 包头",
  东北: "沈阳 大连 长春 吉林 哈尔滨 大庆",
  华东: "上海 南京 苏州 无锡 常州 南通 徐州 杭州 宁波 温州 绍兴 嘉兴 合肥 芜湖 福州 厦门 泉州 南昌 济南 青岛 烟台 潍坊",
  华中: "郑州 洛阳 武汉 宜昌 襄阳 长沙 株洲 湘潭",
  华南: "广州 深圳 东莞 佛山 珠海 汕头 南宁 柳州 桂林 海口 三亚",
  西南: "重庆 成都 绵阳 贵阳 遵义 昆明 拉萨",
  西北: "西安 兰州 西宁 银川 乌鲁木齐",
};

const BY_CITY = new Map<string, Region>(
  Object.entries(CITIES).flatMap(([region, list]) => list.split(" ").map((city) => [city, region as Region])),
);

export const OTHER_REGION = "其他";

/** "北京" and "北京市" both map to 华北. */
export function regionOfCity(city: string): Region | typeof OTHER_REGION {
  const name = city.trim().replace(/市$/, "");
  return BY_CITY.get(name) ?? OTHER_REGION;
}
