import {
  pokeSchema,
  pullResponseSchema,
  pushResponseSchema,
  type Poke,
  type PullResponse,
  type PushRequest,
  type PushResponse,
  outlineBootstrapFormat,
  segmentedBootstrapFormat,
  ticketDetailResponseSchema,
  type TicketDetailResponse,
} from '../../../shared/sync/protocol';
import type { FetchBodyRange } from './snapshotItems';

/**
 * The sync engine's only door to the network: the four sync routes over fetch and WebSocket. Kept small so it
 * can move onto the typed client of shared/api without touching the engine.
 */
export interface SyncTransport {
  pull(cursor: number, limit: number, clientId: string): Promise<PullResponse>;
  push(request: PushRequest): Promise<PushResponse>;
  /** The NDJSON snapshot as a byte stream. */
  bootstrap(): Promise<ReadableStream<Uint8Array>>;
  /**
   * The same request described for another thread to make itself (the bootstrap worker), so the snapshot's bytes
   * go from the network straight to the thread that stores them. Absent: only `bootstrap` is offered.
   */
  bootstrapRequest?(): Promise<BootstrapRequest>;
  /** The snapshot's outline and a way to fetch its body's ranges; null when the server offers none. */
  bootstrapOutline?(): Promise<SnapshotOutline | null>;
  /** A ticket's whole thread and SLA history (what the bootstrap left out). Absent: the cache cannot load it. */
  ticketDetail?(ticketId: string): Promise<TicketDetailResponse>;
  /** Opens the live channel; returns a function that closes it. `onClose` fires when it drops. */
  live(onPoke: (poke: Poke) => void, onClose: () => void): () => void;
}

/** The server answered with the API's error shape (or an unexpected status). */
export class SyncHttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
  }
}

/** The server could not be reached at all: the client is offline. */
export class SyncNetworkError extends Error {}

/** A request another thread can make as this transport would (a plain value: it is posted to a worker). */
export interface BootstrapRequest {
  /** The segmented snapshot as one NDJSON stream. */
  url: string;
  /** The same snapshot's outline, its arrays fetched as byte ranges (a server without outlines answers 400). */
  outlineUrl?: string;
  headers: Array<[string, string]>;
}

/** The segmented snapshot (shared/sync/protocol.ts); a server that predates it answers with rows lines. */
const bootstrapPath = `/api/sync/bootstrap?${new URLSearchParams({ format: segmentedBootstrapFormat }).toString()}`;
const outlinePath = `/api/sync/bootstrap?${new URLSearchParams({ format: outlineBootstrapFormat }).toString()}`;

/**
 * The request options every sync call uses. The token is only in memory here and in the request it goes with.
 */
export function syncRequestInit(token: string | null, init: RequestInit = {}): RequestInit {
  const headers = new Headers(init.headers);
  headers.set('X-Accord-Client', '1');
  if (token) headers.set('Authorization', `Bearer ${token}`);
  return { ...init, headers, credentials: 'include', cache: 'no-store' };
}

/** Fetches with the sync routes' error handling: offline is SyncNetworkError, an error reply SyncHttpError. */
export async function fetchChecked(doFetch: typeof fetch, url: string, init: RequestInit): Promise<Response> {
  let response: Response;
  try {
    response = await doFetch(url, init);
  } catch (error) {
    throw new SyncNetworkError(error instanceof Error ? error.message : 'network error');
  }
  if (response.ok) return response;
  let body: { error?: { code?: string; message?: string; details?: unknown } } = {};
  try {
    body = (await response.json()) as typeof body;
  } catch {
    // not our error shape (a proxy page): keep the status
  }
  // 502/503/504 from a proxy mean the backend is unreachable, like a network error.
  if (response.status >= 502 && response.status <= 504 && !body.error) throw new SyncNetworkError(`HTTP ${response.status}`);
  throw new SyncHttpError(response.status, body.error?.code ?? `http_${response.status}`, body.error?.message ?? `HTTP ${response.status}`, body.error?.details);
}

/** An outline (format=outline) as it streams in, and the fetch of its body's byte ranges as Blobs. */
export interface SnapshotOutline {
  stream: ReadableStream<Uint8Array>;
  fetchRange: FetchBodyRange;
}

/**
 * Opens a snapshot's outline, or answers null when the server offers none (400: ACCORD_READY_SNAPSHOT=off, or a
 * server that predates outlines). Ranges are fetched with the same headers, relative to the outline's URL.
 */
export async function openSnapshotOutline(doFetch: typeof fetch, outlineUrl: string, headers: HeadersInit): Promise<SnapshotOutline | null> {
  const init = (range?: string) => {
    const withRange = new Headers(headers);
    if (range) withRange.set('Range', range);
    return syncRequestInit(null, { headers: withRange });
  };
  let response: Response;
  try {
    response = await fetchChecked(doFetch, outlineUrl, init());
  } catch (error) {
    if (error instanceof SyncHttpError && error.status === 400) return null;
    throw error;
  }
  return {
    stream: bodyOf(response),
    async fetchRange(bodyPath, first, last) {
      const reply = await fetchChecked(doFetch, new URL(bodyPath, outlineUrl).href, init(`bytes=${first}-${last}`));
      if (reply.status !== 206) throw new SyncHttpError(reply.status, `http_${reply.status}`, 'the snapshot body answered a range request without the range');
      return reply.blob();
    },
  };
}

/** What a BootstrapRequest asks for, requested with `doFetch`: the outline where the server offers one, else the stream. */
export async function openRequestedSnapshot(doFetch: typeof fetch, request: BootstrapRequest): Promise<ReadableStream<Uint8Array> | SnapshotOutline> {
  const outline = request.outlineUrl ? await openSnapshotOutline(doFetch, request.outlineUrl, request.headers) : null;
  return outline ?? bodyOf(await fetchChecked(doFetch, request.url, syncRequestInit(null, { headers: request.headers })));
}

function bodyOf(response: Response): ReadableStream<Uint8Array> {
  if (!response.body) throw new SyncNetworkError('bootstrap answered without a body');
  return response.body;
}

export interface HttpSyncTransportOptions {
  /** '' for the web console (same origin), or the backend URL the desktop app uses. */
  baseUrl: string;
  /**
   * The desktop host's bearer token. The web console returns null and is authenticated by the HttpOnly cookie
   * (sent with `credentials: 'include'` and the `X-Accord-Client` header the server requires for cookies).
   */
  getToken: () => string | null | Promise<string | null>;
  fetch?: typeof fetch;
  WebSocket?: typeof WebSocket;
}

export function createHttpSyncTransport(options: HttpSyncTransportOptions): SyncTransport {
  const doFetch = options.fetch ?? globalThis.fetch.bind(globalThis);

  async function request(path: string, init: RequestInit = {}): Promise<Response> {
    return fetchChecked(doFetch, `${options.baseUrl}${path}`, syncRequestInit(await options.getToken(), init));
  }

  return {
    async pull(cursor, limit, clientId) {
      const query = new URLSearchParams({ cursor: String(cursor), limit: String(limit), clientId });
      const response = await request(`/api/sync/pull?${query.toString()}`);
      return pullResponseSchema.parse(await response.json());
    },
    async push(body) {
      const response = await request('/api/sync/push', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      return pushResponseSchema.parse(await response.json());
    },
    async bootstrap() {
      return bodyOf(await request(bootstrapPath));
    },
    async bootstrapOutline() {
      const init = syncRequestInit(await options.getToken());
      return openSnapshotOutline(doFetch, new URL(`${options.baseUrl}${outlinePath}`, globalThis.location?.href).href, init.headers!);
    },
    async bootstrapRequest() {
      const init = syncRequestInit(await options.getToken());
      // Absolute: a worker resolves relative URLs against its script, not the page.
      const absolute = (path: string) => new URL(`${options.baseUrl}${path}`, globalThis.location?.href).href;
      return { url: absolute(bootstrapPath), outlineUrl: absolute(outlinePath), headers: [...(init.headers as Headers).entries()] };
    },
    async ticketDetail(ticketId) {
      const response = await request(`/api/sync/ticket-detail?${new URLSearchParams({ ticketId }).toString()}`);
      return ticketDetailResponseSchema.parse(await response.json());
    },
    live(onPoke, onClose) {
      const Socket = options.WebSocket ?? globalThis.WebSocket;
      let socket: WebSocket | null = null;
      let closed = false;
      void (async () => {
        const token = await options.getToken();
        if (closed) return;
        const base = options.baseUrl || globalThis.location.origin;
        const url = new URL('/api/sync/live', base.replace(/^http/, 'ws'));
        if (token) url.searchParams.set('token', token);
        try {
          socket = new Socket(url.toString());
        } catch {
          onClose();
          return;
        }
        socket.onmessage = (event) => {
          try {
            const poke = pokeSchema.safeParse(JSON.parse(String(event.data)));
            if (poke.success) onPoke(poke.data);
          } catch {
            // ignore malformed frames
          }
        };
        socket.onclose = () => {
          if (!closed) onClose();
        };
      })();
      return () => {
        closed = true;
        socket?.close();
      };
    },
  };
}
