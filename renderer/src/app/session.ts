import { create } from 'zustand';
import type { Agent } from '../../../shared/domain';
import { apiErrorOf, createApiClient, type ApiClient } from '../../../shared/api';
import { getHost } from '../host/host';
import { lastAgentProfile } from './lastAgentProfile';

/**
 * Who is signed in. The web console is authenticated by the server's HttpOnly cookie (no token is kept
 * in web storage); the desktop app keeps its token with the host's credential store. Everything
 * network-facing goes through the typed API client of shared/api.
 */
export type SessionStatus = 'checking' | 'signed-out' | 'signed-in';

interface SessionState {
  status: SessionStatus;
  agent: Agent | null;
  /**
   * false while signed in from the cached profile because the server could not be reached: the agent works
   * from the local cache, and the session is checked again when the network returns (useSessionConfirmation).
   */
  confirmed: boolean;
  /** Desktop only: the bearer token (kept in memory for the API client and the sync transport). */
  token: string | null;
  baseUrl: string;
}

export const useSession = create<SessionState>()(() => ({ status: 'checking', agent: null, confirmed: false, token: null, baseUrl: '' }));

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

/**
 * Why asking the server who is signed in failed: `refused` (a 4xx, e.g. 401: the session is gone) or
 * `unreachable` (no network, or the server or a proxy failing: nothing is known about the session).
 */
export function sessionCheckFailure(error: unknown): 'refused' | 'unreachable' {
  const { status } = apiErrorOf(error);
  return status >= 400 && status < 500 ? 'refused' : 'unreachable';
}

/** Signs in from the cached profile when the server is unreachable; a refusal signs out and forgets the profile. */
export async function restoreSession(): Promise<void> {
  let agent: Agent;
  try {
    await resolveBackend();
    agent = await apiClient().auth.me();
  } catch (error) {
    const failure = sessionCheckFailure(error);
    const cached = failure === 'unreachable' ? cachedAgent() : null;
    if (cached) {
      useSession.setState({ status: 'signed-in', agent: cached, confirmed: false });
      return;
    }
    if (failure === 'refused') lastAgentProfile.clear();
    useSession.setState({ status: 'signed-out', agent: null, confirmed: false, token: null });
    return;
  }
  lastAgentProfile.save(useSession.getState().baseUrl, agent);
  useSession.setState({ status: 'signed-in', agent, confirmed: true });
}

/** The last signed-in agent of this backend; the desktop also needs its stored token to act for them. */
function cachedAgent(): Agent | null {
  const { baseUrl, token } = useSession.getState();
  if (getHost().kind === 'desktop' && !token) return null;
  return lastAgentProfile.load(baseUrl);
}

/**
 * Asks the server again about a session restored from the cached profile. The caller signs out on `refused`
 * (logout.ts stops sync first); `confirmed` refreshes the profile.
 */
export async function confirmSession(): Promise<'confirmed' | 'refused' | 'unreachable'> {
  let agent: Agent;
  try {
    agent = await apiClient().auth.me();
  } catch (error) {
    const failure = sessionCheckFailure(error);
    if (failure === 'refused') lastAgentProfile.clear();
    return failure;
  }
  const { baseUrl, agent: current } = useSession.getState();
  lastAgentProfile.save(baseUrl, agent);
  // Keep the same object when nothing changed, so that nothing keyed on the agent restarts.
  useSession.setState({ agent: JSON.stringify(agent) === JSON.stringify(current) ? current : agent, confirmed: true });
  return 'confirmed';
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
  lastAgentProfile.save(useSession.getState().baseUrl, res.agent);
  // The web console relies on the HttpOnly cookie; the token is kept in memory for the desktop only.
  useSession.setState({ status: 'signed-in', agent: res.agent, confirmed: true, token: host.kind === 'desktop' ? res.token : null });
  return res.agent;
}

export async function signOut(): Promise<void> {
  try {
    await apiClient().auth.logout({});
  } catch {
    // Signing out must always succeed locally, even offline; the server session expires on its own.
  }
  lastAgentProfile.clear();
  await getHost().credentials.clear();
  useSession.setState({ status: 'signed-out', agent: null, confirmed: false, token: null });
}
