// One safety case for the officer: dates, source, validity, seriousness as reported and as
// triaged, special situations, drugs, events in the reporter's words, reporter, follow-ups and
// the audit trail; then the work on it: triage (If-Match; a 412 shows what changed meanwhile and
// keeps the officer's edits to save again), forward, acknowledgement, not forwarded, a follow-up
// question, and the exports.
import {
  type CasePatchBody,
  droppedCriteria,
  type EventOutcome,
  type SeriousnessCriterion,
} from "@steady/shared";
import { type FormEvent, useState } from "react";
import { Link, useParams } from "react-router";
import { uuidv7 } from "uuidv7";
import { ApiError } from "../api/client";
import {
  caseDownloads,
  getCase,
  type SafetyCase,
  useAcknowledgeCase,
  useCaseAudit,
  useCaseFollowUp,
  useForwardCase,
  useSafetyCase,
  useTriageCase,
} from "../api/safety";
import { QueryFallback, QueryState } from "../components/QueryState";
import { ErrorBox } from "../components/Status";
import { formatDateTime } from "../lib/format";
import { NotFoundPage } from "../pages/NotFoundPage";
import { type Causality, CausalityChoice, OutcomeChoice, SeriousnessTicks } from "./pickers";
import { type SafetyWord, useSafetyWords } from "./words";

type W = ReturnType<typeof useSafetyWords>["w"];

const TRIAGE_FIELDS = ["seriousness", "causalityAssessed", "outcome", "narrative", "status"] as const;

/** Triage fields that differ between the case the officer started from and the case now. */
export function changedFields(before: SafetyCase, now: SafetyCase): string[] {
  return TRIAGE_FIELDS.filter((f) => JSON.stringify(before[f] ?? null) !== JSON.stringify(now[f] ?? null));
}

export default function CasePage() {
  const { id = "" } = useParams();
  const { w, locale } = useSafetyWords();
  const got = useSafetyCase(id);
  if (!got.isSuccess) return <QueryFallback query={got} notFound={<NotFoundPage />} />;
  const c = got.data.data;
  const dl = caseDownloads(c.id);
  const when = (iso: string | null | undefined) => (iso ? formatDateTime(iso, locale) : "—");
  // What the reporter said; the triaged list always contains it.
  const reported = c.seriousnessReported;

  return (
    <article className="page safety-case" aria-labelledby="case-title" data-testid="case-page">
      <header className="page-head">
        <div>
          <p className="breadcrumb">
            <Link to="/safety">{w("case.back")}</Link>
          </p>
          <h1 id="case-title">
            {c.caseNumber} <span className="muted">· {w(`status.${c.status}` as SafetyWord)}</span>
          </h1>
          {c.mahCaseId && (
            <p>
              {w("case.mah")}: <strong data-testid="mah-case-id">{c.mahCaseId}</strong>
            </p>
          )}
        </div>
        <div className="actions">
          <span className="small muted">{w("case.downloads")}:</span>
          <a className="button" href={dl.e2b} download>
            {w("case.e2b")}
          </a>
          <a className="button" href={dl.fhir} download>
            {w("case.fhir")}
          </a>
        </div>
      </header>

      <div className="two-col">
        <section className="card" aria-labelledby="dates-title">
          <h2 id="dates-title">{w("case.dates")}</h2>
          <dl className="facts" data-testid="case-dates">
            <dt>{w("case.awareAt")}</dt>
            <dd>{when(c.awareAt)}</dd>
            <dt>{w("case.day0")}</dt>
            <dd>{when(c.day0)}</dd>
            <dt>{w("case.receivedAt")}</dt>
            <dd>{when(c.receivedAt)}</dd>
            {c.latestInfoAt && (
              <>
                <dt>{w("case.latestInfoAt")}</dt>
                <dd>{when(c.latestInfoAt)}</dd>
              </>
            )}
            <dt>{w("case.forwardDueAt")}</dt>
            <dd>{when(c.forwardDueAt)}</dd>
            <dt>{w("case.regulatoryDueAt")}</dt>
            <dd>{when(c.regulatoryDueAt)}</dd>
            {c.forwardedAt && (
              <>
                <dt>{w("case.forwardedAt")}</dt>
                <dd>{when(c.forwardedAt)}</dd>
              </>
            )}
          </dl>
        </section>
        <section className="card" aria-labelledby="facts-title">
          <h2 id="facts-title">{w("case.source")}</h2>
          <dl className="facts">
            <dt>{w("case.source")}</dt>
            <dd>{w(`source.${c.source}` as SafetyWord)}</dd>
            <dt>{w("case.validity")}</dt>
            <dd data-testid="case-validity">
              {c.valid
                ? `✓ ${w("case.valid")}`
                : `✗ ${w("case.missing", {
                    what: c.missing.map((m) => (isMissingWord(m) ? w(`missing.${m}`) : m)).join("、"),
                  })}`}
            </dd>
            <dt>{w("case.seriousness")}</dt>
            <dd data-testid="case-seriousness">
              {w("case.reported")}: {criteriaText(reported, w)}
              <br />
              {w("case.triaged")}: {criteriaText(c.seriousness, w)}
            </dd>
            <dt>{w("case.situations")}</dt>
            <dd>
              {c.specialSituations.length
                ? c.specialSituations.map((s) => w(`situation.${s}` as SafetyWord)).join("、")
                : w("case.none")}
            </dd>
            <dt>{w("case.reporter")}</dt>
            <dd>
              {c.reporterQualification ? w(`qual.${c.reporterQualification}` as SafetyWord) : "—"}
              {c.reporter?.name ? ` · ${c.reporter.name}` : ""}
              {c.reporter?.contact ? ` · ${c.reporter.contact}` : ""}
            </dd>
            <dt>{w("case.patient")}</dt>
            <dd>
              {[
                c.patient.ref,
                c.patient.initials,
                c.patient.sex ? (isSex(c.patient.sex) ? w(`sex.${c.patient.sex}`) : c.patient.sex) : null,
                c.patient.ageYears != null ? `${c.patient.ageYears}` : c.patient.ageGroup,
              ]
                .filter(Boolean)
                .join(" · ")}
            </dd>
          </dl>
        </section>
      </div>

      <section className="card" aria-labelledby="events-title">
        <h2 id="events-title">{w("case.events")}</h2>
        <ul className="plain timeline" data-testid="case-events">
          {c.events.map((e) => (
            <li key={`${e.verbatim}|${e.onsetOn ?? ""}|${e.outcome ?? ""}`}>
              <q>{e.verbatim}</q>
              <span className="small muted">
                {[
                  e.onsetOn,
                  e.endedOn ? `→ ${e.endedOn}` : null,
                  e.outcome ? w(`outcome.${e.outcome}`) : null,
                  e.seriousness?.length ? criteriaText(e.seriousness, w) : null,
                ]
                  .filter(Boolean)
                  .map((x) => ` · ${x}`)
                  .join("")}
              </span>
            </li>
          ))}
        </ul>
        {c.description && (
          <p>
            <strong>{w("case.description")}:</strong> {c.description}
          </p>
        )}
        <div className="two-col">
          <DrugList title={w("case.suspect")} drugs={c.suspectDrugs} />
          <DrugList title={w("case.concomitant")} drugs={c.concomitantDrugs} />
        </div>
      </section>

      {c.source === "screening" && c.status === "new" && (
        <ScreeningReview key={`screen-${got.data.etag}`} c={c} etag={got.data.etag} />
      )}

      <div className="two-col">
        <TriageForm key={`${c.id}-${got.data.etag}`} current={c} etag={got.data.etag} reported={reported} />
        <Actions c={c} etag={got.data.etag} />
      </div>

      <FollowUps c={c} />
      <Audit id={c.id} />
    </article>
  );
}

const isMissingWord = (m: string): m is "patient" | "reporter" | "drug" | "event" =>
  ["patient", "reporter", "drug", "event"].includes(m);
const isSex = (s: string): s is "female" | "male" | "unknown" => ["female", "male", "unknown"].includes(s);
const criteriaText = (list: readonly SeriousnessCriterion[], w: W) =>
  list.length ? list.map((s) => w(`seriousness.${s}` as SafetyWord)).join("、") : w("case.none");

function DrugList({ title, drugs }: { title: string; drugs: SafetyCase["suspectDrugs"] }) {
  const { w } = useSafetyWords();
  return (
    <div>
      <h3>{title}</h3>
      {drugs.length ? (
        <ul className="plain">
          {drugs.map((d) => (
            <li key={`${d.name}|${d.dose ?? ""}|${d.startedOn ?? ""}`}>
              {d.name}
              {d.dose ? ` ${d.dose}` : ""}
              {d.startedOn ? <span className="muted small"> · {d.startedOn}</span> : null}
            </li>
          ))}
        </ul>
      ) : (
        <p className="muted">{w("case.none")}</p>
      )}
    </div>
  );
}

function TriageForm({
  current,
  etag,
  reported,
}: {
  current: SafetyCase;
  etag: string | null;
  reported: SeriousnessCriterion[];
}) {
  const { w } = useSafetyWords();
  // The case as it was when the officer started: what a 412 is compared against.
  const [base, setBase] = useState({ c: current, etag });
  const [seriousness, setSeriousness] = useState<SeriousnessCriterion[]>(() => [
    ...new Set([...current.seriousness, ...reported]),
  ]);
  const [causality, setCausality] = useState<Causality | "">(current.causalityAssessed ?? "");
  const [outcome, setOutcome] = useState<EventOutcome | "">(current.outcome ?? "");
  const [narrative, setNarrative] = useState(current.narrative ?? "");
  const [status, setStatus] = useState<"triaged" | "awaiting_follow_up" | "">(
    current.status === "triaged" || current.status === "awaiting_follow_up" ? current.status : "",
  );
  const [stale, setStale] = useState<string[] | null>(null);
  const [saved, setSaved] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const triage = useTriageCase(current.id);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setSaved(false);
    if (droppedCriteria(reported, seriousness).length) return setError(w("case.cannotDrop"));
    setError(null);
    const body: CasePatchBody = {
      seriousness,
      ...(causality ? { causalityAssessed: causality } : {}),
      ...(outcome ? { outcome } : {}),
      ...(narrative.trim() ? { narrative: narrative.trim() } : {}),
      ...(status ? { status } : {}),
    };
    try {
      await triage.mutateAsync({ body, etag: base.etag });
      setStale(null);
      setSaved(true);
    } catch (err) {
      if (err instanceof ApiError && err.status === 412) {
        // Someone saved first: show what they changed, take their version as the new base, keep
        // the officer's own edits in the form so saving again is a deliberate second step.
        const fresh = await fetchFresh(current.id);
        if (fresh) {
          setStale(changedFields(base.c, fresh.data));
          setBase({ c: fresh.data, etag: fresh.etag });
        } else setStale([]);
      }
    }
  }

  return (
    <form className="card" onSubmit={submit} aria-labelledby="triage-title" data-testid="triage-form">
      <h2 id="triage-title">{w("case.triage")}</h2>
      {stale && (
        <div className="notice" role="alert" data-testid="stale">
          <p>{w("case.stale")}</p>
          {stale.length > 0 && (
            <p>{w("case.changed", { fields: stale.map((f) => fieldWord(f, w)).join("、") })}</p>
          )}
          <StaleView c={base.c} />
        </div>
      )}
      <SeriousnessTicks
        legend={w("case.seriousness")}
        value={seriousness}
        onChange={setSeriousness}
        locked={reported}
        testId="triage-seriousness"
      />
      <CausalityChoice label={w("case.causality")} value={causality} onChange={setCausality} />
      <OutcomeChoice label={w("case.outcome")} value={outcome} onChange={setOutcome} />
      <label>
        {w("case.narrative")}
        <textarea rows={4} value={narrative} onChange={(e) => setNarrative(e.target.value)} />
      </label>
      <label>
        {w("case.status")}
        <select value={status} onChange={(e) => setStatus(e.target.value as typeof status)}>
          <option value="">—</option>
          <option value="triaged">{w("status.triaged")}</option>
          <option value="awaiting_follow_up">{w("status.awaiting_follow_up")}</option>
        </select>
      </label>
      {error && <span className="field-error">{error}</span>}
      <div className="form-actions">
        <button type="submit" className="primary" disabled={triage.isPending}>
          {w("form.save")}
        </button>
        {saved && <span role="status">✓ {w("case.saved")}</span>}
      </div>
      {triage.error && !(triage.error instanceof ApiError && triage.error.status === 412) && (
        <ErrorBox error={triage.error} />
      )}
    </form>
  );
}

const fetchFresh = (id: string) => getCase(id).catch(() => null);

const fieldWord = (f: string, w: W) =>
  f === "seriousness"
    ? w("case.seriousness")
    : f === "causalityAssessed"
      ? w("case.causality")
      : f === "outcome"
        ? w("case.outcome")
        : f === "narrative"
          ? w("case.narrative")
          : w("case.status");

function StaleView({ c }: { c: SafetyCase }) {
  const { w } = useSafetyWords();
  return (
    <dl className="facts small">
      <dt>{w("case.seriousness")}</dt>
      <dd>{criteriaText(c.seriousness, w)}</dd>
      <dt>{w("case.causality")}</dt>
      <dd>{c.causalityAssessed ? w(`ae.causality.${c.causalityAssessed}` as SafetyWord) : "—"}</dd>
      <dt>{w("case.outcome")}</dt>
      <dd>{c.outcome ? w(`outcome.${c.outcome}`) : "—"}</dd>
      <dt>{w("case.narrative")}</dt>
      <dd>{c.narrative || "—"}</dd>
      <dt>{w("case.status")}</dt>
      <dd>{w(`status.${c.status}` as SafetyWord)}</dd>
    </dl>
  );
}

function Actions({ c, etag }: { c: SafetyCase; etag: string | null }) {
  const { w } = useSafetyWords();
  const forward = useForwardCase(c.id);
  const ack = useAcknowledgeCase(c.id);
  const close = useTriageCase(c.id);
  const [mahId, setMahId] = useState("");
  const [reason, setReason] = useState("");
  const [reasonError, setReasonError] = useState(false);
  const open = c.status === "new" || c.status === "triaged" || c.status === "awaiting_follow_up";
  return (
    <section className="card" aria-labelledby="actions-title" data-testid="case-actions">
      <h2 id="actions-title">{w("case.forward")}</h2>
      {(open || c.status === "forwarded" || c.status === "acknowledged") && (
        // Follow-up information is forwarded the same way as the first report.
        <button
          type="button"
          className="primary"
          disabled={forward.isPending}
          onClick={() => forward.mutate(etag)}
        >
          {w("case.forward")}
        </button>
      )}
      {forward.error && <ErrorBox error={forward.error} />}
      {c.status === "forwarded" && (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            if (mahId.trim()) ack.mutate({ mahCaseId: mahId.trim(), etag });
          }}
        >
          <label>
            {w("case.mahCaseId")}
            <input value={mahId} onChange={(e) => setMahId(e.target.value)} />
          </label>
          <button type="submit" disabled={!mahId.trim() || ack.isPending}>
            {w("case.acknowledge")}
          </button>
          {ack.error && <ErrorBox error={ack.error} />}
        </form>
      )}
      {open && (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            if (!reason.trim()) return setReasonError(true);
            setReasonError(false);
            close.mutate({ body: { status: "not_forwarded", notForwardedReason: reason.trim() }, etag });
          }}
        >
          <label>
            {w("case.notForwardReason")}
            <input value={reason} onChange={(e) => setReason(e.target.value)} aria-invalid={reasonError} />
          </label>
          {reasonError && <span className="field-error">{w("case.needReason")}</span>}
          <button type="submit" className="danger" disabled={close.isPending}>
            {w("case.notForward")}
          </button>
          {close.error && <ErrorBox error={close.error} />}
        </form>
      )}
      {c.status === "not_forwarded" && c.notForwardedReason && <p>{c.notForwardedReason}</p>}
    </section>
  );
}

/**
 * A screening hit is not yet an adverse event: the officer confirms it (it joins triage) or closes
 * it with the reason (not forwarded). Both name the version seen (If-Match).
 */
function ScreeningReview({ c, etag }: { c: SafetyCase; etag: string | null }) {
  const { w } = useSafetyWords();
  const save = useTriageCase(c.id);
  const [reason, setReason] = useState("");
  const [reasonError, setReasonError] = useState(false);
  return (
    <section className="card notice" aria-labelledby="screen-title" data-testid="screening-review">
      <h2 id="screen-title">{w("screen.title")}</h2>
      <p>{w("screen.body")}</p>
      {c.description && (
        <blockquote className="verbatim" data-testid="screened-text">
          {c.description}
        </blockquote>
      )}
      <div className="form-actions">
        <button
          type="button"
          className="primary"
          disabled={save.isPending}
          onClick={() => save.mutate({ body: { status: "triaged", reason: w("screen.confirmed") }, etag })}
        >
          {w("screen.confirm")}
        </button>
      </div>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          if (!reason.trim()) return setReasonError(true);
          setReasonError(false);
          save.mutate({ body: { status: "not_forwarded", notForwardedReason: reason.trim() }, etag });
        }}
      >
        <label>
          {w("screen.reason")}
          <input value={reason} onChange={(e) => setReason(e.target.value)} aria-invalid={reasonError} />
        </label>
        {reasonError && <span className="field-error">{w("case.needReason")}</span>}
        <button type="submit" className="danger" disabled={save.isPending}>
          {w("screen.close")}
        </button>
      </form>
      {save.error && <ErrorBox error={save.error} />}
    </section>
  );
}

function FollowUps({ c }: { c: SafetyCase }) {
  const { w, locale } = useSafetyWords();
  const ask = useCaseFollowUp(c.id);
  const [to, setTo] = useState<"patient" | "clinician">("patient");
  const [question, setQuestion] = useState("");
  const [id, setId] = useState(uuidv7);
  const [sent, setSent] = useState(false);
  async function submit(e: FormEvent) {
    e.preventDefault();
    if (!question.trim()) return;
    await ask.mutateAsync({ id, to, question: question.trim() });
    setQuestion("");
    setId(uuidv7());
    setSent(true);
  }
  return (
    <section className="card" aria-labelledby="fu-title" data-testid="case-follow-ups">
      <h2 id="fu-title">{w("case.followUps")}</h2>
      {c.followUps?.length ? (
        <ul className="plain timeline">
          {c.followUps.map((f) => (
            <li key={f.id}>
              <p>
                <strong>{w(`case.to.${f.to}`)}</strong> ·{" "}
                {f.askedAt ? formatDateTime(f.askedAt, locale) : "—"}
              </p>
              <p>{f.question}</p>
              <p className={f.answer ? "" : "muted"}>
                {f.answer ? `${w("case.answer")}${f.answer}` : w("case.noAnswer")}
                {f.answeredAt && (
                  <span className="muted small"> · {formatDateTime(f.answeredAt, locale)}</span>
                )}
              </p>
            </li>
          ))}
        </ul>
      ) : (
        <p className="empty">{w("case.noFollowUps")}</p>
      )}
      <form onSubmit={submit}>
        <h3>{w("case.askFollowUp")}</h3>
        <fieldset>
          <legend>{w("case.to")}</legend>
          {(["patient", "clinician"] as const).map((x) => (
            <label key={x} className="radio">
              <input type="radio" name="fu-to" checked={to === x} onChange={() => setTo(x)} />
              {w(`case.to.${x}`)}
            </label>
          ))}
        </fieldset>
        <label>
          {w("case.question")}
          <textarea rows={2} value={question} onChange={(e) => setQuestion(e.target.value)} />
        </label>
        <button type="submit" disabled={!question.trim() || ask.isPending}>
          {w("form.send")}
        </button>
        {sent && <span role="status"> ✓ {w("case.sent")}</span>}
        {ask.error && <ErrorBox error={ask.error} />}
      </form>
    </section>
  );
}

function Audit({ id }: { id: string }) {
  const { w, locale } = useSafetyWords();
  const audit = useCaseAudit(id);
  return (
    <section className="card" aria-labelledby="audit-title" data-testid="case-audit">
      <h2 id="audit-title">{w("case.audit")}</h2>
      <QueryState query={audit} isEmpty={(trail) => trail.entries.length === 0} empty={w("case.noAudit")}>
        {(trail) => (
          <table className="data">
            <tbody>
              {trail.entries.map((a, i) => (
                // The trail is append-only and ordered: its position is its identity.
                <tr key={i}>
                  <td>{a.at ? formatDateTime(a.at, locale) : "—"}</td>
                  <td>
                    {a.who.name && a.who.name !== a.who.role ? `${a.who.name} (${a.who.role})` : a.who.role}
                  </td>
                  <td>
                    {a.action}
                    {a.field ? ` · ${a.field}` : ""}
                  </td>
                  <td className="small">
                    {a.old != null || a.new != null
                      ? `${JSON.stringify(a.old ?? null)} → ${JSON.stringify(a.new ?? null)}`
                      : ""}
                  </td>
                  <td className="small">{a.why ?? ""}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </QueryState>
    </section>
  );
}
