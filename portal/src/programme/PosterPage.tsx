// The A4 poster for a doctor's waiting room: the enrolment QR (WeChat's mini-program code in
// production, a standard QR of the same scene locally), the doctor and clinic, and four short
// steps in Chinese for patients. Print-ready: the toolbar disappears and the page is one A4 sheet.
import { Link, Navigate, useLocation, useParams } from "react-router";
import { ApiError } from "../api/client";
import { useMe } from "../api/queries";
import { QueryFallback } from "../components/QueryState";
import { NotFoundPage } from "../pages/NotFoundPage";
import { usePoster } from "./api";
import "./programme.css";
import { useWords, inChinese as zh } from "./words";

const STEPS = ["poster.step1", "poster.step2", "poster.step3", "poster.step4"] as const;

export default function PosterPage() {
  const { code = "" } = useParams();
  const me = useMe();
  const poster = usePoster(code);
  const { w } = useWords();
  const location = useLocation();
  if (me.error instanceof ApiError && me.error.status === 401) {
    return <Navigate to={`/login?next=${encodeURIComponent(location.pathname)}`} replace />;
  }
  if (!poster.isSuccess) return <QueryFallback query={poster} notFound={<NotFoundPage />} />;
  const p = poster.data;
  const back = me.data?.role === "rep" ? `/programme/clinics/${p.clinic.id}` : "/";
  return (
    <div className="poster-screen">
      <div className="poster-tools no-print">
        <Link to={back}>{w("poster.back")}</Link>
        <button type="button" className="primary" onClick={() => window.print()} disabled={p.revoked}>
          {w("poster.print")}
        </button>
      </div>
      {p.revoked && (
        <p className="error no-print" role="alert">
          ⚠ {w("poster.revoked")}
        </p>
      )}
      <article className="poster" data-testid="poster" lang="zh-CN">
        <header className="poster-head">
          <p className="poster-brand">
            <span aria-hidden="true">◉</span> 稳稳 · 用药提醒
          </p>
          <h1>{zh("poster.title")}</h1>
          <p className="poster-who">
            {zh("poster.doctor").replace("{doctor}", p.doctor.name).replace("{clinic}", p.clinic.name)}
          </p>
        </header>
        {!p.revoked && (
          <figure className="poster-qr">
            <img src={p.qr} alt={`${zh("poster.code")} ${p.code}`} width={380} height={380} />
            <figcaption>
              {zh("poster.code")}：<strong>{p.code}</strong>
            </figcaption>
          </figure>
        )}
        <ol className="poster-steps">
          {STEPS.map((k) => (
            <li key={k}>{zh(k)}</li>
          ))}
        </ol>
        <footer className="poster-foot">
          <p>{zh("poster.free")}</p>
          <p className="poster-programme">{p.programme.name}</p>
        </footer>
      </article>
    </div>
  );
}
