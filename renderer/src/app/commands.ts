import { useEffect, useRef, useSyncExternalStore } from 'react';

/**
 * One registry of everything an agent can do. Keyboard shortcuts, the command palette and the shortcuts
 * overlay all read it, so an action added once is reachable all three ways. Screens register their own
 * commands while mounted (`useCommands`).
 */
export interface Command {
  id: string;
  title: string;
  group: string;
  /** Normalised key chords, e.g. "j", "?", "Mod+k", "Enter", "Escape". */
  keys?: string[];
  /** Fires even while typing in a field (palette, escape hatches). */
  global?: boolean;
  /** Hide from the palette (e.g. j/k which only make sense as keys). */
  hiddenInPalette?: boolean;
  enabled?: () => boolean;
  run: () => void;
}

type Entry = { owner: number; command: Command };
let entries: Entry[] = [];
let snapshot: Command[] = [];
const listeners = new Set<() => void>();

function publish(): void {
  // Later registrations (the screen in front) win over earlier ones for the same key.
  snapshot = entries.map((e) => e.command);
  for (const l of listeners) l();
}

let nextOwner = 1;
export function registerCommands(commands: Command[]): () => void {
  const owner = nextOwner++;
  entries = [...entries, ...commands.map((command) => ({ owner, command }))];
  publish();
  return () => {
    entries = entries.filter((e) => e.owner !== owner);
    publish();
  };
}

export function allCommands(): Command[] {
  return snapshot;
}

export function useAllCommands(): Command[] {
  return useSyncExternalStore(
    (l) => {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    () => snapshot,
  );
}

/**
 * Registers commands for as long as the component is mounted. The latest closures are used at run time,
 * so callers can pass fresh objects every render; re-registration happens only when ids change.
 */
export function useCommands(commands: Command[]): void {
  const latest = useRef(commands);
  latest.current = commands;
  const signature = commands.map((c) => `${c.id}:${(c.keys ?? []).join(',')}`).join('|');
  useEffect(() => {
    const proxies: Command[] = latest.current.map((c) => ({
      ...c,
      get title() {
        return latest.current.find((x) => x.id === c.id)?.title ?? c.title;
      },
      enabled: () => {
        const cur = latest.current.find((x) => x.id === c.id);
        return cur ? (cur.enabled ? cur.enabled() : true) : false;
      },
      run: () => latest.current.find((x) => x.id === c.id)?.run(),
    }));
    return registerCommands(proxies);
  }, [signature]);
}

/** "Mod+k" on ⌘ for macOS and Ctrl elsewhere; printable keys as typed ("?", "j", "J"). */
export function chordOf(e: Pick<KeyboardEvent, 'key' | 'ctrlKey' | 'metaKey' | 'altKey' | 'shiftKey'>): string {
  const parts: string[] = [];
  if (e.ctrlKey || e.metaKey) parts.push('Mod');
  if (e.altKey) parts.push('Alt');
  const printable = e.key.length === 1;
  if (e.shiftKey && !printable) parts.push('Shift');
  parts.push(printable && (e.ctrlKey || e.metaKey) ? e.key.toLowerCase() : e.key);
  return parts.join('+');
}

export function isTypingTarget(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable) return true;
  const tag = target.tagName;
  if (tag === 'TEXTAREA' || tag === 'SELECT') return true;
  if (tag === 'INPUT') {
    const type = (target as HTMLInputElement).type;
    return !['checkbox', 'radio', 'button', 'submit', 'reset'].includes(type);
  }
  return false;
}

/** Finds the command for a key event: the most recently registered enabled match wins. */
export function commandForEvent(e: KeyboardEvent): Command | null {
  const chord = chordOf(e);
  const typing = isTypingTarget(e.target);
  for (let i = snapshot.length - 1; i >= 0; i--) {
    const c = snapshot[i]!;
    if (!c.keys?.includes(chord)) continue;
    if (typing && !c.global) continue;
    if (c.enabled && !c.enabled()) continue;
    return c;
  }
  return null;
}

const isMac = typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform);
/** Display form of a chord: "Mod+k" → ["Ctrl", "k"] / ["⌘", "k"]. */
export function displayChord(chord: string): string[] {
  return chord.split('+').map((p) => (p === 'Mod' ? (isMac ? '⌘' : 'Ctrl') : p === ' ' ? 'Space' : p));
}
