// The programme side's pages, loaded on demand (never part of the clinicians' first route).
import { useMe } from "../api/queries";
import { Loading } from "../components/Status";
import "./programme.css";
import { ProgrammeDashboard } from "./ProgrammeDashboard";
import { RepHome } from "./RepHome";

/** Home: a rep's clinics, or the programme dashboard for managers and admins. */
export default function ProgrammeHome() {
  const me = useMe();
  if (!me.data) return <Loading />;
  return me.data.role === "rep" ? <RepHome /> : <ProgrammeDashboard />;
}
