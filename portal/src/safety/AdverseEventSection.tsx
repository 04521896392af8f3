// The clinician's adverse-event report on the patient page: several events per case, each with
// the patient's words, onset, outcome and seriousness; special situations; suspect medicines
// picked from the patient's plans. Checked with the shared schema before sending.
import {
  type AdverseEventBody,
  adverseEventBody,
  type EventOutcome,
  type SeriousnessCriterion,
  type SpecialSituation,
} from "@steady/shared";
import { type FormEvent, useState } from "react";
import { uuidv7 } from "uuidv7";
import { useReportAdverseEvent } from "../api/safety";
import { ErrorBox } from "../components/Status";
import { fieldMessages } from "../lib/forms";
import {
  type Causality,
  CausalityChoice,
  OutcomeChoice,
  SeriousnessTicks,
  SituationTicks,
  toggle,
} from "./pickers";
import { useSafetyWords } from "./words";

interface EventDraft {
  key: string;
  verbatim: string;
  onsetOn: string;
  endedOn: string;
  outcome: EventOutcome | "";
  seriousness: SeriousnessCriterion[];
}
const blankEvent = (): EventDraft => ({
  key: uuidv7(),
  verbatim: "",
  onsetOn: "",
  endedOn: "",
  outcome: "",
  seriousness: [],
});

export interface PlanOption {
  id: string;
  drug: string;
  dose?: string | null;
}

export function AdverseEventSection({ patientId, plans }: { patientId: string; plans: PlanOption[] }) {
  const { w } = useSafetyWords();
  const [open, setOpen] = useState(false);
  const [done, setDone] = useState<string | null>(null);
  return (
    <section className="card safety-report" aria-labelledby="ae-title" data-testid="ae-section">
      <div className="page-head">
        <h2 id="ae-title">{w("ae.title")}</h2>
        {!open && (
          <button
            type="button"
            className="primary"
            onClick={() => {
              setDone(null);
              setOpen(true);
            }}
          >
            {w("ae.open")}
          </button>
        )}
      </div>
      {done && (
        <p role="status" className="ok" data-testid="ae-done">
          {w("ae.done", { n: done })}
        </p>
      )}
      {open && (
        <AdverseEventForm
          patientId={patientId}
          plans={plans}
          onCancel={() => setOpen(false)}
          onDone={(n) => {
            setDone(n);
            setOpen(false);
          }}
        />
      )}
    </section>
  );
}

function AdverseEventForm(props: {
  patientId: string;
  plans: PlanOption[];
  onCancel: () => void;
  onDone: (caseNumber: string) => void;
}) {
  const { w } = useSafetyWords();
  const [id] = useState(uuidv7);
  const [events, setEvents] = useState<EventDraft[]>(() => [blankEvent()]);
  const [description, setDescription] = useState("");
  const [planIds, setPlanIds] = useState<string[]>([]);
  const [seriousness, setSeriousness] = useState<SeriousnessCriterion[]>([]);
  const [situations, setSituations] = useState<SpecialSituation[]>([]);
  const [causality, setCausality] = useState<Causality | "">("");
  const [errors, setErrors] = useState<Record<string, string>>({});
  const send = useReportAdverseEvent(props.patientId);

  const patch = (key: string, p: Partial<EventDraft>) =>
    setEvents((es) => es.map((e) => (e.key === key ? { ...e, ...p } : e)));

  async function submit(e: FormEvent) {
    e.preventDefault();
    const filled = events.filter((ev) => ev.verbatim.trim());
    const body: AdverseEventBody = {
      id,
      ...(description.trim() ? { description: description.trim() } : {}),
      ...(filled.length
        ? {
            events: filled.map((ev) => ({
              verbatim: ev.verbatim.trim(),
              ...(ev.onsetOn ? { onsetOn: ev.onsetOn } : {}),
              ...(ev.endedOn ? { endedOn: ev.endedOn } : {}),
              ...(ev.outcome ? { outcome: ev.outcome } : {}),
              ...(ev.seriousness.length ? { seriousness: ev.seriousness } : {}),
            })),
          }
        : {}),
      ...(planIds.length ? { planIds } : {}),
      ...(seriousness.length ? { seriousness } : {}),
      ...(situations.length ? { specialSituations: situations } : {}),
      ...(causality ? { causalityAsReported: causality } : {}),
    };
    const parsed = adverseEventBody.safeParse(body);
    if (!parsed.success) {
      const m = fieldMessages(parsed.error);
      // The schema's "describe something" rule is reported at `description`; with nothing
      // written anywhere it is said at the events, where the clinician starts.
      const nothing = m.description && !body.description;
      return setErrors(nothing ? { events: w("ae.needSomething") } : m);
    }
    setErrors({});
    const receipt = await send.mutateAsync(parsed.data);
    props.onDone(receipt.caseNumber);
  }

  return (
    <form className="ae-form" onSubmit={submit} data-testid="ae-form" noValidate>
      <p className="muted">{w("ae.intro")}</p>
      <fieldset>
        <legend>{w("ae.events")}</legend>
        {events.map((ev, i) => (
          <div className="ae-event" key={ev.key} data-testid="ae-event">
            <label>
              {w("ae.verbatim")} {i + 1}
              <textarea
                rows={2}
                value={ev.verbatim}
                onChange={(x) => patch(ev.key, { verbatim: x.target.value })}
                aria-invalid={!!errors.events}
              />
            </label>
            <div className="row">
              <label>
                {w("ae.onset")}
                <input
                  type="date"
                  value={ev.onsetOn}
                  onChange={(x) => patch(ev.key, { onsetOn: x.target.value })}
                />
              </label>
              <label>
                {w("ae.ended")}
                <input
                  type="date"
                  value={ev.endedOn}
                  onChange={(x) => patch(ev.key, { endedOn: x.target.value })}
                />
              </label>
              <OutcomeChoice
                label={w("ae.outcome")}
                value={ev.outcome}
                onChange={(outcome) => patch(ev.key, { outcome })}
              />
            </div>
            <SeriousnessTicks
              legend={w("ae.eventSerious")}
              value={ev.seriousness}
              onChange={(v) => patch(ev.key, { seriousness: v })}
            />
            {events.length > 1 && (
              <button type="button" onClick={() => setEvents((es) => es.filter((x) => x.key !== ev.key))}>
                {w("ae.removeEvent")}
              </button>
            )}
          </div>
        ))}
        <button type="button" onClick={() => setEvents((es) => [...es, blankEvent()])}>
          {w("ae.addEvent")}
        </button>
        {errors.events && <span className="field-error">{errors.events}</span>}
      </fieldset>
      <fieldset className="ticks">
        <legend>{w("ae.suspect")}</legend>
        {props.plans.length === 0 && <p className="muted">{w("ae.noPlans")}</p>}
        {props.plans.map((p) => (
          <label key={p.id} className="check">
            <input
              type="checkbox"
              checked={planIds.includes(p.id)}
              onChange={() => setPlanIds(toggle(planIds, p.id))}
            />
            {p.drug}
            {p.dose ? ` ${p.dose}` : ""}
          </label>
        ))}
      </fieldset>
      <SeriousnessTicks legend={w("ae.seriousness")} value={seriousness} onChange={setSeriousness} />
      <SituationTicks legend={w("ae.situations")} value={situations} onChange={setSituations} />
      <label>
        {w("ae.description")}
        <textarea rows={3} value={description} onChange={(x) => setDescription(x.target.value)} />
      </label>
      <CausalityChoice
        label={w("ae.causality")}
        value={causality}
        onChange={setCausality}
        none={w("ae.causalityNone")}
      />
      <div className="form-actions">
        <button type="submit" className="primary" disabled={send.isPending}>
          {w("form.send")}
        </button>
        <button type="button" onClick={props.onCancel}>
          {w("form.cancel")}
        </button>
      </div>
      {send.error && <ErrorBox error={send.error} />}
    </form>
  );
}
