import { Link } from "react-router";
import { useI18n } from "../i18n/i18n";

/** Also what a clinician sees for a patient outside their clinic: the API never says it exists. */
export function NotFoundPage({ what }: { what?: "patient" }) {
  const { t } = useI18n();
  return (
    <section className="page narrow" data-testid="not-found">
      <h1>{t(what === "patient" ? "notFound.patient.title" : "notFound.title")}</h1>
      <p>{t(what === "patient" ? "notFound.patient.body" : "notFound.body")}</p>
      <p>
        <Link to="/">{t("notFound.back")}</Link>
      </p>
    </section>
  );
}
