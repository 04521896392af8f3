// Invites a rep made, waiting for a doctor of the clinic (in the clinicians' frame) or a platform
// admin (in the programme frame). Approving sends the link to the invitee alone; nobody here sees it.
import { useState } from "react";
import { DataTable } from "../components/DataTable";
import { QueryState } from "../components/QueryState";
import { ErrorBox } from "../components/Status";
import { formatChinaDateTime } from "../lib/format";
import { useApproveInvite, useInviteApprovals } from "./api";
import "./programme.css";
import { useWords, type Word } from "./words";

export default function InviteApprovalsPage() {
  const { w, locale } = useWords();
  const list = useInviteApprovals();
  const approve = useApproveInvite();
  const [done, setDone] = useState<string | null>(null);
  return (
    <section className="page" data-testid="invite-approvals">
      <h1>{w("approvals.title")}</h1>
      <p className="muted">{w("approvals.intro")}</p>
      {done && (
        <p role="status" className="ok">
          ✓ {w("approvals.approved", { email: done })}
        </p>
      )}
      {approve.error && <ErrorBox error={approve.error} />}
      <QueryState query={list} isEmpty={(d) => d.invites.length === 0} empty={w("approvals.none")}>
        {(data) => (
          <DataTable
            columns={{
              clinic: w("approvals.clinic"),
              invitee: w("approvals.invitee"),
              by: w("approvals.by"),
              at: w("approvals.at"),
              approve: <span className="visually-hidden">{w("clinic.approve")}</span>,
            }}
          >
            {data.invites.map((i) => (
              <tr key={i.id}>
                <td>{i.clinicName}</td>
                <td>
                  {i.name ? `${i.name} · ` : ""}
                  {i.email} · {w(`clinic.role.${i.role}` as Word)}
                </td>
                <td>
                  {i.invitedBy.name} ·{" "}
                  {w(
                    (i.invitedBy.role === "doctor" || i.invitedBy.role === "assistant"
                      ? `clinic.role.${i.invitedBy.role}`
                      : `role.${i.invitedBy.role}`) as Word,
                  )}
                </td>
                <td>{formatChinaDateTime(i.createdAt, locale)}</td>
                <td>
                  <button
                    type="button"
                    className="primary"
                    disabled={approve.isPending}
                    onClick={() =>
                      approve.mutate(
                        { clinicId: i.clinicId, inviteId: i.id },
                        { onSuccess: () => setDone(i.email) },
                      )
                    }
                  >
                    {w("clinic.approve")}
                  </button>
                </td>
              </tr>
            ))}
          </DataTable>
        )}
      </QueryState>
    </section>
  );
}
