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
import { useWords } from "./words";

/** The poster speaks to patients: always in Chinese, whatever the portal's language. */
const POSTER = {
  title: "扫码加入稳稳用药提醒",
  code: "入组码",
  steps: [
    "打开微信“扫一扫”，扫描上方二维码。",
    "阅读知情同意书，同意后填写姓名、出生年份。",
    "按医生的处方添加用药时间，到点会提醒您服药。",
    "每天服药后点“已服”，在家量的血压、血糖也可以记下来。",
  ],
  free: "本项目免费参加，可随时退出。如有不适，请及时就医。",
} as const;

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
          <h1>{POSTER.title}</h1>
          <p className="poster-who">
            {p.doctor.name} · {p.clinic.name}
          </p>
        </header>
        {!p.revoked && (
          <figure className="poster-qr">
            <img src={p.qr} alt={`${POSTER.code} ${p.code}`} width={380} height={380} />
            <figcaption>
              {POSTER.code}：<strong>{p.code}</strong>
            </figcaption>
          </figure>
        )}
        <ol className="poster-steps">
          {POSTER.steps.map((step) => (
            <li key={step}>{step}</li>
          ))}
        </ol>
        <footer className="poster-foot">
          <p>{POSTER.free}</p>
          <p className="poster-programme">{p.programme.name}</p>
        </footer>
      </article>
    </div>
  );
}
