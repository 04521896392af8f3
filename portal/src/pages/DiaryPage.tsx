// The patient's month on one printed page (用药日记, issue 13 item 6): dose calendar, BP and glucose
// readings with the out-of-range ones marked, side effects the patient reported and the month's
// self-report. Print CSS (styles.css `.diary` under @media print) fits it to one A4 page, so the
// browser's Print → PDF gives the doctor one sheet.
import { DIARY_MARKS, type DiaryDayState, diaryDayState } from "@steady/shared";
import { Link, useParams, useSearchParams } from "react-router";
import { type DiaryView, useDiary, useSummary } from "../api/queries";
import { QueryFallback } from "../components/QueryState";
import { useI18n } from "../i18n/i18n";
import { percent } from "../lib/format";
import { NotFoundPage } from "./NotFoundPage";

type Day = DiaryView["days"][number];

/** One glyph per day, so the calendar reads without colour (printed in black and white). */
export function dayMark(d: Day): { mark: string; kind: DiaryDayState } {
  const kind = diaryDayState(d);
  return { mark: DIARY_MARKS[kind], kind };
}

function Calendar({ diary }: { diary: DiaryView }) {
  const { locale } = useI18n();
  const first = new Date(`${diary.from}T00:00:00Z`);
  const lead = (first.getUTCDay() + 6) % 7; // weeks start on Monday (China)
  const lastDay = Number(diary.to.slice(8));
  const byDate = new Map(diary.days.map((d) => [d.date, d]));
  const weekdays =
    locale === "en"
      ? ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
      : ["一", "二", "三", "四", "五", "六", "日"];
  // Blank cells before the 1st are keyed by their weekday; dated cells by their date.
  const cells: { key: string; date: string | null }[] = [
    ...Array.from({ length: lead }, (_, i) => ({ key: `lead-${i}`, date: null })),
    ...Array.from({ length: lastDay }, (_, i) => {
      const date = `${diary.month}-${String(i + 1).padStart(2, "0")}`;
      return { key: date, date };
    }),
  ];
  return (
    <table className="diary-cal" data-testid="diary-calendar">
      <thead>
        <tr>
          {weekdays.map((w) => (
            <th scope="col" key={w}>
              {w}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {Array.from({ length: Math.ceil(cells.length / 7) }, (_, w) => (
          <tr key={cells[w * 7]?.key}>
            {cells.slice(w * 7, w * 7 + 7).map(({ key, date }) => {
              if (!date) return <td key={key} />;
              const d = byDate.get(date);
              const m = d ? dayMark(d) : null;
              return (
                <td
                  key={key}
                  className={`diary-day ${m ? `is-${m.kind}` : "is-future"}`}
                  data-testid={`diary-day-${date}`}
                  title={d ? `${d.taken}/${d.due}` : undefined}
                >
                  <b>{Number(date.slice(8))}</b> {m?.mark ?? ""}
                </td>
              );
            })}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export default function DiaryPage() {
  const { id = "" } = useParams();
  const [params, setParams] = useSearchParams();
  const month = params.get("month") ?? undefined;
  const diary = useDiary(id, month);
  const summary = useSummary(id);
  const { t, locale } = useI18n();

  if (!diary.isSuccess) return <QueryFallback query={diary} notFound={<NotFoundPage what="patient" />} />;
  const d = diary.data;
  // Readings in the patient's own zone (the diary is their month), whatever the printing browser's zone.
  const fmt = new Intl.DateTimeFormat(locale === "en" ? "en-GB" : "zh-CN", {
    timeZone: d.timezone,
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    hour12: false,
  });
  const time = (iso: string) => fmt.format(new Date(iso)).replace(",", "");

  return (
    <article className="report diary" data-testid="diary">
      <div className="no-print report-tools">
        <Link to={`/patients/${id}`}>← {t("report.back")}</Link>
        <label>
          {t("diary.month")}{" "}
          <input
            type="month"
            value={month ?? diary.data?.month ?? ""}
            onChange={(e) => e.target.value && setParams({ month: e.target.value })}
          />
        </label>
        <button type="button" className="primary" onClick={() => window.print()}>
          {t("report.print")}
        </button>
      </div>
      <header className="report-head">
        <h1>
          {summary.data?.patient.name ?? ""}{" "}
          <span className="muted">
            · {t("diary.title")} · {d.month}
          </span>
        </h1>
        <p className="small muted right">
          {t("diary.doses", { due: d.doses.due, taken: d.doses.taken, pct: percent(d.doses.adherence) })}
        </p>
      </header>

      <section>
        <h2>{t("diary.calendar")}</h2>
        <Calendar diary={d} />
        <p className="small muted">{t("diary.legend")}</p>
      </section>

      <section>
        <h2>{t("diary.bp", { sys: d.bpTarget.systolic, dia: d.bpTarget.diastolic })}</h2>
        {d.bp.length === 0 ? (
          <p className="muted">{t("diary.none")}</p>
        ) : (
          <ul className="diary-readings" data-testid="diary-bp">
            {d.bp.map((r) => (
              <li key={r.id} className={r.outOfRange ? "bad" : undefined}>
                <span className="muted">{time(r.measuredAt)}</span> {r.systolic}/{r.diastolic}
                {r.outOfRange && <span title={t("diary.out")}> ▲</span>}
              </li>
            ))}
          </ul>
        )}
      </section>

      <section>
        <h2>{t("diary.glucose", { low: d.glucoseRange.low })}</h2>
        {d.glucose.length === 0 ? (
          <p className="muted">{t("diary.none")}</p>
        ) : (
          <ul className="diary-readings" data-testid="diary-glucose">
            {d.glucose.map((r) => (
              <li key={r.id} className={r.outOfRange ? "bad" : undefined}>
                <span className="muted">{time(r.measuredAt)}</span> {r.value}
                {r.outOfRange && (
                  <span title={t("diary.out")}> {r.category.startsWith("hypo") ? "▼" : "▲"}</span>
                )}
              </li>
            ))}
          </ul>
        )}
      </section>

      <div className="report-row">
        <section>
          <h2>{t("diary.sideEffects")}</h2>
          {d.sideEffects.length === 0 ? (
            <p className="muted">{t("diary.none")}</p>
          ) : (
            <ul data-testid="diary-side-effects">
              {d.sideEffects.map((s) => (
                <li key={s.id}>
                  {s.awareAt.slice(5, 10)} {[...s.symptoms, s.description].filter(Boolean).join("；")}
                </li>
              ))}
            </ul>
          )}
        </section>
        <section>
          <h2>{t("diary.selfReport")}</h2>
          <p data-testid="diary-self-report">
            {d.selfReport
              ? d.selfReport.score == null
                ? t("selfReport.incomplete")
                : `${t("selfReport.latest", { month: d.month, score: d.selfReport.score })} ${d.selfReport.perfect ? t("selfReport.perfect") : ""}`
              : t("diary.notAnswered")}
          </p>
        </section>
      </div>
    </article>
  );
}
