import { create } from 'zustand';
import { persist } from 'zustand/middleware';
import type { LeadGroupBy } from './leadBoardModel';

/** The lead board's view preferences (UI state only), kept across restarts on this device. */
export interface LeadBoardPrefs {
  groupBy: LeadGroupBy;
  /** 'team': the teams the agent leads (and their own); 'all': every team. */
  scope: 'team' | 'all';
  notifications: boolean;
  doNotDisturb: boolean;
  set: (patch: Partial<Omit<LeadBoardPrefs, 'set'>>) => void;
}

export const useLeadBoardPrefs = create<LeadBoardPrefs>()(
  persist(
    (set) => ({
      groupBy: 'agent',
      scope: 'team',
      notifications: true,
      doNotDisturb: false,
      set: (patch) => set(patch),
    }),
    { name: 'accord.leadBoard', partialize: ({ groupBy, scope, notifications, doNotDisturb }) => ({ groupBy, scope, notifications, doNotDisturb }) },
  ),
);
