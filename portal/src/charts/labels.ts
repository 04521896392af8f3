import type { MessageKey } from "../i18n/i18n";
import type { ChartLabels } from "../lib/chart-options";

export function chartLabels(t: (k: MessageKey) => string): ChartLabels {
  return {
    systolic: t("chart.systolic"),
    diastolic: t("chart.diastolic"),
    target: t("chart.target"),
    grade3: t("chart.grade3"),
    glucose: t("chart.glucose"),
    range: t("chart.range"),
    hypo: t("chart.hypo"),
    hypoL2: t("chart.hypoL2"),
    targetSystolic: t("chart.targetSystolic"),
    targetDiastolic: t("chart.targetDiastolic"),
    high: t("chart.high"),
    veryHigh: t("chart.veryHigh"),
    context: {
      fasting: t("chart.context.fasting"),
      before_meal: t("chart.context.before_meal"),
      after_meal_2h: t("chart.context.after_meal_2h"),
      bedtime: t("chart.context.bedtime"),
      random: t("chart.context.random"),
    },
    noDoseDue: t("chart.noDoseDue"),
    noneTaken: t("chart.noneTaken"),
    someTaken: t("chart.someTaken"),
    mostTaken: t("chart.mostTaken"),
    allTaken: t("chart.allTaken"),
  };
}
