import { useState } from 'react';
import { canTransitionTicketStatus, severities, tagSchema, ticketStatuses, ticketStatusLabels, type Agent, type Severity, type TicketStatus } from '../../../../shared/domain';
import { can } from '../../../../shared/api/permissions';
import { mutate } from '../../app/mutations';
import { useAgent } from '../../app/session';
import { useUi } from '../../app/uiStore';
import { Dialog } from '../../ui/Dialog';
import { toast } from '../../ui/toast';
import { useAgentsById } from '../ticket/queries';
import type { QueueRow } from './ticketIndex';

/** Runs one mutation per ticket; bulk changes are ordinary mutations that sync like single ones. */
async function forEachTicket(rows: readonly QueueRow[], label: string, run: (row: QueueRow) => Promise<void> | null): Promise<void> {
  let done = 0;
  let skipped = 0;
  const errors: string[] = [];
  for (const row of rows) {
    const p = run(row);
    if (p === null) {
      skipped++;
      continue;
    }
    try {
      await p;
      done++;
    } catch (e) {
      errors.push(e instanceof Error ? e.message : String(e));
    }
  }
  const parts = [`${label}: ${done} ticket${done === 1 ? '' : 's'}`];
  if (skipped) parts.push(`${skipped} skipped`);
  if (errors.length) parts.push(`${errors.length} failed (${errors[0]})`);
  toast(parts.join(' · '), errors.length ? 'error' : 'info');
}

export const bulkTagLabel = 'Tag to add to selected tickets';

export function assignToMe(rows: readonly QueueRow[], agent: Agent): Promise<void> {
  return forEachTicket(rows, 'Assigned to you', (r) =>
    r.ticket.ownerId === agent.id ? null : mutate('ticket.assign', { ticketId: r.ticket.id, assigneeId: agent.id, expectedVersion: r.ticket.version }),
  );
}

export function setStatus(rows: readonly QueueRow[], status: TicketStatus): Promise<void> {
  return forEachTicket(rows, `Status ${ticketStatusLabels[status]}`, (r) =>
    r.ticket.status === status || !canTransitionTicketStatus(r.ticket.status, status)
      ? null
      : mutate('ticket.setStatus', { ticketId: r.ticket.id, status, fromStatus: r.ticket.status }),
  );
}

export function BulkBar({ rows, onStatus }: { rows: QueueRow[]; onStatus: () => void }) {
  const agent = useAgent();
  const agentsById = useAgentsById();
  const setSelection = useUi((s) => s.setSelection);
  const [tag, setTag] = useState('');
  const canAssignOthers = can(agent.role, 'ticket.assign.others');
  const activeAgents = [...agentsById.values()].filter((a) => a.active).sort((a, b) => a.name.localeCompare(b.name));

  return (
    <div className="bulk-bar" role="toolbar" aria-label="Bulk actions">
      <strong>{rows.length} selected</strong>
      <button type="button" className="small" onClick={() => void assignToMe(rows, agent)}>
        Assign to me <kbd>a</kbd>
      </button>
      {canAssignOthers && (
        <select
          aria-label="Assign selected tickets to"
          value=""
          onChange={(e) => {
            const id = e.target.value === 'unassigned' ? null : e.target.value;
            if (!e.target.value) return;
            void forEachTicket(rows, id ? `Assigned to ${agentsById.get(id)?.name}` : 'Unassigned', (r) =>
              r.ticket.ownerId === id ? null : mutate('ticket.assign', { ticketId: r.ticket.id, assigneeId: id, expectedVersion: r.ticket.version }),
            );
          }}
        >
          <option value="">Assign to…</option>
          <option value="unassigned">Unassigned</option>
          {activeAgents.map((a) => (
            <option key={a.id} value={a.id}>
              {a.name}
            </option>
          ))}
        </select>
      )}
      <button type="button" className="small" onClick={onStatus}>
        Status… <kbd>s</kbd>
      </button>
      <select
        aria-label="Set severity of selected tickets"
        value=""
        onChange={(e) => {
          const severity = Number(e.target.value) as Severity;
          if (!severity) return;
          void forEachTicket(rows, `Severity ${severity}`, (r) =>
            r.ticket.severity === severity ? null : mutate('ticket.setSeverity', { ticketId: r.ticket.id, severity }),
          );
        }}
      >
        <option value="">Severity…</option>
        {severities.map((s) => (
          <option key={s} value={s}>
            Sev {s}
          </option>
        ))}
      </select>
      <form
        className="row"
        onSubmit={(e) => {
          e.preventDefault();
          const parsed = tagSchema.safeParse(tag);
          if (!parsed.success) {
            toast(parsed.error.issues[0]?.message ?? 'Invalid tag', 'error');
            return;
          }
          const value = parsed.data;
          void forEachTicket(rows, `Tagged ${value}`, (r) => (r.ticket.tags.includes(value) ? null : mutate('ticket.addTag', { ticketId: r.ticket.id, tag: value })));
          setTag('');
        }}
      >
        <input
          aria-label={bulkTagLabel}
          placeholder="add tag"
          value={tag}
          onChange={(e) => setTag(e.target.value)}
          onKeyDown={(e) => {
            // Back to the list, where the keyboard shortcuts work again.
            if (e.key === 'Escape') document.querySelector<HTMLElement>('[role="grid"]')?.focus();
          }}
          style={{ width: 120 }}
        />
        <button type="submit" className="small">
          Add tag
        </button>
        <button
          type="button"
          className="small"
          onClick={() => {
            const value = tag.trim();
            if (!value) return;
            void forEachTicket(rows, `Removed tag ${value}`, (r) => (r.ticket.tags.includes(value) ? mutate('ticket.removeTag', { ticketId: r.ticket.id, tag: value }) : null));
            setTag('');
          }}
        >
          Remove tag
        </button>
      </form>
      <span className="spacer" />
      <button type="button" className="small ghost" onClick={() => setSelection(new Set())}>
        Clear <kbd>Esc</kbd>
      </button>
    </div>
  );
}

/** Status picker for the queue's targets; only statuses the state machine allows from every target are offered first. */
export function StatusDialog({ rows, onClose }: { rows: QueueRow[]; onClose: () => void }) {
  const allowed = ticketStatuses.filter((s) => rows.some((r) => canTransitionTicketStatus(r.ticket.status, s)));
  return (
    <Dialog open title={`Change status of ${rows.length} ticket${rows.length === 1 ? '' : 's'}`} onClose={onClose}>
      <div className="dialog-body">
        {allowed.length === 0 ? (
          <p className="muted">No status change is possible from the current status.</p>
        ) : (
          <ul className="list-plain" aria-label="Statuses">
            {allowed.map((s, i) => (
              <li key={s}>
                <button
                  type="button"
                  className="ghost"
                  autoFocus={i === 0}
                  style={{ width: '100%' }}
                  onClick={() => {
                    onClose();
                    void setStatus(rows, s);
                  }}
                >
                  {ticketStatusLabels[s]}
                </button>
              </li>
            ))}
          </ul>
        )}
      </div>
    </Dialog>
  );
}
