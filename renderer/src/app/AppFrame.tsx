import { Suspense, useEffect } from 'react';
import { ErrorBoundary } from '../ui/ErrorBoundary';
import { initials } from '../ui/format';
import { QueuePage } from '../features/queue/QueuePage';
import { TicketPage } from '../features/ticket/TicketPage';
import { AccountsPage } from '../features/account/AccountsPage';
import { AccountPage } from '../features/account/AccountPage';
import { SearchPage } from '../features/search/SearchPage';
import { LeadBoardPage } from '../features/lead/LeadBoardPage';
import { EscalationsPage } from '../features/escalation/EscalationsPage';
import { IncidentsPage } from '../features/incident/IncidentsPage';
import { SettingsPage } from '../features/settings/SettingsPage';
import { ToolsPage } from '../features/tools/ToolsPage';
import { startTicketStore } from '../features/queue/ticketStore';
import { useSavedViews } from '../features/queue/savedViews';
import { ConnectionIndicator } from './ConnectionIndicator';
import { RejectedChanges } from './RejectedChanges';
import { CommandPalette } from './CommandPalette';
import { ShortcutsOverlay } from './ShortcutsOverlay';
import { useGlobalCommands, useKeyboardDispatch } from './globalCommands';
import { lastQueueView, routeHref, useRoute, type Route } from './router';
import { useAgent } from './session';
import { useSessionConfirmation } from './sessionConfirmation';
import { startSync, useServerClockBridge } from './syncBridge';
import { logout } from './logout';
import { useUi } from './uiStore';

const navItems: Array<{ label: string; route: Route; match: Route['name'][] }> = [
  { label: 'Queue', route: { name: 'queue', viewId: 'my-open' }, match: ['queue', 'ticket'] },
  { label: 'Accounts', route: { name: 'accounts' }, match: ['accounts', 'account'] },
  { label: 'Lead board', route: { name: 'lead' }, match: ['lead'] },
  { label: 'Escalations', route: { name: 'escalations' }, match: ['escalations'] },
  { label: 'Incidents', route: { name: 'incidents' }, match: ['incidents'] },
  { label: 'Tools', route: { name: 'tools' }, match: ['tools'] },
  { label: 'Settings', route: { name: 'settings' }, match: ['settings'] },
];

export function AppFrame() {
  const agent = useAgent();
  const route = useRoute();

  useEffect(() => {
    useSavedViews.getState().load(agent.id);
    startSync(agent).catch((e: unknown) => console.error('sync did not start', e));
    startTicketStore();
  }, [agent]);

  useGlobalCommands();
  useServerClockBridge();
  useSessionConfirmation();
  useKeyboardDispatch();

  return (
    <div className="frame">
      <header className="topbar">
        <div className="brand">
          <span className="brand-mark" aria-hidden="true">
            A
          </span>
          <span>Accord</span>
        </div>
        <nav aria-label="Main">
          <ul>
            {navItems.map((item) => (
              <li key={item.label}>
                <a
                  href={item.route.name === 'queue' ? routeHref({ name: 'queue', viewId: lastQueueView() }) : routeHref(item.route)}
                  aria-current={item.match.includes(route.name) ? 'page' : undefined}
                >
                  {item.label}
                </a>
              </li>
            ))}
          </ul>
        </nav>
        <span className="spacer" />
        <a className="btn search-trigger" href={routeHref({ name: 'search', query: '' })} aria-label="Search (/)">
          <span>Search…</span>
          <kbd>/</kbd>
        </a>
        <button type="button" className="ghost small" onClick={() => useUi.getState().setPaletteOpen(true)} aria-label="Command palette (Ctrl+K)">
          <kbd>Ctrl K</kbd>
        </button>
        <ConnectionIndicator />
        <span className="agent-chip" aria-label={`Signed in as ${agent.name}, ${agent.role}`}>
          <span className="avatar" aria-hidden="true">
            {initials(agent.name)}
          </span>
          <span>
            <span>{agent.name}</span> <span className="faint xsmall">{agent.role}</span>
          </span>
        </span>
        <button type="button" className="small" onClick={() => void logout()}>
          Log out
        </button>
      </header>
      <main className="content" id="main" style={{ display: 'flex', flexDirection: 'column' }}>
        <RejectedChanges />
        <div style={{ flex: 1, minHeight: 0 }}>
          <ErrorBoundary label="This screen" key={route.name}>
            <Suspense fallback={<p className="empty">Loading…</p>}>
              <RouteView route={route} />
            </Suspense>
          </ErrorBoundary>
        </div>
      </main>
      <CommandPalette />
      <ShortcutsOverlay />
    </div>
  );
}

function RouteView({ route }: { route: Route }) {
  switch (route.name) {
    case 'queue':
      return <QueuePage viewId={route.viewId} />;
    case 'ticket':
      return <TicketPage key={route.ticketId} ticketId={route.ticketId} />;
    case 'accounts':
      return <AccountsPage />;
    case 'account':
      return <AccountPage accountId={route.accountId} />;
    case 'lead':
      return <LeadBoardPage />;
    case 'escalations':
      return <EscalationsPage />;
    case 'incidents':
      return <IncidentsPage />;
    case 'settings':
      return <SettingsPage />;
    case 'tools':
      return <ToolsPage />;
    case 'search':
      return <SearchPage initialQuery={route.query} />;
    default: {
      const unreachable: never = route;
      return unreachable;
    }
  }
}
