import { z } from 'zod';
import { agentSchema, type Agent } from '../../../shared/domain';

/**
 * The profile of the last agent who signed in on this device, so that a reload with the server unreachable
 * keeps them working from the local cache. Only the Agent object (name, role, time zone…) and the backend it
 * came from — never a token: the web console's session is an HttpOnly cookie, the desktop keeps its token in
 * the OS credential store. Read back through the schema, since local storage is anyone's to edit.
 */
const storageKey = 'accord.lastAgent';
const storedSchema = z.object({ baseUrl: z.string(), agent: agentSchema });

/** The slice of the Web Storage API used here (a Map-backed one in tests). */
export interface ProfileStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

export interface LastAgentProfile {
  /** The cached agent if it was signed in against this backend. */
  load(baseUrl: string): Agent | null;
  save(baseUrl: string, agent: Agent): void;
  clear(): void;
}

export function createLastAgentProfile(storage: () => ProfileStorage | null): LastAgentProfile {
  // Storage can be missing or refuse (private mode, quota): the profile is a convenience, never a failure.
  const attempt = <T>(fn: (s: ProfileStorage) => T, fallback: T): T => {
    try {
      const s = storage();
      return s ? fn(s) : fallback;
    } catch {
      return fallback;
    }
  };
  return {
    load(baseUrl) {
      return attempt((s) => {
        const raw = s.getItem(storageKey);
        if (raw === null) return null;
        const parsed = storedSchema.safeParse(JSON.parse(raw));
        return parsed.success && parsed.data.baseUrl === baseUrl ? parsed.data.agent : null;
      }, null);
    },
    save(baseUrl, agent) {
      attempt((s) => s.setItem(storageKey, JSON.stringify({ baseUrl, agent: agentSchema.parse(agent) })), undefined);
    },
    clear() {
      attempt((s) => s.removeItem(storageKey), undefined);
    },
  };
}

export const lastAgentProfile = createLastAgentProfile(() => (typeof localStorage === 'undefined' ? null : localStorage));
