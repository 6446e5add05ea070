import { create } from 'zustand';
import type { Agent } from '../../../shared/domain';
import { apiErrorOf, createApiClient, type ApiClient } from '../../../shared/api';
import { getHost } from '../host/host';

/**
 * Who is signed in. The web console is authenticated by the server's HttpOnly cookie (no token is kept
 * in web storage); the desktop app keeps its token with the host's credential store. Everything
 * network-facing goes through the typed API client of shared/api.
 */
export type SessionStatus = 'checking' | 'signed-out' | 'signed-in';

interface SessionState {
  status: SessionStatus;
  agent: Agent | null;
  /** Desktop only: the bearer token (kept in memory for the API client and the sync transport). */
  token: string | null;
  baseUrl: string;
}

export const useSession = create<SessionState>()(() => ({ status: 'checking', agent: null, token: null, baseUrl: '' }));

let client: ApiClient | null = null;
export function apiClient(): ApiClient {
  client ??= createApiClient(useSession.getState().baseUrl || window.location.origin, () => useSession.getState().token);
  return client;
}

/** The signed-in agent; only call below the session gate. */
export function useAgent(): Agent {
  const agent = useSession((s) => s.agent);
  if (!agent) throw new Error('useAgent outside a signed-in session');
  return agent;
}

async function resolveBackend(): Promise<void> {
  const host = getHost();
  const conn = await host.backend.getConnection();
  const baseUrl = conn.ok ? conn.value.baseUrl : window.location.origin;
  if (baseUrl !== useSession.getState().baseUrl) client = null;
  useSession.setState({ baseUrl });
  if (host.kind === 'desktop') {
    const creds = await host.credentials.load();
    useSession.setState({ token: creds.ok && creds.value ? creds.value.token : null });
  }
}

export async function restoreSession(): Promise<void> {
  try {
    await resolveBackend();
    const agent = await apiClient().auth.me();
    useSession.setState({ status: 'signed-in', agent });
  } catch {
    useSession.setState({ status: 'signed-out', agent: null, token: null });
  }
}

/** Signs in; throws an Error whose message is the server's human message (e.g. wrong password). */
export async function signIn(email: string, password: string): Promise<Agent> {
  let res;
  try {
    res = await apiClient().auth.login({ email, password });
  } catch (e) {
    throw new Error(apiErrorOf(e).message);
  }
  const host = getHost();
  if (host.kind === 'desktop') await host.credentials.save({ token: res.token, agentEmail: res.agent.email });
  // The web console relies on the HttpOnly cookie; the token is kept in memory for the desktop only.
  useSession.setState({ status: 'signed-in', agent: res.agent, token: host.kind === 'desktop' ? res.token : null });
  return res.agent;
}

export async function signOut(): Promise<void> {
  try {
    await apiClient().auth.logout({});
  } catch {
    // Signing out must always succeed locally, even offline; the server session expires on its own.
  }
  await getHost().credentials.clear();
  useSession.setState({ status: 'signed-out', agent: null, token: null });
}
