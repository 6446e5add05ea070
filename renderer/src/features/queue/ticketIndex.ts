import { channels, planTiers, ticketStatuses, type Ticket } from '../../../../shared/domain';
import type { SlaSnapshot } from '../sla/slaSnapshot';
import { shareTicketStrings } from './shareTicketStrings';

export interface QueueRow {
  ticket: Ticket;
  sla: SlaSnapshot;
  /** Position in time-to-breach order (valid after `rows()`). */
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

const statusCode = new Map<string, number>(ticketStatuses.map((s, i) => [s, i]));
const planCode = new Map<string, number>(planTiers.map((p, i) => [p, i]));
const channelCode = new Map<string, number>(channels.map((c, i) => [c, i]));

/**
 * The fields views filter and sort on, one typed array per field, indexed by slot. A view switch scans these
 * small contiguous arrays instead of 100,000 scattered row objects (which costs a cache miss or two per row).
 * Ids (owner, team, account) are interned to integers; -1 stands for null.
 */
export interface TicketColumns {
  status: Uint8Array;
  severity: Uint8Array;
  tier: Uint8Array;
  plan: Uint8Array;
  channel: Uint8Array;
  owner: Int32Array;
  team: Int32Array;
  account: Int32Array;
  /** NaN when no clock is counting. */
  dueAt: Float64Array;
  warnAt: Float64Array;
  paused: Uint8Array;
  createdAt: Float64Array;
}

function allocColumns(capacity: number): TicketColumns {
  return {
    status: new Uint8Array(capacity),
    severity: new Uint8Array(capacity),
    tier: new Uint8Array(capacity),
    plan: new Uint8Array(capacity),
    channel: new Uint8Array(capacity),
    owner: new Int32Array(capacity),
    team: new Int32Array(capacity),
    account: new Int32Array(capacity),
    dueAt: new Float64Array(capacity),
    warnAt: new Float64Array(capacity),
    paused: new Uint8Array(capacity),
    createdAt: new Float64Array(capacity),
  };
}

/** Interns ids to small integers for the columns; codes are stable for the life of the index. */
class Interner {
  private readonly codes = new Map<string, number>();
  code(id: string | null): number {
    if (id === null) return -1;
    let c = this.codes.get(id);
    if (c === undefined) this.codes.set(id, (c = this.codes.size));
    return c;
  }
  /** The code of an id, or -2 (matches nothing) when no row ever had it. */
  lookup(id: string | null): number {
    return id === null ? -1 : (this.codes.get(id) ?? -2);
  }
}

/** Below this many changed rows, the order is patched in place; above, it is rebuilt with one sort. */
const INCREMENTAL_LIMIT = 256;

/** Room for new tickets in the order buffer before it has to be replaced. */
const orderCapacityFor = (size: number) => size + 1024;

/**
 * The in-memory ticket index behind the queue: loaded once from the cache, then patched per changed ticket. It
 * keeps the slots in time-to-breach order, so a view is one pass over the order testing typed columns — the
 * matches come out already sorted — and a handful of synced changes moves only those rows in the order.
 */
export class TicketIndex {
  private slotById = new Map<string, number>();
  private rowAt: Array<QueueRow | undefined> = [];
  private freeSlots: number[] = [];
  private cols: TicketColumns = allocColumns(1024);
  private capacity = 1024;
  /** Live slots in time-to-breach order (a view over `orderBuffer`); null until needed after a full reload. */
  private order: Int32Array | null = new Int32Array(0);
  /** Backing store of `order`, with room to grow: synced changes patch the order inside it (see reorder). */
  private orderBuffer = new Int32Array(0);
  private sortedRows: QueueRow[] | null = null;
  owners = new Interner();
  teams = new Interner();
  accounts = new Interner();
  /** Bumps on every change; views memoise on it. */
  version = 0;

  constructor(private readonly snapshot: (t: Ticket) => SlaSnapshot) {}

  get size(): number {
    return this.slotById.size;
  }

  /** The columns as they are now (arrays are replaced when the index grows: read them again after changes). */
  get columns(): Readonly<TicketColumns> {
    return this.cols;
  }

  get(id: string): QueueRow | undefined {
    const slot = this.slotById.get(id);
    return slot === undefined ? undefined : this.rowAt[slot];
  }

  replaceAll(tickets: readonly Ticket[]): void {
    this.slotById.clear();
    this.rowAt = [];
    this.freeSlots = [];
    if (this.capacity < tickets.length) this.grow(tickets.length);
    for (const t of tickets) this.place({ ticket: t, sla: this.snapshot(t) });
    this.order = null;
    this.changed();
  }

  /**
   * Takes over everything `built` holds (an index filled on the side, e.g. chunk by chunk while this one kept
   * serving the views), in one step; `built` must not be used afterwards.
   */
  adopt(built: TicketIndex): void {
    built.sortedOrder();
    this.slotById = built.slotById;
    this.rowAt = built.rowAt;
    this.freeSlots = built.freeSlots;
    this.cols = built.cols;
    this.capacity = built.capacity;
    this.order = built.order;
    this.orderBuffer = built.orderBuffer;
    this.owners = built.owners;
    this.teams = built.teams;
    this.accounts = built.accounts;
    this.changed();
  }

  /** Applies changed rows; a row whose object is unchanged keeps its computed SLA. */
  upsert(tickets: readonly Ticket[]): void {
    const moved: number[] = [];
    for (const t of tickets) {
      const slot = this.slotById.get(t.id);
      if (slot !== undefined && this.rowAt[slot]!.ticket === t) continue;
      moved.push(this.place({ ticket: t, sla: this.snapshot(t) }, slot));
    }
    if (moved.length === 0) return;
    this.reorder(moved, []);
    this.changed();
  }

  remove(ids: readonly string[]): void {
    const gone: number[] = [];
    for (const id of ids) {
      const slot = this.slotById.get(id);
      if (slot === undefined) continue;
      this.slotById.delete(id);
      this.rowAt[slot] = undefined;
      this.freeSlots.push(slot);
      gone.push(slot);
    }
    if (gone.length === 0) return;
    this.reorder([], gone);
    this.changed();
  }

  /** Recomputes every SLA snapshot (policies or calendars changed). */
  recomputeSla(): void {
    for (const [, slot] of this.slotById) {
      const row = this.rowAt[slot]!;
      row.sla = this.snapshot(row.ticket);
      this.writeSla(slot, row.sla);
    }
    this.order = null;
    this.changed();
  }

  /** Every row in time-to-breach order. */
  rows(): QueueRow[] {
    if (!this.sortedRows) {
      const order = this.sortedOrder();
      const out = new Array<QueueRow>(order.length);
      for (let i = 0; i < order.length; i++) {
        const row = this.rowAt[order[i]!]!;
        row.rank = i;
        out[i] = row;
      }
      this.sortedRows = out;
    }
    return this.sortedRows;
  }

  /** Rows whose slot passes `test` (a column predicate), in time-to-breach order. */
  filterSlots(test: (slot: number) => boolean): QueueRow[] {
    const order = this.sortedOrder();
    const out: QueueRow[] = [];
    for (let i = 0; i < order.length; i++) {
      const slot = order[i]!;
      if (test(slot)) out.push(this.rowAt[slot]!);
    }
    return out;
  }

  /** How many rows pass each test, in one pass. */
  countSlots(tests: ReadonlyArray<(slot: number) => boolean>): number[] {
    const counts = new Array<number>(tests.length).fill(0);
    this.countSlotsBetween(tests, 0, this.slotEnd, counts);
    return counts;
  }

  /** One past the highest slot in use: slots below it are live or free. */
  get slotEnd(): number {
    return this.rowAt.length;
  }

  /** Adds to `counts` how many live slots in [start, end) pass each test (a slice of a count, to spread it out). */
  countSlotsBetween(tests: ReadonlyArray<(slot: number) => boolean>, start: number, end: number, counts: number[]): void {
    const last = Math.min(end, this.rowAt.length);
    for (let slot = start; slot < last; slot++) {
      if (this.rowAt[slot] === undefined) continue;
      for (let i = 0; i < tests.length; i++) if (tests[i]!(slot)) counts[i]!++;
    }
  }

  /** Matching rows in time-to-breach order, by a predicate over whole rows (slower; for ad-hoc use). */
  filter(predicate: (row: QueueRow) => boolean): QueueRow[] {
    return this.filterSlots((slot) => predicate(this.rowAt[slot]!));
  }

  count(predicate: (row: QueueRow) => boolean): number {
    let n = 0;
    for (const [, slot] of this.slotById) if (predicate(this.rowAt[slot]!)) n++;
    return n;
  }

  /** The row at a slot (for predicates that need more than the columns, e.g. tags). */
  rowAtSlot(slot: number): QueueRow {
    return this.rowAt[slot]!;
  }

  private changed(): void {
    this.sortedRows = null;
    this.version++;
  }

  private grow(min: number): void {
    let capacity = this.capacity;
    while (capacity < min) capacity *= 2;
    const next = allocColumns(capacity);
    for (const key of Object.keys(next) as Array<keyof TicketColumns>) (next[key] as Uint8Array).set(this.cols[key] as Uint8Array);
    this.cols = next;
    this.capacity = capacity;
  }

  private place(row: QueueRow, slot?: number): number {
    shareTicketStrings(row.ticket);
    let s = slot ?? this.freeSlots.pop();
    if (s === undefined) {
      s = this.rowAt.length;
      if (s >= this.capacity) this.grow(s + 1);
    }
    this.rowAt[s] = row;
    this.slotById.set(row.ticket.id, s);
    const t = row.ticket;
    const c = this.cols;
    c.status[s] = statusCode.get(t.status) ?? 255;
    c.severity[s] = t.severity;
    c.tier[s] = t.tier;
    c.plan[s] = planCode.get(t.plan) ?? 255;
    c.channel[s] = channelCode.get(t.channel) ?? 255;
    c.owner[s] = this.owners.code(t.ownerId);
    c.team[s] = this.teams.code(t.teamId);
    c.account[s] = this.accounts.code(t.accountId);
    c.createdAt[s] = t.createdAt;
    this.writeSla(s, row.sla);
    return s;
  }

  private writeSla(slot: number, sla: SlaSnapshot): void {
    this.cols.dueAt[slot] = sla.dueAt ?? Number.NaN;
    this.cols.warnAt[slot] = sla.warnAt ?? Number.NaN;
    this.cols.paused[slot] = sla.paused ? 1 : 0;
  }

  /** The column form of compareByTimeToBreach. */
  private compareSlots = (a: number, b: number): number => {
    const c = this.cols;
    const da = c.dueAt[a]!;
    const db = c.dueAt[b]!;
    const hasA = da === da;
    const hasB = db === db;
    if (hasA && hasB) return da - db || c.severity[a]! - c.severity[b]!;
    if (hasA) return -1;
    if (hasB) return 1;
    return c.severity[a]! - c.severity[b]! || c.createdAt[a]! - c.createdAt[b]!;
  };

  private sortedOrder(): Int32Array {
    if (!this.order) {
      const size = this.slotById.size;
      this.orderBuffer = new Int32Array(orderCapacityFor(size));
      const order = this.orderBuffer.subarray(0, size);
      let i = 0;
      for (const [, slot] of this.slotById) order[i++] = slot;
      this.order = order.sort(this.compareSlots);
    }
    return this.order;
  }

  /**
   * Moves changed slots to their place in the order (and drops removed ones) without a full sort, inside the one
   * order buffer: a fresh array per synced change was 400 KB (100,000 slots) of garbage several times a second
   * while sync runs, memory outside the JS heap that hastens full collections, which pause the page.
   */
  private reorder(moved: readonly number[], removed: readonly number[]): void {
    if (!this.order) return;
    if (moved.length + removed.length > INCREMENTAL_LIMIT) {
      this.order = null;
      return;
    }
    const out = new Set<number>([...moved, ...removed]);
    const previous = this.order;
    let kept = this.orderBuffer;
    if (kept.length < this.slotById.size) kept = this.orderBuffer = new Int32Array(orderCapacityFor(this.slotById.size));
    // Compacting within the same buffer is safe: the write position never passes the read position.
    let n = 0;
    for (let i = 0; i < previous.length; i++) {
      const slot = previous[i]!;
      if (!out.has(slot)) kept[n++] = slot;
    }
    for (const slot of moved) {
      // Binary search for the first position whose slot sorts after this one.
      let lo = 0;
      let hi = n;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if (this.compareSlots(kept[mid]!, slot) <= 0) lo = mid + 1;
        else hi = mid;
      }
      kept.copyWithin(lo + 1, lo, n);
      kept[lo] = slot;
      n++;
    }
    this.order = kept.subarray(0, n);
  }
}
