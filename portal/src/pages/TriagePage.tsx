// Home: the clinic's patients, most in need first, each saying why. The whole list is loaded once
// and narrowed in the browser; only the rows on screen are rendered (2,000 patients stay smooth).
import { CONDITION_FILTERS, formatReason, type TriageTier } from "@steady/shared";
import { useVirtualizer } from "@tanstack/react-virtual";
import { type KeyboardEvent, useEffect, useMemo, useRef, useState } from "react";
import { Link, useNavigate, useSearchParams } from "react-router";
import { type TriageRowView, useTriage } from "../api/queries";
import { Meter } from "../components/Meter";
import { QueryState } from "../components/QueryState";
import { TIER_SYMBOL, TierBadge } from "../components/TierBadge";
import { useI18n } from "../i18n/i18n";
import { bpText, formatShortDateTime, relativeDay } from "../lib/format";
import {
  conditionCounts,
  doctorsOf,
  filterFromParams,
  filterToParams,
  filterTriage,
  TIERS,
  type TriageFilter,
  tierCounts,
} from "../lib/triage-filter";
import { alertKindKey } from "./patient/AttentionSection";

const ROW_HEIGHT = 64;

export function TriagePage() {
  const { t, locale } = useI18n();
  const triage = useTriage();
  const [params, setParams] = useSearchParams();
  // The search text lives in the page as typed and is mirrored into the URL. Read back from the
  // URL, a fast typist's next key could arrive before the URL caught up and be lost.
  const [q, setQ] = useState(() => filterFromParams(params).q);
  const filter = useMemo(() => ({ ...filterFromParams(params), q }), [params, q]);
  const rows = useMemo(() => triage.data ?? [], [triage.data]);
  const shown = useMemo(() => filterTriage(rows, filter), [rows, filter]);
  const counts = useMemo(() => tierCounts(rows, filter), [rows, filter]);
  const byCondition = useMemo(() => conditionCounts(rows, filter), [rows, filter]);
  const doctors = useMemo(() => doctorsOf(rows), [rows]);
  const searchRef = useRef<HTMLInputElement>(null);

  const setFilter = (next: Partial<TriageFilter>) =>
    setParams(filterToParams({ ...filter, ...next }), { replace: true });

  // "/" jumps to the search box from anywhere on the page.
  useEffect(() => {
    const onKey = (e: globalThis.KeyboardEvent) => {
      const target = e.target as HTMLElement | null;
      if (e.key === "/" && !target?.closest("input, textarea, select")) {
        e.preventDefault();
        searchRef.current?.focus();
      }
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, []);

  const exportParams = new URLSearchParams(filterToParams(filter));
  exportParams.set("lang", locale);

  return (
    <section className="page triage" aria-labelledby="triage-title">
      <div className="page-head">
        <h1 id="triage-title">{t("triage.title")}</h1>
        <p className="muted">{t("triage.subtitle")}</p>
      </div>
      <div className="toolbar">
        <label className="search">
          <span className="visually-hidden">{t("triage.search")}</span>
          <input
            ref={searchRef}
            type="search"
            placeholder={t("triage.searchPlaceholder")}
            value={q}
            onChange={(e) => {
              setQ(e.target.value);
              setFilter({ q: e.target.value });
            }}
          />
        </label>
        <fieldset className="segmented" aria-label={t("triage.tierFilter")}>
          {(["all", ...TIERS] as const).map((tier) => (
            <button
              key={tier}
              type="button"
              aria-pressed={filter.tier === tier}
              className={tier === "all" ? "" : `tier-${tier}`}
              onClick={() => setFilter({ tier })}
            >
              {tier !== "all" && <span aria-hidden="true">{TIER_SYMBOL[tier]} </span>}
              {t(tier === "all" ? "triage.all" : `tier.${tier}`)}{" "}
              <span className="count">{counts[tier]}</span>
            </button>
          ))}
        </fieldset>
        {doctors.length > 1 && (
          <label>
            <span className="visually-hidden">{t("triage.doctor")}</span>
            <select value={filter.doctor} onChange={(e) => setFilter({ doctor: e.target.value })}>
              <option value="all">{t("triage.allDoctors")}</option>
              {doctors.map((d) => (
                <option key={d} value={d}>
                  {d}
                </option>
              ))}
            </select>
          </label>
        )}
        <label>
          <span className="visually-hidden">{t("triage.conditionFilter")}</span>
          <select
            value={filter.condition}
            onChange={(e) => setFilter({ condition: e.target.value as TriageFilter["condition"] })}
          >
            {(["all", ...CONDITION_FILTERS] as const).map((c) => (
              <option key={c} value={c}>
                {t(`condition.filter.${c}`)} ({byCondition[c]})
              </option>
            ))}
          </select>
        </label>
        <span className="spacer" />
        <a className="button" href={`/api/v1/patients/export.csv?${exportParams}`} download>
          {t("triage.exportCsv")}
        </a>
      </div>
      <QueryState query={triage}>
        {() => (
          <>
            <p className="muted small" aria-live="polite">
              {t("triage.showing", { shown: shown.length, total: rows.length })}
              <span className="hint"> · {t("triage.keys")}</span>
            </p>
            <TriageTable rows={shown} locale={locale} />
          </>
        )}
      </QueryState>
    </section>
  );
}

function TriageTable({ rows, locale }: { rows: TriageRowView[]; locale: "zh-CN" | "en" }) {
  const { t } = useI18n();
  const scrollRef = useRef<HTMLDivElement>(null);
  const [active, setActive] = useState(0);
  const navigate = useNavigate();
  const now = Date.now();
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 8,
  });

  // A mark for the bench: the first rows of the list are on screen.
  const painted = useRef(false);
  useEffect(() => {
    if (painted.current || rows.length === 0) return;
    painted.current = true;
    requestAnimationFrame(() => requestAnimationFrame(() => performance.mark("steady:triage-rows-painted")));
  }, [rows.length]);

  useEffect(() => {
    if (active >= rows.length) setActive(Math.max(0, rows.length - 1));
  }, [rows.length, active]);

  function focusRow(i: number) {
    const index = Math.max(0, Math.min(rows.length - 1, i));
    setActive(index);
    virtualizer.scrollToIndex(index, { align: "auto" });
    // The row may only exist after the scroll has rendered it.
    requestAnimationFrame(() =>
      scrollRef.current
        ?.querySelector<HTMLAnchorElement>(`tr[data-index="${index}"] a`)
        ?.focus({ preventScroll: true }),
    );
  }

  function onKeyDown(e: KeyboardEvent) {
    const page = Math.max(1, Math.floor((scrollRef.current?.clientHeight ?? 600) / ROW_HEIGHT) - 1);
    const moves: Record<string, number> = {
      ArrowDown: active + 1,
      ArrowUp: active - 1,
      PageDown: active + page,
      PageUp: active - page,
      Home: 0,
      End: rows.length - 1,
    };
    const next = moves[e.key];
    if (next !== undefined) {
      e.preventDefault();
      focusRow(next);
    }
  }

  if (!rows.length) return <p className="empty">{t("triage.empty")}</p>;

  // Only the rows in view are in the DOM; spacer rows above and below keep the scroll height.
  const items = virtualizer.getVirtualItems();
  const before = items[0]?.start ?? 0;
  const after = virtualizer.getTotalSize() - (items.at(-1)?.end ?? 0);

  return (
    // biome-ignore lint/a11y/noStaticElementInteractions: arrow keys move focus between the row links inside
    <div ref={scrollRef} className="table triage-table" onKeyDown={onKeyDown}>
      <table aria-label={t("triage.title")} aria-rowcount={rows.length + 1}>
        <colgroup>
          <col className="c-tier" />
          <col className="c-name" />
          <col className="c-reasons" />
          <col className="c-meter" />
          <col className="c-meter" />
          <col className="c-bp" />
          <col className="c-last" />
        </colgroup>
        <thead>
          <tr aria-rowindex={1}>
            <th scope="col">{t("triage.col.tier")}</th>
            <th scope="col">{t("triage.col.name")}</th>
            <th scope="col">{t("triage.col.reasons")}</th>
            <th scope="col">{t("triage.col.adherence")}</th>
            <th scope="col">{t("triage.col.covered")}</th>
            <th scope="col">{t("triage.col.bp")}</th>
            <th scope="col">{t("triage.col.last")}</th>
          </tr>
        </thead>
        <tbody>
          {before > 0 && (
            <tr className="spacer-row" style={{ height: before }}>
              <td colSpan={7} />
            </tr>
          )}
          {items.map((item) => {
            const r = rows[item.index] as TriageRowView;
            const reasons = r.reasonCodes.map((code) => formatReason(code, locale));
            // The alert that put the patient where they are (ADR 0012), with when it came in.
            const lead = r.urgentAlert
              ? `${t(alertKindKey(r.urgentAlert.kind))} ${formatShortDateTime(r.urgentAlert.raisedAt, locale)}`
              : null;
            return (
              <tr
                key={r.patientId}
                aria-rowindex={item.index + 2}
                data-index={item.index}
                data-testid="triage-row"
                data-tier={r.tier}
                data-condition={r.condition ?? "unset"}
                className={`tier-row-${r.tier}${item.index === active ? " active" : ""}`}
                style={{ height: ROW_HEIGHT }}
                onClick={(e) => {
                  if ((e.target as HTMLElement).closest("a")) return;
                  navigate(`/patients/${r.patientId}`);
                }}
              >
                <td>
                  <TierBadge tier={r.tier as TriageTier} />
                </td>
                <td className="name">
                  <Link
                    to={`/patients/${r.patientId}`}
                    tabIndex={item.index === active ? 0 : -1}
                    onFocus={() => setActive(item.index)}
                  >
                    {r.name}
                  </Link>
                  {/* The column is narrow: the condition in short first, in full on hover. */}
                  <span className="muted small" title={t(`condition.${r.condition ?? "unset"}`)}>
                    {t(`condition.short.${r.condition ?? "unset"}`)} · {r.doctorName}
                  </span>
                </td>
                <td title={[lead, ...reasons].filter(Boolean).join("\n")}>
                  <div className="reasons">
                    {lead && (
                      <strong className="lead-alert" data-testid="lead-alert">
                        ▲ {lead} ·{" "}
                      </strong>
                    )}
                    {reasons.length ? (
                      reasons.join(" · ")
                    ) : (
                      <span className="muted">{t("triage.noReason")}</span>
                    )}
                  </div>
                </td>
                <td>
                  <Meter value={r.doseAdherence14d} goal={0.8} label={t("triage.col.adherence")} />
                </td>
                <td>
                  <Meter value={r.daysCovered30d} goal={0.8} label={t("triage.col.covered")} />
                </td>
                <td className="num">{bpText(r.bpMean7d)}</td>
                <td>{relativeDay(r.lastActivityAt, now, locale)}</td>
              </tr>
            );
          })}
          {after > 0 && (
            <tr className="spacer-row" style={{ height: after }}>
              <td colSpan={7} />
            </tr>
          )}
        </tbody>
      </table>
    </div>
  );
}
