import { useEffect } from 'react';
import { commandForEvent, useCommands } from './commands';
import { lastQueueView, navigate } from './router';
import { useUi } from './uiStore';
import { logout } from './logout';

/** Commands available on every screen. */
export function useGlobalCommands(): void {
  useCommands([
    { id: 'app.palette', title: 'Command palette', group: 'General', keys: ['Mod+k'], global: true, hiddenInPalette: true, run: () => useUi.getState().setPaletteOpen(true) },
    { id: 'app.shortcuts', title: 'Keyboard shortcuts', group: 'General', keys: ['?'], run: () => useUi.getState().setShortcutsOpen(true) },
    { id: 'app.search', title: 'Search', group: 'General', keys: ['/'], run: () => navigate({ name: 'search', query: '' }) },
    { id: 'go.queue', title: 'Go to queue', group: 'Navigation', keys: ['g q'], run: () => navigate({ name: 'queue', viewId: lastQueueView() }) },
    { id: 'go.accounts', title: 'Go to accounts', group: 'Navigation', keys: ['g a'], run: () => navigate({ name: 'accounts' }) },
    { id: 'go.lead', title: 'Go to lead board', group: 'Navigation', keys: ['g l'], run: () => navigate({ name: 'lead' }) },
    { id: 'go.escalations', title: 'Go to escalations', group: 'Navigation', keys: ['g e'], run: () => navigate({ name: 'escalations' }) },
    { id: 'go.incidents', title: 'Go to incidents', group: 'Navigation', keys: ['g i'], run: () => navigate({ name: 'incidents' }) },
    { id: 'go.settings', title: 'Go to settings', group: 'Navigation', keys: ['g s'], run: () => navigate({ name: 'settings' }) },
    { id: 'go.tools', title: 'Go to tools (uptime calculator)', group: 'Navigation', run: () => navigate({ name: 'tools' }) },
    { id: 'app.logout', title: 'Log out', group: 'General', run: () => void logout() },
  ]);
}

/**
 * The single keydown listener. Two-key sequences ("g q") are recognised by remembering a leading "g"
 * for a moment.
 */
export function useKeyboardDispatch(): void {
  useEffect(() => {
    let leader: { key: string; at: number } | null = null;
    const onKey = (e: KeyboardEvent) => {
      if (e.defaultPrevented || e.isComposing) return;
      // Modal dialogs own the keyboard, except the palette toggle.
      const inDialog = document.querySelector('dialog[open]') !== null;
      let command = null as ReturnType<typeof commandForEvent>;
      if (leader && Date.now() - leader.at < 1200 && e.key.length === 1 && !e.ctrlKey && !e.metaKey) {
        const seq = new KeyboardEvent('keydown', { key: `${leader.key} ${e.key}` });
        Object.defineProperty(seq, 'target', { value: e.target });
        command = commandForEvent(seq);
        leader = null;
      }
      command ??= commandForEvent(e);
      if (!command && e.key === 'g' && !e.ctrlKey && !e.metaKey && !e.altKey) {
        leader = { key: 'g', at: Date.now() };
        return;
      }
      if (!command) return;
      if (inDialog && command.id !== 'app.palette') return;
      e.preventDefault();
      command.run();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
}
