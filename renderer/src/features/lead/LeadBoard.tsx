import { useVirtualizer } from '@tanstack/react-virtual';
import { memo, useCallback, useEffect, useMemo, useRef } from 'react';
import { can } from '../../../../shared/api/permissions';
import type { Account, Agent, Ticket } from '../../../../shared/domain';
import { mutate } from '../../app/mutations';
import { routeHref } from '../../app/router';
import { useAgent } from '../../app/session';
import { SeverityBadge, StatusBadge } from '../../ui/Badges';
import { useServerNow } from '../../ui/clock';
import { ticketRef } from '../../ui/format';
import { toast } from '../../ui/toast';
import { ticketIndex, useTicketStore } from '../queue/ticketStore';
import { SlaCountdown } from '../sla/SlaCountdown';
import { useAccountsById } from '../account/queries';
import { useAgentsById, useTeamsById } from '../ticket/queries';
import { AttainmentPanel } from './AttainmentPanel';
import { OwnerSelect } from './OwnerSelect';
import { breachForecast, type BreachForecast } from './breachForecast';
import { buildLeadBoardItems, ledTeamIds, type LeadBoardItem } from './leadBoardModel';
import { attainmentCandidates, openLeadRows, teamSlotTest, type LeadRow } from './leadBoardRows';
import { useLeadBoardPrefs } from './leadBoardPrefs';
import { localDayAt, localDayStarts } from './localDay';
import { ATTAINMENT_DAYS } from './slaAttainment';
import { useBreachNotifications } from './useBreachNotifications';
import { useTeamAttainment } from './useTeamAttainment';

/**
 * The team lead's board: every open ticket of the team sorted by time to breach, grouped by agent or team, with
 * the breach forecast, SLA attainment, reassignment and imminent-breach notifications.
 *
 * Staying light with thousands of live countdowns: rows and their absolute due instants come from the queue's
 * ticket index (clocks computed once per ticket change), read through its columns so that a data change costs
 * work in proportion to the open tickets, not to the 100,000 cached ones (leadBoardRows.ts); the attainment
 * candidates are gathered in slices and aggregated in a worker; the list is virtualised, its rows are memoised
 * and cheap to mount (OwnerSelect); and the only thing that moves per second is the shared ticker that visible
 * countdowns read (`dueAt - now`).
 *
 * Bench hooks: `data-testid="lead-board"`, `"lead-board-list"` (the scroll container), `"lead-row"` per
 * ticket row; performance marks `accord:lead-board-ready` (first render with rows) and measures
 * `accord:lead-board-rows` (per data change).
 */

const GROUP_HEIGHT = 32;
const ROW_HEIGHT = 36;
const gridColumns = '56px 70px minmax(200px, 1fr) 150px 190px 240px';

export function LeadBoard() {
  const agent = useAgent();
  const store = useTicketStore();
  const agentsById = useAgentsById();
  const teamsById = useTeamsById();
  const accountsById = useAccountsById();
  const { groupBy, scope, notifications, doNotDisturb, set } = useLeadBoardPrefs();
  const myTeamIds = useMemo(() => ledTeamIds(agent, teamsById.values()), [agent, teamsById]);
  // null: every team.
  const teamIds = scope === 'team' && myTeamIds.size > 0 ? myTeamIds : null;

  // Per data change (never per tick): the team's open tickets in time-to-breach order, read from the index's
  // columns (the index holds every cached ticket; the board shows the open ones).
  const rows = useMemo(() => {
    const start = performance.now();
    const open = openLeadRows(ticketIndex, teamIds ? teamSlotTest(ticketIndex, teamIds, agentsById) : null);
    performance.measure?.('accord:lead-board-rows', { start, end: performance.now() });
    return open;
    // store.version changes whenever the index does.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [store.version, teamIds, agentsById]);

  const items = useMemo(() => buildLeadBoardItems(rows, groupBy, agentsById, teamsById), [rows, groupBy, agentsById, teamsById]);

  const minuteNow = useServerNow(60_000);
  const { start: startOfToday, end: endOfToday } = localDayAt(minuteNow, agent.timeZone);
  const forecast = useMemo(() => breachForecast(rows, minuteNow, endOfToday), [rows, minuteNow, endOfToday]);

  // Attainment: breach/fulfil events of the team's tickets over the last 30 days (+7 so that a breach just
  // before the window still decides its clock), read and aggregated in a worker: tens of thousands of events
  // must not cost the board's thread anything.
  const { since, dayStarts } = useMemo(() => {
    // Real local midnights: 36 × 24 h back is an hour off when a DST change lies in between.
    const starts = localDayStarts(startOfToday, agent.timeZone, ATTAINMENT_DAYS + 7);
    return { since: starts[0]!, dayStarts: starts.slice(7) };
  }, [startOfToday, agent.timeZone]);
  const candidates = useCallback(
    (cancelled: () => boolean) =>
      attainmentCandidates(ticketIndex, { teamTest: () => (teamIds ? teamSlotTest(ticketIndex, teamIds, agentsById) : null), since, cancelled }),
    [teamIds, agentsById, since],
  );
  const attainment = useTeamAttainment({ candidates, indexVersion: store.version, since, endOfToday, dayStarts });

  useBreachNotifications(rows, { enabled: notifications, doNotDisturb });

  const assignable = useMemo(() => {
    const list = [...agentsById.values()].filter((a) => a.active && (teamIds === null || (a.teamId !== null && teamIds.has(a.teamId))));
    return list.sort((a, b) => a.name.localeCompare(b.name));
  }, [agentsById, teamIds]);

  const reassign = useCallback(
    async (ticket: Ticket, assigneeId: string | null) => {
      try {
        await mutate('ticket.assign', { ticketId: ticket.id, assigneeId, expectedVersion: ticket.version });
        const name = assigneeId ? (agentsById.get(assigneeId)?.name ?? 'agent') : 'nobody';
        toast(`${ticketRef(ticket.number)} assigned to ${name}.`);
      } catch (error) {
        toast(error instanceof Error ? error.message : 'The ticket could not be reassigned.', 'error');
      }
    },
    [agentsById],
  );

  const ready = useRef(false);
  useEffect(() => {
    if (!ready.current && rows.length > 0) {
      ready.current = true;
      performance.mark?.('accord:lead-board-ready');
    }
  }, [rows.length]);

  if (!can(agent.role, 'lead.board')) {
    return (
      <div className="page page-narrow">
        <h1>Lead board</h1>
        <p className="muted">The lead board is for team leads and admins.</p>
      </div>
    );
  }

  const teamName = teamIds
    ? teamIds.size === 1
      ? (teamsById.get([...teamIds][0]!)?.name ?? 'your team')
      : `your ${teamIds.size} teams`
    : 'all teams';
  return (
    <div className="page" data-testid="lead-board" style={{ display: 'flex', flexDirection: 'column', gap: 12 }}>
      <div className="row wrap">
        <h1 style={{ marginRight: 8 }}>Lead board</h1>
        <span className="muted">
          {rows.length.toLocaleString()} open tickets · {teamName}
        </span>
        <span className="spacer" />
        {myTeamIds.size > 0 ? (
          <label className="row small">
            Show
            <select value={scope} onChange={(e) => set({ scope: e.target.value === 'all' ? 'all' : 'team' })}>
              <option value="team">{myTeamIds.size > 1 ? 'My teams' : 'My team'}</option>
              <option value="all">All teams</option>
            </select>
          </label>
        ) : null}
        <div className="segmented" role="group" aria-label="Group tickets by">
          <button type="button" aria-pressed={groupBy === 'agent'} onClick={() => set({ groupBy: 'agent' })}>
            By agent
          </button>
          <button type="button" aria-pressed={groupBy === 'team'} onClick={() => set({ groupBy: 'team' })}>
            By team
          </button>
        </div>
        <label className="row small">
          <input type="checkbox" checked={notifications} onChange={(e) => set({ notifications: e.target.checked })} />
          Breach alerts
        </label>
        <label className="row small">
          <input type="checkbox" checked={doNotDisturb} onChange={(e) => set({ doNotDisturb: e.target.checked })} />
          Do not disturb
        </label>
      </div>

      <ForecastStrip forecast={forecast} />

      <section className="card" aria-labelledby="lead-list-title" style={{ display: 'flex', flexDirection: 'column', minHeight: 0 }}>
        <h2 id="lead-list-title" className="visually-hidden">
          Open tickets by time to breach
        </h2>
        <div
          className="grid-head"
          style={{ gridTemplateColumns: gridColumns, position: 'static' }}
          aria-hidden="true"
        >
          <span>Sev</span>
          <span>Ticket</span>
          <span>Subject</span>
          <span>Status</span>
          <span>Owner</span>
          <span>Time to breach</span>
        </div>
        <BoardList items={items} assignable={assignable} accountsById={accountsById} onReassign={reassign} />
      </section>

      {attainment ? (
        <AttainmentPanel attainment={attainment} />
      ) : (
        <p className="card section muted small">Computing SLA attainment…</p>
      )}
    </div>
  );
}

const ForecastStrip = memo(function ForecastStrip({ forecast }: { forecast: BreachForecast }) {
  const cells: Array<[string, number, string]> = [
    ['Overdue', forecast.overdue, 'forecast-overdue'],
    ['Next hour', forecast.nextHour, 'forecast-1h'],
    ['Next 4 hours', forecast.next4Hours, 'forecast-4h'],
    ['Rest of today', forecast.today, 'forecast-today'],
  ];
  return (
    <section className="row wrap" aria-label="Breach forecast">
      {cells.map(([label, value, id]) => (
        <div key={id} className="card section" style={{ minWidth: 140 }} data-testid={id}>
          <div className="section-title">{label}</div>
          <div className="num" style={{ fontSize: 'var(--fs-xl, 22px)', fontWeight: 600, color: value > 0 && id === 'forecast-overdue' ? 'var(--danger)' : undefined }}>
            {value.toLocaleString()}
          </div>
          <div className="xsmall muted">{value === 1 ? 'clock' : 'clocks'} {id === 'forecast-overdue' ? 'breached' : 'falling due'}</div>
        </div>
      ))}
    </section>
  );
});

function BoardList({
  items,
  assignable,
  accountsById,
  onReassign,
}: {
  items: LeadBoardItem<LeadRow>[];
  assignable: readonly Agent[];
  accountsById: ReadonlyMap<string, Account>;
  onReassign: (ticket: Ticket, assigneeId: string | null) => void;
}) {
  const scrollRef = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count: items.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: (i) => (items[i]?.kind === 'group' ? GROUP_HEIGHT : ROW_HEIGHT),
    overscan: 10,
    getItemKey: (i) => items[i]!.key,
    // Rows that scroll in render in a task of their own, not inside the scroll event's frame, which then also had
    // to lay out and paint them: one long task per screen scrolled. The overscan covers the frame in between.
    useFlushSync: false,
  });
  // The scroll container always exists, so the virtualiser has its element from the first render on.
  return (
    <div
      ref={scrollRef}
      className="grid-scroll"
      data-testid="lead-board-list"
      role="list"
      aria-label="Open tickets by time to breach"
      style={{ height: 'min(60vh, 640px)', flex: 'none', position: 'relative' }}
    >
      {items.length === 0 ? <p className="empty">No open tickets. Nothing is about to breach.</p> : null}
      <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
        {virtualizer.getVirtualItems().map((v) => {
          const item = items[v.index]!;
          return (
            <div key={v.key} role="listitem" style={{ position: 'absolute', top: 0, left: 0, right: 0, height: v.size, transform: `translateY(${v.start}px)` }}>
              {item.kind === 'group' ? (
                <div className="row small" style={{ height: GROUP_HEIGHT, padding: '0 12px', background: 'var(--surface-2)', borderBottom: '1px solid var(--border)', fontWeight: 600 }}>
                  {item.label}
                  <span className="muted num">· {item.count}</span>
                </div>
              ) : (
                <BoardRow row={item.row} assignable={assignable} customerTimeZone={accountsById.get(item.row.ticket.accountId)?.timeZone ?? null} onReassign={onReassign} />
              )}
            </div>
          );
        })}
      </div>
    </div>
  );
}

/** One ticket; memoised so that only its countdown (subscribed to the shared ticker) re-renders per second. */
const BoardRow = memo(function BoardRow({
  row,
  assignable,
  customerTimeZone,
  onReassign,
}: {
  row: LeadRow;
  assignable: readonly Agent[];
  customerTimeZone: string | null;
  onReassign: (ticket: Ticket, assigneeId: string | null) => void;
}) {
  const { ticket } = row;
  return (
    <div className="grid-row" data-testid="lead-row" style={{ gridTemplateColumns: gridColumns, position: 'static', height: ROW_HEIGHT }}>
      <span>
        <SeverityBadge severity={ticket.severity} />
      </span>
      <a className="num" href={routeHref({ name: 'ticket', ticketId: ticket.id })}>
        {ticketRef(ticket.number)}
      </a>
      <span className="cell subject" title={ticket.subject}>
        {ticket.subject}
      </span>
      <span>
        <StatusBadge status={ticket.status} />
      </span>
      <OwnerSelect ticket={ticket} assignable={assignable} onReassign={onReassign} />
      <span>
        <SlaCountdown sla={row.sla} customerTimeZone={customerTimeZone} />
      </span>
    </div>
  );
});
