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
    noDoseDue: t("chart.noDoseDue"),
    noneTaken: t("chart.noneTaken"),
    someTaken: t("chart.someTaken"),
    mostTaken: t("chart.mostTaken"),
    allTaken: t("chart.allTaken"),
  };
}
