import { useVirtualizer } from '@tanstack/react-virtual';
import { memo, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { Account, Agent } from '../../../../shared/domain';
import { cacheDb } from '../../app/cacheDb';
import { useCommands } from '../../app/commands';
import { useBootstrapProgress } from '../../data';
import { navigate, rememberQueueView, routeHref } from '../../app/router';
import { useAgent } from '../../app/session';
import { useUi } from '../../app/uiStore';
import { HealthDot, SeverityBadge, StatusBadge } from '../../ui/Badges';
import { useServerNow } from '../../ui/clock';
import { formatAge, ticketRef } from '../../ui/format';
import { accountsByName, useAccountsById } from '../account/queries';
import { SlaCountdown } from '../sla/SlaCountdown';
import { useAgentsById, usePrefetchTicket } from '../ticket/queries';
import { BulkBar, StatusDialog, assignToMe, bulkTagLabel } from './BulkActions';
import { FilterDialog } from './FilterDialog';
import { useSavedViews } from './savedViews';
import type { QueueRow } from './ticketIndex';
import { ticketIndex, useTicketStore } from './ticketStore';
import { useViewCounts } from './viewCounts';
import { viewRowsCache } from './viewRows';
import { builtInViews, describeFilter, type QueueView } from './views';

const ROW_HEIGHT = 34;

const viewRows = viewRowsCache(ticketIndex);

export function useQueueViews(agent: Agent, accountsById: ReadonlyMap<string, Account>, viewId: string): { views: QueueView[]; current: QueueView } {
  const saved = useSavedViews((s) => s.views);
  const views = useMemo(() => [...builtInViews(agent), ...saved], [agent, saved]);
  const current = useMemo<QueueView>(() => {
    const found = views.find((v) => v.id === viewId);
    if (found) return found;
    if (viewId.startsWith('account:')) {
      const accountId = viewId.slice('account:'.length);
      const name = accountsById.get(accountId)?.name ?? 'Account';
      return { id: viewId, name: `${name} — open tickets`, group: 'Accounts', filter: { accountId, statuses: ['new', 'open', 'pending_customer', 'on_hold', 'waiting_engineering'] } };
    }
    return views[0]!;
  }, [views, viewId, accountsById]);
  return { views, current };
}

export function QueuePage({ viewId }: { viewId: string }) {
  const agent = useAgent();
  const store = useTicketStore();
  const bootstrap = useBootstrapProgress(cacheDb);
  const accountsById = useAccountsById();
  const agentsById = useAgentsById();
  const { views, current } = useQueueViews(agent, accountsById, viewId);
  const minuteNow = useServerNow(60_000);
  const [filterOpen, setFilterOpen] = useState<false | 'new' | 'edit'>(false);
  const [statusOpen, setStatusOpen] = useState(false);

  useEffect(() => rememberQueueView(current.id), [current.id]);

  const ctx = useMemo(() => ({ agentId: agent.id, now: minuteNow, accountsById }), [agent.id, minuteNow, accountsById]);
  // The index is mutable: store.version is what says it changed.
  // eslint-disable-next-line react-hooks/exhaustive-deps
  const rows = useMemo(() => viewRows.rows(current.filter, ctx), [current, ctx, store.version]);

  const counts = useViewCounts(ticketIndex, views, ctx, store.version);

  const cursorId = useUi((s) => s.cursorByView[current.id]);
  const setCursor = useUi((s) => s.setCursor);
  const selection = useUi((s) => s.selection);
  const setSelection = useUi((s) => s.setSelection);
  const setQueueOrder = useUi((s) => s.setQueueOrder);

  const cursorIndex = useMemo(() => {
    const i = cursorId ? rows.findIndex((r) => r.ticket.id === cursorId) : -1;
    return i >= 0 ? i : rows.length > 0 ? 0 : -1;
  }, [rows, cursorId]);
  const cursorRow = cursorIndex >= 0 ? rows[cursorIndex] : undefined;
  usePrefetchTicket(cursorRow?.ticket.id);

  // Selection only ever holds tickets that are visible in this view.
  useEffect(() => {
    if (selection.size === 0) return;
    const visible = new Set(rows.map((r) => r.ticket.id));
    const kept = [...selection].filter((id) => visible.has(id));
    if (kept.length !== selection.size) setSelection(new Set(kept));
  }, [rows, selection, setSelection]);

  const scrollRef = useRef<HTMLDivElement>(null);
  // Rows have one fixed height, so the virtualiser's default key (the position) is all it needs: with a key per
  // ticket it would lay out every row again (one object per row, up to 100,000) whenever the view changes.
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 3,
  });
  const virtualRows = virtualizer.getVirtualItems();

  const moveCursor = useCallback(
    (delta: number) => {
      if (rows.length === 0) return;
      const next = Math.max(0, Math.min(rows.length - 1, (cursorIndex < 0 ? 0 : cursorIndex) + delta));
      setCursor(current.id, rows[next]!.ticket.id);
      virtualizer.scrollToIndex(next, { align: 'auto' });
    },
    [rows, cursorIndex, current.id, setCursor, virtualizer],
  );

  const moveCursorTo = useCallback((id: string) => setCursor(current.id, id), [current.id, setCursor]);

  const openTicket = useCallback(
    (id: string) => {
      setQueueOrder(rows.map((r) => r.ticket.id));
      setCursor(current.id, id);
      navigate({ name: 'ticket', ticketId: id });
    },
    [rows, current.id, setCursor, setQueueOrder],
  );

  const toggleSelect = useCallback(
    (id: string, range = false) => {
      const next = new Set(selection);
      if (range && cursorRow) {
        const a = rows.findIndex((r) => r.ticket.id === cursorRow.ticket.id);
        const b = rows.findIndex((r) => r.ticket.id === id);
        for (let i = Math.min(a, b); i <= Math.max(a, b); i++) next.add(rows[i]!.ticket.id);
      } else if (next.has(id)) next.delete(id);
      else next.add(id);
      setSelection(next);
      setCursor(current.id, id);
    },
    [selection, rows, cursorRow, setSelection, setCursor, current.id],
  );

  /** The tickets an action applies to: the selection, or else the row under the cursor. */
  const targets = useCallback((): QueueRow[] => {
    if (selection.size > 0) return rows.filter((r) => selection.has(r.ticket.id));
    return cursorRow ? [cursorRow] : [];
  }, [selection, rows, cursorRow]);

  useCommands([
    { id: 'queue.down', title: 'Next ticket', group: 'Queue', keys: ['j', 'ArrowDown'], hiddenInPalette: true, run: () => moveCursor(1) },
    { id: 'queue.up', title: 'Previous ticket', group: 'Queue', keys: ['k', 'ArrowUp'], hiddenInPalette: true, run: () => moveCursor(-1) },
    { id: 'queue.pageDown', title: 'Page down', group: 'Queue', keys: ['PageDown'], hiddenInPalette: true, run: () => moveCursor(15) },
    { id: 'queue.pageUp', title: 'Page up', group: 'Queue', keys: ['PageUp'], hiddenInPalette: true, run: () => moveCursor(-15) },
    { id: 'queue.first', title: 'First ticket', group: 'Queue', keys: ['Home'], hiddenInPalette: true, run: () => moveCursor(-rows.length) },
    { id: 'queue.last', title: 'Last ticket', group: 'Queue', keys: ['End'], hiddenInPalette: true, run: () => moveCursor(rows.length) },
    {
      id: 'queue.open',
      title: 'Open ticket',
      group: 'Queue',
      keys: ['Enter', 'o'],
      enabled: () => cursorRow !== undefined,
      run: () => cursorRow && openTicket(cursorRow.ticket.id),
    },
    {
      id: 'queue.select',
      title: 'Select / deselect ticket',
      group: 'Queue',
      keys: ['x'],
      enabled: () => cursorRow !== undefined,
      run: () => cursorRow && toggleSelect(cursorRow.ticket.id),
    },
    {
      id: 'queue.selectAll',
      title: 'Select all tickets in view',
      group: 'Queue',
      keys: ['*'],
      run: () => setSelection(new Set(rows.map((r) => r.ticket.id))),
    },
    { id: 'queue.clearSelection', title: 'Clear selection', group: 'Queue', keys: ['Escape'], enabled: () => selection.size > 0, run: () => setSelection(new Set()) },
    {
      id: 'queue.assignMe',
      title: 'Assign to me',
      group: 'Ticket',
      keys: ['a'],
      enabled: () => targets().length > 0,
      run: () => void assignToMe(targets(), agent),
    },
    { id: 'queue.status', title: 'Change status…', group: 'Ticket', keys: ['s'], enabled: () => targets().length > 0, run: () => setStatusOpen(true) },
    {
      id: 'queue.tag',
      title: 'Tag selected tickets…',
      group: 'Ticket',
      keys: ['t'],
      enabled: () => targets().length > 0,
      run: () => {
        // The bulk bar (and its tag box) shows once something is selected: the row under the cursor at least.
        if (selection.size === 0 && cursorRow) setSelection(new Set([cursorRow.ticket.id]));
        requestAnimationFrame(() => document.querySelector<HTMLInputElement>(`input[aria-label="${bulkTagLabel}"]`)?.focus());
      },
    },
    {
      id: 'queue.escalate',
      title: 'Escalate ticket…',
      group: 'Ticket',
      keys: ['e'],
      enabled: () => cursorRow !== undefined,
      run: () => {
        if (!cursorRow) return;
        useUi.getState().setEscalateRequest(cursorRow.ticket.id);
        openTicket(cursorRow.ticket.id);
      },
    },
    { id: 'queue.newView', title: 'New saved view from filters…', group: 'Queue', keys: ['f'], run: () => setFilterOpen('new') },
    ...views.map((v, i) => ({
      id: `queue.view.${v.id}`,
      title: `Go to view: ${v.name}`,
      group: 'Views',
      ...(i < 9 ? { keys: [`${i + 1}`] } : {}),
      run: () => navigate({ name: 'queue', viewId: v.id }),
    })),
  ]);

  // Keep the grid focused after switching views so j/k work at once.
  useEffect(() => {
    if (document.activeElement === document.body) scrollRef.current?.focus({ preventScroll: true });
  }, [current.id]);

  const grouped = useMemo(() => {
    const g = new Map<string, QueueView[]>();
    for (const v of views) g.set(v.group, [...(g.get(v.group) ?? []), v]);
    return [...g.entries()];
  }, [views]);

  const accountsSorted = accountsByName(accountsById);
  const agentName = (id: string) => agentsById.get(id)?.name ?? 'unknown agent';
  const targetRows = targets();

  return (
    <div className="queue-page">
      <nav className="views-pane" aria-label="Queue views">
        {grouped.map(([group, vs]) => (
          <section key={group} aria-labelledby={`views-${group}`}>
            <h2 id={`views-${group}`}>{group}</h2>
            <ul>
              {vs.map((v) => (
                <li key={v.id}>
                  <a href={routeHref({ name: 'queue', viewId: v.id })} aria-current={v.id === current.id ? 'page' : undefined}>
                    <span className="ellipsis">{v.name}</span>
                    <span className="count" aria-label={`${counts.get(v.id) ?? 0} tickets`}>
                      {counts.get(v.id) ?? '…'}
                    </span>
                  </a>
                </li>
              ))}
            </ul>
          </section>
        ))}
        <section aria-labelledby="views-by-account">
          <h2 id="views-by-account">By account</h2>
          <AccountViewPicker accounts={accountsSorted} accountId={current.filter.accountId ?? ''} />
        </section>
        <div style={{ padding: '10px 8px' }}>
          <button type="button" className="small" onClick={() => setFilterOpen('new')}>
            + New view <kbd>f</kbd>
          </button>
        </div>
      </nav>

      <section className="queue-main" aria-labelledby="queue-title">
        <div className="queue-toolbar">
          <h1 id="queue-title" style={{ fontSize: 'var(--fs-l)' }}>
            {current.name}
          </h1>
          <span className="muted small num" aria-live="polite">
            {bootstrap.state === 'loading'
              ? `Downloading your cache… ${bootstrap.loaded.toLocaleString()} / ${bootstrap.total.toLocaleString()}`
              : store.status === 'ready'
                ? `${rows.length.toLocaleString()} tickets`
                : store.status === 'error'
                  ? ''
                  : 'Loading tickets…'}
          </span>
          <span className="faint small ellipsis grow" title={describeFilter(current.filter, agentName)}>
            {describeFilter(current.filter, agentName)}
          </span>
          {current.group === 'Saved' && (
            <>
              <button type="button" className="small" onClick={() => setFilterOpen('edit')}>
                Edit view
              </button>
              <button
                type="button"
                className="small ghost"
                onClick={() => {
                  useSavedViews.getState().remove(current.id);
                  navigate({ name: 'queue', viewId: 'my-open' });
                }}
              >
                Delete view
              </button>
            </>
          )}
        </div>
        {selection.size > 0 && <BulkBar rows={rows.filter((r) => selection.has(r.ticket.id))} onStatus={() => setStatusOpen(true)} />}
        {store.status === 'error' && (
          <div role="alert" className="form-error" style={{ margin: 12 }}>
            Could not read the local cache: {store.error}
          </div>
        )}
        <div
          role="grid"
          aria-labelledby="queue-title"
          aria-rowcount={rows.length + 1}
          aria-multiselectable="true"
          aria-activedescendant={cursorRow ? `row-${cursorRow.ticket.id}` : undefined}
          ref={scrollRef}
          tabIndex={0}
          className="grid-scroll"
        >
          <div role="rowgroup" style={{ position: 'sticky', top: 0, zIndex: 1 }}>
            <div role="row" aria-rowindex={1} className="grid-head">
              <span role="columnheader">
                <span className="visually-hidden">Selected</span>
              </span>
              <span role="columnheader">Sev</span>
              <span role="columnheader">Subject</span>
              <span role="columnheader">Account</span>
              <span role="columnheader">Owner</span>
              <span role="columnheader">Status</span>
              <span role="columnheader" aria-sort="ascending">
                SLA
              </span>
              <span role="columnheader">Customer</span>
            </div>
          </div>
          <div role="rowgroup" style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
            {virtualRows.map((vi) => {
              const row = rows[vi.index]!;
              return (
                <QueueRowView
                  // Keyed by place in the window, not by ticket: switching views refills the ~40 row elements
                  // instead of tearing them down and building new ones, and scrolling by a row reuses the one that
                  // left (its index modulo the window size is the entering row's).
                  key={vi.index % virtualRows.length}
                  row={row}
                  index={vi.index}
                  top={vi.start}
                  isCursor={row === cursorRow}
                  selected={selection.has(row.ticket.id)}
                  account={accountsById.get(row.ticket.accountId)}
                  ownerName={row.ticket.ownerId ? (agentsById.get(row.ticket.ownerId)?.name ?? '—') : null}
                  onOpen={openTicket}
                  onToggle={toggleSelect}
                  onCursor={moveCursorTo}
                />
              );
            })}
          </div>
          {store.status === 'ready' && rows.length === 0 && <p className="empty">No tickets in this view. Nice.</p>}
        </div>
      </section>
      {filterOpen && (
        <FilterDialog
          initial={filterOpen === 'edit' ? current : null}
          onClose={() => setFilterOpen(false)}
          onSaved={(v) => {
            setFilterOpen(false);
            // An edited view is already on screen: a history entry of the same view would make Back do nothing, and
            // pushing one makes the browser serialise the page's scroll state (a forced layout) before the re-render.
            if (v.id !== current.id) navigate({ name: 'queue', viewId: v.id });
          }}
        />
      )}
      {statusOpen && <StatusDialog rows={targetRows} onClose={() => setStatusOpen(false)} />}
    </div>
  );
}

/**
 * "By account": thousands of options. They are created only once the picker gets focus (keyboard or mouse, before
 * the list opens), so the queue screen does not build and tear down 5,000 elements every time it is shown.
 */
const AccountViewPicker = memo(function AccountViewPicker({ accounts, accountId }: { accounts: readonly Account[]; accountId: string }) {
  // Dropped again on blur: 5,000 option elements left in the page make every style recalculation (a dialog
  // closing, a view switch) several times dearer.
  const [expanded, setExpanded] = useState(false);
  const chosen = accountId ? accounts.find((a) => a.id === accountId) : undefined;
  const options = expanded ? accounts : chosen ? [chosen] : [];
  return (
    <div style={{ padding: '0 8px' }}>
      <select
        aria-label="Show open tickets of account"
        style={{ width: '100%' }}
        value={accountId}
        onFocus={() => setExpanded(true)}
        onMouseDown={() => setExpanded(true)}
        onBlur={() => setExpanded(false)}
        onChange={(e) => e.target.value && navigate({ name: 'queue', viewId: `account:${e.target.value}` })}
      >
        <option value="">Choose an account…</option>
        {options.map((a) => (
          <option key={a.id} value={a.id}>
            {a.name}
          </option>
        ))}
      </select>
    </div>
  );
});

const QueueRowView = memo(function QueueRowView(props: {
  row: QueueRow;
  index: number;
  top: number;
  isCursor: boolean;
  selected: boolean;
  account: Account | undefined;
  ownerName: string | null;
  onOpen: (id: string) => void;
  onToggle: (id: string, range?: boolean) => void;
  onCursor: (id: string) => void;
}) {
  const { row, account } = props;
  const t = row.ticket;
  const minuteNow = useServerNow(60_000);
  return (
    <div
      role="row"
      id={`row-${t.id}`}
      aria-rowindex={props.index + 2}
      aria-selected={props.selected}
      className={`grid-row${props.isCursor ? ' cursor' : ''}`}
      style={{ transform: `translateY(${props.top}px)` }}
      onClick={() => props.onCursor(t.id)}
      onDoubleClick={() => props.onOpen(t.id)}
    >
      <span role="gridcell">
        <input
          type="checkbox"
          tabIndex={-1}
          checked={props.selected}
          aria-label={`Select ticket ${ticketRef(t.number)}`}
          onClick={(e) => {
            e.stopPropagation();
            props.onToggle(t.id, e.shiftKey);
          }}
          onChange={() => undefined}
        />
      </span>
      <span role="gridcell">
        <SeverityBadge severity={t.severity} />
      </span>
      <span role="gridcell" className="cell subject">
        <a
          href={routeHref({ name: 'ticket', ticketId: t.id })}
          tabIndex={-1}
          style={{ color: 'inherit', textDecoration: 'none' }}
          onClick={(e) => {
            e.preventDefault();
            props.onOpen(t.id);
          }}
        >
          <span className="num">{ticketRef(t.number)}</span>
          {t.subject}
        </a>
      </span>
      <span role="gridcell" className="cell cell-account">
        {account && <HealthDot band={account.healthBand} score={account.healthScore} />}
        <span className="ellipsis">{account?.name ?? '—'}</span>
        <span className="faint xsmall">{t.plan === 'enterprise' ? 'ENT' : t.plan === 'business' ? 'BUS' : 'STR'}</span>
      </span>
      <span role="gridcell" className={`cell ${props.ownerName ? '' : 'faint'}`}>
        {props.ownerName ?? 'Unassigned'}
      </span>
      <span role="gridcell" className="cell">
        <StatusBadge status={t.status} />
      </span>
      <span role="gridcell" className="cell">
        <SlaCountdown sla={row.sla} customerTimeZone={account?.timeZone} />
      </span>
      <span role="gridcell" className="cell muted small">
        {t.lastCustomerMessageAt ? formatAge(t.lastCustomerMessageAt, minuteNow) : '—'}
      </span>
    </div>
  );
});
