import { create } from 'zustand';

/** UI state only (STYLE.md 8): nothing here comes from the cache or the server. */
export interface UiState {
  paletteOpen: boolean;
  shortcutsOpen: boolean;
  /** Cursor (keyboard focus row) per queue view. */
  cursorByView: Record<string, string | undefined>;
  /** Multi-selection in the queue (ticket ids). */
  selection: ReadonlySet<string>;
  /** Last ticket opened from a queue: j/k on the ticket screen walk the same list. */
  queueOrder: readonly string[];
  /** A request from a shortcut to the ticket screen ("focus the composer in note mode"). */
  composerRequest: { mode: 'reply' | 'note'; seq: number } | null;
  /** "Escalate" pressed in the queue: the ticket screen opens its escalation dialog for this ticket. */
  escalateRequest: string | null;
  setEscalateRequest: (ticketId: string | null) => void;
  setPaletteOpen: (open: boolean) => void;
  setShortcutsOpen: (open: boolean) => void;
  setCursor: (viewId: string, ticketId: string | undefined) => void;
  setSelection: (ids: ReadonlySet<string>) => void;
  setQueueOrder: (ids: readonly string[]) => void;
  requestComposer: (mode: 'reply' | 'note') => void;
  reset: () => void;
}

const initial = {
  paletteOpen: false,
  shortcutsOpen: false,
  cursorByView: {},
  selection: new Set<string>(),
  queueOrder: [],
  composerRequest: null,
  escalateRequest: null,
};

export const useUi = create<UiState>()((set, get) => ({
  ...initial,
  setEscalateRequest: (escalateRequest) => set({ escalateRequest }),
  setPaletteOpen: (paletteOpen) => set({ paletteOpen }),
  setShortcutsOpen: (shortcutsOpen) => set({ shortcutsOpen }),
  setCursor: (viewId, ticketId) => set({ cursorByView: { ...get().cursorByView, [viewId]: ticketId } }),
  setSelection: (selection) => set({ selection }),
  setQueueOrder: (queueOrder) => set({ queueOrder }),
  requestComposer: (mode) => set({ composerRequest: { mode, seq: (get().composerRequest?.seq ?? 0) + 1 } }),
  reset: () => set({ ...initial, selection: new Set() }),
}));
