import { create } from 'zustand';

/** Composer drafts per ticket (UI state: survives switching tickets, not a reload). */
export interface Draft {
  text: string;
  mode: 'reply' | 'note';
  /** Text was typed in note mode, then the agent switched to reply. */
  switchedFromNote: boolean;
  /** Actions of the macro last inserted, applied when the message is sent. */
  macroActions: { setStatus: string | null; addTags: string[] } | null;
}

export const emptyDraft: Draft = { text: '', mode: 'reply', switchedFromNote: false, macroActions: null };

interface DraftState {
  drafts: Record<string, Draft>;
  update: (ticketId: string, patch: Partial<Draft>) => void;
  clear: (ticketId: string) => void;
}

export const useDrafts = create<DraftState>()((set, get) => ({
  drafts: {},
  update: (ticketId, patch) => set({ drafts: { ...get().drafts, [ticketId]: { ...(get().drafts[ticketId] ?? emptyDraft), ...patch } } }),
  clear: (ticketId) => {
    const { [ticketId]: _gone, ...rest } = get().drafts;
    set({ drafts: rest });
  },
}));
