import type { Ticket } from '../../../../shared/domain';
import type { SlaSnapshot } from '../sla/slaSnapshot';

export interface QueueRow {
  ticket: Ticket;
  sla: SlaSnapshot;
  /** Position in time-to-breach order (valid after `rows()`), so filtered results sort by integer compare. */
  rank?: number;
}

/** Earliest breach first; tickets without a running clock after, most severe and oldest first. */
export function compareByTimeToBreach(a: QueueRow, b: QueueRow): number {
  const da = a.sla.dueAt;
  const db = b.sla.dueAt;
  if (da !== null && db !== null) return da - db || a.ticket.severity - b.ticket.severity;
  if (da !== null) return -1;
  if (db !== null) return 1;
  return a.ticket.severity - b.ticket.severity || a.ticket.createdAt - b.ticket.createdAt;
}

/**
 * The in-memory ticket index behind the queue: loaded once from the cache, then patched per changed
 * ticket. It keeps every row pre-sorted by time to breach so that a view is a single filtering pass
 * (order preserved) instead of a sort per switch.
 */
export class TicketIndex {
  private readonly byId = new Map<string, QueueRow>();
  private sorted: QueueRow[] | null = null;
  /** Bumps on every change; views memoise on it. */
  version = 0;

  constructor(private readonly snapshot: (t: Ticket) => SlaSnapshot) {}

  get size(): number {
    return this.byId.size;
  }

  get(id: string): QueueRow | undefined {
    return this.byId.get(id);
  }

  replaceAll(tickets: readonly Ticket[]): void {
    this.byId.clear();
    for (const t of tickets) this.byId.set(t.id, { ticket: t, sla: this.snapshot(t) });
    this.sorted = null;
    this.version++;
  }

  /** Applies changed rows; a row whose version is unchanged keeps its computed SLA. */
  upsert(tickets: readonly Ticket[]): void {
    if (tickets.length === 0) return;
    for (const t of tickets) {
      const prev = this.byId.get(t.id);
      if (prev && prev.ticket === t) continue;
      this.byId.set(t.id, { ticket: t, sla: this.snapshot(t) });
    }
    this.sorted = null;
    this.version++;
  }

  remove(ids: readonly string[]): void {
    let changed = false;
    for (const id of ids) changed = this.byId.delete(id) || changed;
    if (changed) {
      this.sorted = null;
      this.version++;
    }
  }

  /** Recomputes every SLA snapshot (policies or calendars changed). */
  recomputeSla(): void {
    for (const row of this.byId.values()) row.sla = this.snapshot(row.ticket);
    this.sorted = null;
    this.version++;
  }

  rows(): QueueRow[] {
    if (!this.sorted) {
      this.sorted = [...this.byId.values()].sort(compareByTimeToBreach);
      for (let i = 0; i < this.sorted.length; i++) this.sorted[i]!.rank = i;
    }
    return this.sorted;
  }

  /**
   * Matching rows in time-to-breach order. The scan walks the rows in insertion order (the order they sit in
   * memory — scanning in sorted order is several times slower at 100,000 rows because every step is a cache
   * miss) and then orders the matches by their precomputed rank.
   */
  filter(predicate: (row: QueueRow) => boolean): QueueRow[] {
    this.rows();
    const out: QueueRow[] = [];
    for (const row of this.byId.values()) if (predicate(row)) out.push(row);
    return out.sort((a, b) => a.rank! - b.rank!);
  }

  count(predicate: (row: QueueRow) => boolean): number {
    let n = 0;
    for (const row of this.byId.values()) if (predicate(row)) n++;
    return n;
  }
}
