import pg from 'pg';
import type { WebSocket } from 'ws';
import type { Poke } from '../../shared/sync/protocol';
import { syncNotifyChannel } from './changeLog';

/**
 * Pokes connected clients after commits. Commits that land close together are coalesced into one poke
 * (a burst of 100 mutations wakes each client once), carrying the highest seq seen.
 */
export class PokeHub {
  private readonly sockets = new Set<WebSocket>();
  private timer: ReturnType<typeof setTimeout> | null = null;
  private pendingSeq = 0;

  constructor(
    private readonly coalesceMs = 25,
    private readonly now: () => number = Date.now,
  ) {}

  get size(): number {
    return this.sockets.size;
  }

  add(socket: WebSocket): void {
    this.sockets.add(socket);
    socket.on('close', () => this.sockets.delete(socket));
    socket.on('error', () => this.sockets.delete(socket));
  }

  /** Something committed at `seq`: poke everyone soon. */
  committed(seq: number): void {
    this.pendingSeq = Math.max(this.pendingSeq, seq);
    this.timer ??= setTimeout(() => this.flush(), this.coalesceMs);
  }

  private flush(): void {
    this.timer = null;
    const poke: Poke = { type: 'poke', seq: this.pendingSeq, serverNow: this.now() };
    const text = JSON.stringify(poke);
    for (const socket of this.sockets) {
      if (socket.readyState === socket.OPEN) socket.send(text);
    }
  }

  close(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    for (const socket of this.sockets) socket.close(1001, 'server shutting down');
    this.sockets.clear();
  }
}

export interface CommitListener {
  close(): Promise<void>;
}

/**
 * LISTENs for commits of every server process on this PostgreSQL (the NOTIFY sent inside each writing
 * transaction) and forwards them to the local hub. Reconnects with a backoff when the connection drops.
 */
export function listenForCommits(
  connectionString: string,
  onCommit: (seq: number) => void,
  onError: (error: unknown) => void = () => {},
): CommitListener & { ready: Promise<void> } {
  let client: pg.Client | null = null;
  let closed = false;
  let retryMs = 250;
  let resolveReady!: () => void;
  const ready = new Promise<void>((resolve) => (resolveReady = resolve));

  const connect = async (): Promise<void> => {
    if (closed) return;
    const next = new pg.Client({ connectionString });
    client = next;
    next.on('notification', (message) => {
      if (message.channel === syncNotifyChannel) onCommit(Number(message.payload ?? 0));
    });
    next.on('error', (error) => {
      onError(error);
      void next.end().catch(() => {});
      if (!closed) setTimeout(() => void connect(), retryMs);
      retryMs = Math.min(retryMs * 2, 10_000);
    });
    try {
      await next.connect();
      await next.query(`LISTEN ${syncNotifyChannel}`);
      retryMs = 250;
      // A commit may have happened while we were not listening: poke once so clients pull.
      onCommit(0);
      resolveReady();
    } catch (error) {
      onError(error);
      void next.end().catch(() => {});
      if (!closed) setTimeout(() => void connect(), retryMs);
      retryMs = Math.min(retryMs * 2, 10_000);
    }
  };
  void connect();
  return {
    ready,
    async close() {
      closed = true;
      await client?.end().catch(() => {});
    },
  };
}
