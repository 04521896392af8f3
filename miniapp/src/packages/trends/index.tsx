import "./index.css";
import { DEFAULT_THRESHOLDS, localDateOf } from "@steady/shared";
import { View } from "@tarojs/components";
import { useState } from "react";
import { BackButton } from "../../components/BackButton";
import { Choice } from "../../components/Field";
import { Screen } from "../../components/Screen";
import { calendarWithLocal, dayMark, type Scale, scaleFor, streak } from "../../lib/trends-model";
import { useApp } from "../../state/store";
import { DAY, type Range, type TrendsData, useTrendsData } from "./use-trends";

// Charts are drawn with plain views (no chart library): a few dozen absolutely placed dots
// and a shaded target band, so this subpackage stays a few kilobytes.

const MARK_SYMBOL = { all: "✓", some: "◐", none: "✗", nodose: "·" } as const;
/** 0 for a Monday … 6 for a Sunday (a calendar date, zone-free). */
const mondayIndex = (date: string | undefined) =>
  date ? (new Date(`${date}T00:00:00Z`).getUTCDay() + 6) % 7 : 0;

function Chart(props: {
  testId: string;
  from: number;
  to: number;
  scale: Scale;
  /** Shaded target range (one series only: a band shared by two series would mislead). */
  band?: [number, number];
  /** Values labelled on the left edge, so the scale reads beyond the targets. */
  ticks?: number[];
  series: Array<{ points: Array<{ id: string; at: number; v: number }>; className: string }>;
  /** Extra dashed reference lines (e.g. the diastolic target). */
  lines?: number[];
}) {
  const x = (at: number) => ((at - props.from) / (props.to - props.from || 1)) * 100;
  const top = (v: number) => `${(1 - props.scale.y(v)) * 100}%`;
  return (
    <View className="chart" data-testid={props.testId}>
      {props.band ? (
        <>
          <View
            className="chart-band"
            style={{
              top: top(props.band[1]),
              height: `${(props.scale.y(props.band[1]) - props.scale.y(props.band[0])) * 100}%`,
            }}
          />
          <View className="chart-axis" style={{ top: top(props.band[1]) }}>
            {props.band[1]}
          </View>
          <View className="chart-axis" style={{ top: top(props.band[0]) }}>
            {props.band[0]}
          </View>
        </>
      ) : null}
      {(props.ticks ?? []).map((v) => (
        <View key={`tick-${v}`} className="chart-tick" style={{ top: top(v) }} data-testid="chart-tick">
          {v}
        </View>
      ))}
      {(props.lines ?? []).map((v) => (
        <View key={v}>
          <View className="chart-line" style={{ top: top(v) }} />
          <View className="chart-axis" style={{ top: top(v) }}>
            {v}
          </View>
        </View>
      ))}
      {props.series.flatMap((s) =>
        s.points.map((p) => (
          <View
            key={`${s.className}-${p.id}`}
            className={`chart-dot ${s.className}`}
            style={{ left: `${x(p.at)}%`, top: top(p.v) }}
          />
        )),
      )}
    </View>
  );
}

type Calendar = ReturnType<typeof calendarWithLocal>;
const pct = (x: number | null | undefined) => (x == null ? "—" : `${Math.round(x * 100)}%`);
const mean = (xs: number[]) => (xs.length ? Math.round(xs.reduce((a, b) => a + b, 0) / xs.length) : 0);

/** The BP readings: averages, the highest, and both targets as dashed lines (no band: see below). */
function BpCard({ data, from, to }: { data: TrendsData; from: number; to: number }) {
  const { t } = useApp();
  const target = data.summary.bp.target ?? {
    systolic: DEFAULT_THRESHOLDS.bp.homeTargetSystolic,
    diastolic: DEFAULT_THRESHOLDS.bp.homeTargetDiastolic,
  };
  // The BP chart shades "below the systolic target" down to a floor under the lowest reading.
  const bpFloor = 60;
  const points = data.bp.map((r) => ({
    id: r.id,
    at: Date.parse(r.measuredAt),
    s: r.systolic,
    d: r.diastolic,
  }));
  // No green band for BP: one band for two series made a diastolic 115 sit "in the green".
  // Dashed lines mark both targets; ticks every 20 mmHg label the scale up to the highest reading.
  const scale = scaleFor(
    points.flatMap((p) => [p.s, p.d]),
    [bpFloor, target.systolic],
  );
  const ticks: number[] = [];
  for (let v = Math.ceil(scale.min / 20) * 20; v <= scale.max; v += 20) ticks.push(v);
  return (
    <View className="card">
      <View className="h2">{t("trends.bp")}</View>
      {points.length ? (
        <>
          <View className="p">
            {t("trends.avgBp", { s: mean(points.map((p) => p.s)), d: mean(points.map((p) => p.d)) })} ·{" "}
            {t("trends.highest", { v: `${Math.max(...points.map((p) => p.s))}` })}
          </View>
          <Chart
            testId="chart-bp"
            from={from}
            to={to}
            lines={[target.systolic, target.diastolic]}
            ticks={ticks}
            scale={scale}
            series={[
              { className: "dot-sys", points: points.map((p) => ({ id: p.id, at: p.at, v: p.s })) },
              { className: "dot-dia", points: points.map((p) => ({ id: p.id, at: p.at, v: p.d })) },
            ]}
          />
          <View className="legend">{t("trends.bpLegend", { s: target.systolic, d: target.diastolic })}</View>
        </>
      ) : (
        <View className="muted">{t("trends.noData")}</View>
      )}
    </View>
  );
}

/** The glucose readings: the highest, and the target range as a shaded band. */
function GlucoseCard({ data, from, to }: { data: TrendsData; from: number; to: number }) {
  const { t } = useApp();
  const g = DEFAULT_THRESHOLDS.glucose;
  const points = data.glucose.map((r) => ({ id: r.id, at: Date.parse(r.measuredAt), v: r.value }));
  return (
    <View className="card">
      <View className="h2">{t("trends.glucose")}</View>
      {points.length ? (
        <>
          <View className="p">{t("trends.highest", { v: Math.max(...points.map((p) => p.v)) })}</View>
          <Chart
            testId="chart-glucose"
            from={from}
            to={to}
            band={[g.rangeLow, g.rangeHigh]}
            scale={scaleFor(
              points.map((p) => p.v),
              [g.rangeLow, g.rangeHigh],
            )}
            series={[{ className: "dot-glu", points }]}
          />
          <View className="legend">
            ▭ {t("trends.target")} {g.rangeLow}–{g.rangeHigh}
          </View>
        </>
      ) : (
        <View className="muted">{t("trends.noData")}</View>
      )}
    </View>
  );
}

/** The days as a month grid, weeks starting on Monday, each day marked with a symbol as well as colour. */
function CalendarGrid({ calendar }: { calendar: Calendar }) {
  const { t } = useApp();
  return (
    <View className="calendar" data-testid="calendar-grid">
      {t("trends.weekdays")
        .split(",")
        .map((w) => (
          <View key={w} className="cal-head" data-testid="cal-weekday">
            {w}
          </View>
        ))}
      {/* Blank cells put the first day under its weekday (weeks start on Monday). */}
      {Array.from({ length: mondayIndex(calendar[0]?.date) }, (_, i) => (
        <View key={`blank-${i}`} className="cal-blank" />
      ))}
      {calendar.map((d, i) => {
        const mark = dayMark(d);
        const day = Number(d.date.slice(8));
        // The month is written on the first day shown and on each 1st.
        const month = i === 0 || day === 1 ? t("trends.month", { m: Number(d.date.slice(5, 7)) }) : null;
        return (
          <View key={d.date} className={`cal-day cal-${mark}`} aria-label={`${d.date} ${d.taken}/${d.due}`}>
            {month ? (
              <View className="cal-month" data-testid="cal-month">
                {month}
              </View>
            ) : null}
            <View className="cal-date">{day}</View>
            <View className="cal-mark">{MARK_SYMBOL[mark]}</View>
          </View>
        );
      })}
    </View>
  );
}

/** Doses over the range: the streak, the rate, and the calendar, with this phone's own doses on top. */
function AdherenceCard({ data, days, now }: { data: TrendsData; days: number; now: number }) {
  const { state, t } = useApp();
  // The server's days with this phone's own doses on top (taken offline, not uploaded yet).
  const serverCalendar = data.summary.calendar ?? [];
  const calendar = calendarWithLocal(serverCalendar, {
    queue: state.queue,
    settled: state.settled,
    today: state.today,
    askedAt: data.askedAt,
    now,
    tz: state.tz,
  });
  const today = localDateOf(now, state.tz);
  // With doses of this phone on the calendar, the rate is recounted from the same days (taken ÷
  // due slots, as the server counts it) so the two never disagree on screen.
  const changed = calendar.some((d, i) => d !== serverCalendar[i]);
  const dueSum = calendar.reduce((n, d) => n + d.due, 0);
  const adherenceRate =
    changed && dueSum > 0 ? calendar.reduce((n, d) => n + d.taken, 0) / dueSum : data.summary.doseAdherence;
  return (
    <View className="card" data-testid="adherence-calendar">
      <View className="h2">{t("trends.adherence", { n: days })}</View>
      <View className="p strong" data-testid="streak">
        ★ {t("trends.streak", { n: streak(calendar, today) })}
      </View>
      <View className="p" data-testid="adherence-rate">
        {t("trends.adherenceRate", { p: pct(adherenceRate) })}
      </View>
      <CalendarGrid calendar={calendar} />
      <View className="legend">
        {t("trends.legendAll")} · {t("trends.legendSome")} · {t("trends.legendNone")} ·{" "}
        {t("trends.legendNoDose")}
      </View>
    </View>
  );
}

export default function Trends() {
  const { state, store, t } = useApp();
  const [range, setRange] = useState<Range>("30");
  const { data, error, load } = useTrendsData(range);
  const now = store.now();
  const days = Number(range);
  const from = now - days * DAY;
  const tip = data?.tip ? (state.prefs.locale === "en" ? data.tip.en : data.tip.zh) : null;

  return (
    <Screen testId="page-trends">
      <BackButton fallback="/pages/today/index" />
      <View className="h1">{t("trends.title")}</View>
      <Choice
        name="range"
        label=""
        value={range}
        options={(["7", "30", "90"] as const).map((n) => ({ value: n, label: t("trends.days", { n }) }))}
        onChange={(r) => {
          setRange(r);
          void load(r);
        }}
      />
      {error ? <View className="notice">{t("common.error", { msg: error })}</View> : null}
      {!data && !error ? <View className="muted">{t("common.loading")}</View> : null}
      {data ? (
        <>
          <BpCard data={data} from={from} to={now} />
          <GlucoseCard data={data} from={from} to={now} />
          <AdherenceCard data={data} days={days} now={now} />
        </>
      ) : null}
      {tip ? (
        <View className="card" data-testid="weekly-tip">
          <View className="h2">★ {t("trends.tip")}</View>
          <View className="h2">{tip.title}</View>
          <View className="p">{tip.body}</View>
        </View>
      ) : null}
    </Screen>
  );
}
