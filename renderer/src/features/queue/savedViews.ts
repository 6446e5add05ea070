import { create } from 'zustand';
import type { QueueFilter, QueueView } from './views';

/**
 * Saved views live on this device, per agent (localStorage): they are personal workspace settings,
 * not shared data, so they need no sync.
 */
interface SavedViewsState {
  agentId: string | null;
  views: QueueView[];
  load: (agentId: string) => void;
  save: (view: { id?: string; name: string; filter: QueueFilter }) => QueueView;
  remove: (id: string) => void;
}

const storageKey = (agentId: string) => `accord.savedViews.${agentId}`;

function read(agentId: string): QueueView[] {
  try {
    const raw = localStorage.getItem(storageKey(agentId));
    const parsed: unknown = raw ? JSON.parse(raw) : [];
    if (!Array.isArray(parsed)) return [];
    return parsed.filter(
      (v): v is QueueView => typeof v === 'object' && v !== null && typeof v.id === 'string' && typeof v.name === 'string' && typeof v.filter === 'object',
    );
  } catch {
    return [];
  }
}

export const useSavedViews = create<SavedViewsState>()((set, get) => ({
  agentId: null,
  views: [],
  load: (agentId) => set({ agentId, views: read(agentId) }),
  save: ({ id, name, filter }) => {
    const view: QueueView = { id: id ?? `saved-${crypto.randomUUID()}`, name, group: 'Saved', filter };
    const views = [...get().views.filter((v) => v.id !== view.id), view];
    set({ views });
    const agentId = get().agentId;
    if (agentId) localStorage.setItem(storageKey(agentId), JSON.stringify(views));
    return view;
  },
  remove: (id) => {
    const views = get().views.filter((v) => v.id !== id);
    set({ views });
    const agentId = get().agentId;
    if (agentId) localStorage.setItem(storageKey(agentId), JSON.stringify(views));
  },
}));
