import { useState } from 'react';
import type { Agent, Ticket } from '../../../../shared/domain';
import { ticketRef } from '../../ui/format';

/**
 * The owner picker of one board row: a native select, so keyboard and screen readers work as everywhere else.
 * Until the lead reaches for it (pointer down, focus, a key) it holds only the current choice: creating a few
 * dozen option elements for every row that scrolls into view made each scroll step of the board a long task.
 * Pointer down and focus come before the browser opens the list, so it opens with every option in place.
 */
export function OwnerSelect({
  ticket,
  assignable,
  onReassign,
}: {
  ticket: Ticket;
  assignable: readonly Agent[];
  onReassign: (ticket: Ticket, assigneeId: string | null) => void;
}) {
  const [expanded, setExpanded] = useState(false);
  const expand = () => setExpanded(true);
  const owner = ticket.ownerId === null ? undefined : assignable.find((a) => a.id === ticket.ownerId);
  return (
    <select
      aria-label={`Owner of ${ticketRef(ticket.number)}`}
      value={ticket.ownerId ?? ''}
      onChange={(e) => onReassign(ticket, e.target.value === '' ? null : e.target.value)}
      onPointerDown={expand}
      onFocus={expand}
      onKeyDown={expand}
      style={{ width: '100%' }}
    >
      <option value="">Unassigned</option>
      {ticket.ownerId !== null && owner === undefined ? <option value={ticket.ownerId}>Current owner (other team)</option> : null}
      {expanded ? (
        assignable.map((a) => (
          <option key={a.id} value={a.id}>
            {a.name}
          </option>
        ))
      ) : owner ? (
        <option key={owner.id} value={owner.id}>
          {owner.name}
        </option>
      ) : null}
    </select>
  );
}
