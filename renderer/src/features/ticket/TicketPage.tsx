import { useEffect, useMemo, useRef, useState } from 'react';
import { ticketStatusLabels, type BusinessCalendar, type Contact, type Message, type SlaEvent, type Ticket } from '../../../../shared/domain';
import { useCommands } from '../../app/commands';
import { mutate } from '../../app/mutations';
import { lastQueueView, navigate } from '../../app/router';
import { useAgent } from '../../app/session';
import { useUi } from '../../app/uiStore';
import { SeverityBadge, StatusBadge } from '../../ui/Badges';
import { serverNow, useServerNow } from '../../ui/clock';
import { formatDateTime, ticketRef } from '../../ui/format';
import { toast } from '../../ui/toast';
import { AccountPanel } from '../account/AccountPanel';
import { useAccount, useContacts } from '../account/queries';
import { KnowledgeSuggestions } from '../search/KnowledgeSuggestions';
import { SlaCountdown } from '../sla/SlaCountdown';
import { clocksFor, policiesFor, slaHistoryFromThread, slaMetricLabels, snapshotFromClocks, type SlaContext } from '../sla/slaSnapshot';
import { Composer } from './Composer';
import { EscalateDialog } from './EscalateDialog';
import { PropertiesPanel } from './PropertiesPanel';
import { LazyDetailNotice } from './LazyDetailNotice';
import { Thread } from './Thread';
import { useAgentsById, useMacros, useSlaEvents, useSlaReference, useTeamsById, useThread, useTicket, useTicketPending } from './queries';

export function TicketPage({ ticketId }: { ticketId: string }) {
  const ticket = useTicket(ticketId);
  // Read the thread alongside the ticket rather than after it: one IndexedDB round trip less before it shows.
  useThread(ticketId);
  if (ticket === undefined) return <p className="empty">Loading ticket…</p>;
  if (ticket === null)
    return (
      <div className="empty">
        <p>This ticket is not in your local cache (yet).</p>
        <button type="button" onClick={() => navigate({ name: 'queue', viewId: lastQueueView() })}>
          Back to the queue
        </button>
      </div>
    );
  return <TicketWorkspace ticket={ticket} />;
}

function TicketWorkspace({ ticket }: { ticket: Ticket }) {
  const agent = useAgent();
  const messages = useThread(ticket.id);
  const account = useAccount(ticket.accountId);
  const contacts = useContacts(ticket.accountId);
  const agentsById = useAgentsById();
  const teamsById = useTeamsById();
  const macros = useMacros();
  const pending = useTicketPending(ticket.id);
  const [impactOpen, setImpactOpen] = useState(false);
  const [escalateOpen, setEscalateOpen] = useState(false);
  const requestComposer = useUi((s) => s.requestComposer);
  const queueOrder = useUi((s) => s.queueOrder);
  const contactsById = useMemo(() => new Map(contacts.map((c) => [c.id, c] as const)), [contacts]);
  const requester: Contact | undefined = ticket.requesterId ? contactsById.get(ticket.requesterId) : undefined;
  const threadEnd = useRef<HTMLDivElement>(null);

  const escalateRequest = useUi((s) => s.escalateRequest);
  useEffect(() => {
    if (escalateRequest !== ticket.id) return;
    useUi.getState().setEscalateRequest(null);
    setEscalateOpen(true);
  }, [escalateRequest, ticket.id]);

  // Land on the newest message.
  useEffect(() => {
    threadEnd.current?.scrollIntoView({ block: 'end' });
  }, [messages?.length]);

  const step = (delta: number) => {
    const i = queueOrder.indexOf(ticket.id);
    const next = i >= 0 ? queueOrder[i + delta] : undefined;
    if (next) navigate({ name: 'ticket', ticketId: next }, { replace: true });
  };

  useCommands([
    { id: 'ticket.reply', title: 'Reply to customer', group: 'Ticket', keys: ['r'], run: () => requestComposer('reply') },
    { id: 'ticket.note', title: 'Add internal note', group: 'Ticket', keys: ['n'], run: () => requestComposer('note') },
    {
      id: 'ticket.assignMe',
      title: 'Assign to me',
      group: 'Ticket',
      keys: ['a'],
      enabled: () => ticket.ownerId !== agent.id,
      run: () =>
        void mutate('ticket.assign', { ticketId: ticket.id, assigneeId: agent.id, expectedVersion: ticket.version }).then(
          () => toast('Assigned to you'),
          (e: unknown) => toast(e instanceof Error ? e.message : String(e), 'error'),
        ),
    },
    { id: 'ticket.status', title: 'Change status', group: 'Ticket', keys: ['s'], run: () => document.getElementById('prop-status')?.focus() },
    { id: 'ticket.severity', title: 'Severity impact helper', group: 'Ticket', keys: ['i'], run: () => setImpactOpen(true) },
    { id: 'ticket.escalate', title: 'Escalate ticket…', group: 'Ticket', keys: ['e'], run: () => setEscalateOpen(true) },
    { id: 'ticket.macro', title: 'Insert macro', group: 'Ticket', keys: ['m'], run: () => (document.querySelector('select[aria-label="Insert macro"]') as HTMLSelectElement | null)?.focus() },
    { id: 'ticket.tags', title: 'Add tag', group: 'Ticket', keys: ['t'], run: () => (document.querySelector('input[aria-label="New tag"]') as HTMLInputElement | null)?.focus() },
    { id: 'ticket.next', title: 'Next ticket in queue', group: 'Ticket', keys: ['j'], enabled: () => queueOrder.includes(ticket.id), run: () => step(1) },
    { id: 'ticket.prev', title: 'Previous ticket in queue', group: 'Ticket', keys: ['k'], enabled: () => queueOrder.includes(ticket.id), run: () => step(-1) },
    { id: 'ticket.back', title: 'Back to queue', group: 'Ticket', keys: ['Escape', 'u'], run: () => navigate({ name: 'queue', viewId: lastQueueView() }) },
    ...(['new', 'open', 'pending_customer', 'on_hold', 'waiting_engineering', 'solved', 'closed'] as const).map((s) => ({
      id: `ticket.status.${s}`,
      title: `Set status: ${ticketStatusLabels[s]}`,
      group: 'Ticket',
      enabled: () => ticket.status !== s,
      run: () =>
        void mutate('ticket.setStatus', { ticketId: ticket.id, status: s, fromStatus: ticket.status }).then(
          () => toast(`Status: ${ticketStatusLabels[s]}`),
          (e: unknown) => toast(e instanceof Error ? e.message : String(e), 'error'),
        ),
    })),
  ]);

  return (
    <div className="ticket-page">
      <section className="ticket-main" aria-labelledby="ticket-title">
        <header className="ticket-header">
          <div className="row small">
            <button type="button" className="ghost small" onClick={() => navigate({ name: 'queue', viewId: lastQueueView() })}>
              ← Queue <kbd>Esc</kbd>
            </button>
            <span className="faint mono">{ticketRef(ticket.number)}</span>
            <SeverityBadge severity={ticket.severity} />
            <StatusBadge status={ticket.status} />
            <span className="badge">Tier {ticket.tier}</span>
            {pending.length > 0 && (
              <span className="badge provisional" title="Changes made here that the server has not confirmed yet">
                {pending.length} unsynced change{pending.length === 1 ? '' : 's'}
              </span>
            )}
            <span className="spacer" />
            <span className="muted">
              {account?.name} · via {ticket.channel} · opened {formatDateTime(ticket.createdAt)}
            </span>
          </div>
          <h1 id="ticket-title">{ticket.subject}</h1>
          <TicketClocks ticket={ticket} messages={messages ?? []} accountPolicyId={account?.slaPolicyId ?? null} customerTimeZone={account?.timeZone ?? null} />
        </header>
        <LazyDetailNotice ticket={ticket} />
        {messages === undefined ? (
          <p className="empty">Loading conversation…</p>
        ) : (
          // Focusable, so that a keyboard alone can scroll a long thread (plain-text messages hold nothing to focus).
          <div className="thread-wrap" tabIndex={0} role="region" aria-label="Conversation thread" style={{ flex: 1, overflow: 'auto' }}>
            <Thread messages={messages} agentsById={agentsById} contactsById={contactsById} />
            <div ref={threadEnd} />
          </div>
        )}
        <Composer ticket={ticket} account={account ?? undefined} requester={requester} agent={agent} macros={macros} />
      </section>
      <aside className="side-pane" aria-label="Ticket details">
        <PropertiesPanel ticket={ticket} agent={agent} agentsById={agentsById} teamsById={teamsById} impactOpen={impactOpen} setImpactOpen={setImpactOpen} />
        <KnowledgeSuggestions ticket={ticket} />
        <HistorySection ticketId={ticket.id} messages={messages ?? []} />
      </aside>
      {account ? <AccountPanel account={account} agentsById={agentsById} currentTicketId={ticket.id} /> : <aside className="side-pane empty">Account not cached</aside>}
      {escalateOpen && <EscalateDialog ticket={ticket} account={account} onClose={() => setEscalateOpen(false)} />}
    </div>
  );
}

/** Every running clock of the ticket, exact from its thread (the queue uses the row-only estimate). */
function TicketClocks({
  ticket,
  messages,
  accountPolicyId,
  customerTimeZone,
}: {
  ticket: Ticket;
  messages: Message[];
  accountPolicyId: string | null;
  customerTimeZone: string | null;
}) {
  const ref = useSlaReference();
  const minute = useServerNow(60_000);
  const clocks = useMemo(() => {
    if (!ref) return [];
    const ctx: SlaContext = {
      policies: ref.policies,
      calendars: new Map(ref.calendars.map((c: BusinessCalendar) => [c.id, c])),
    };
    // The exact instant (not the minute tick): a reply made seconds ago must already count.
    const now = Math.max(minute, serverNow());
    try {
      const all = clocksFor(slaHistoryFromThread(ticket, messages), policiesFor(ctx, accountPolicyId), ctx, now);
      return all.map((c) => ({ clock: c, snap: snapshotFromClocks([c], ctx.calendars, now) }));
    } catch {
      return [];
    }
  }, [ref, ticket, messages, accountPolicyId, minute]);
  if (clocks.length === 0) return <div className="small faint">No SLA clock applies.</div>;
  return (
    <ul className="row wrap small" aria-label="SLA clocks" style={{ listStyle: 'none', margin: 0, padding: 0, gap: 14 }}>
      {clocks.map(({ clock, snap }) => (
        <li key={clock.metric} className="row" style={{ gap: 4 }}>
          <span className="muted">{slaMetricLabels[clock.metric]}:</span>
          {clock.state === 'fulfilled' ? (
            <span className="sla met">{clock.breachedAt ? 'Met late' : 'Met'}</span>
          ) : clock.state === 'cancelled' ? (
            <span className="sla none">Cancelled</span>
          ) : (
            <SlaCountdown sla={snap} long customerTimeZone={customerTimeZone} />
          )}
        </li>
      ))}
    </ul>
  );
}

const slaKindLabels: Record<SlaEvent['kind'], string> = {
  start: 'started',
  pause: 'paused',
  resume: 'resumed',
  warn: 'warning',
  breach: 'breached',
  fulfil: 'met',
  cancel: 'cancelled',
  retarget: 're-targeted',
};

function HistorySection({ ticketId, messages }: { ticketId: string; messages: Message[] }) {
  const slaEvents = useSlaEvents(ticketId);
  const entries = useMemo(() => {
    const sys = messages.filter((m) => m.kind === 'system_event').map((m) => ({ at: m.createdAt, text: m.body, key: m.id }));
    const sla = slaEvents.map((e) => ({ at: e.at, text: `SLA ${slaMetricLabels[e.metric].toLowerCase()} ${slaKindLabels[e.kind]}${e.provisional ? ' (provisional)' : ''}`, key: e.id }));
    return [...sys, ...sla].sort((a, b) => b.at - a.at);
  }, [messages, slaEvents]);
  return (
    <section className="section" aria-labelledby="history-title">
      <h2 id="history-title" className="section-title">
        History & SLA events
      </h2>
      {entries.length === 0 ? (
        <p className="faint small">Nothing yet.</p>
      ) : (
        <ol className="list-plain">
          {entries.slice(0, 40).map((e) => (
            <li key={e.key} className="row" style={{ alignItems: 'baseline' }}>
              <span className="grow">{e.text}</span>
              <time className="faint xsmall nowrap">{formatDateTime(e.at)}</time>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
