import Dexie, { RangeSet, type ObservabilitySet, type Table } from 'dexie';

/**
 * What a snapshot load tells live queries (in this thread, other windows and workers) about its writes. Its
 * connection is quiet (AccordDb `quiet`), because Dexie would announce every write, and each announcement makes
 * every window re-run the queries it touches: with ~25 writes of tens of MB, that work (mostly repeated, on the
 * same cores as the writes) made the large set's first sync take 2.7–3.2 s here instead of 1.8–2.1 s.
 *
 * As each write lands, this announces what a screen shows while the rest loads: the small tables (agents,
 * policies, calendars...), the segments of the tables the queue's first page reads (tickets and accounts), and
 * the progress, at most every `progressEveryMs` otherwise. The bulky rest (threads, SLA histories, escalations,
 * contacts) is announced once, when the load ends.
 */
export class SnapshotAnnouncer {
  private deferred: ObservabilitySet = {};
  private lastProgressAt = -Infinity;

  constructor(
    private readonly dbName: string,
    /** The meta key the load writes its progress to. */
    private readonly progressKey: string,
    private readonly now: () => number = Date.now,
  ) {}

  /**
   * A write has committed: `whole`, tables written or cleared whole (the small ones); `keys`, keys written by
   * store; `segments`, segments written (with their summaries) by the segmented table they belong to.
   */
  written(write: { whole?: Table[]; keys?: Record<string, string[]>; segments?: Array<{ table: string; keys: string[] }> }): void {
    const parts: ObservabilitySet = {};
    for (const table of write.whole ?? []) Object.assign(parts, this.wholeTable(table));
    for (const [store, keys] of Object.entries(write.keys ?? {})) addKeys(parts, this.part(store), keys);
    for (const { table, keys } of write.segments ?? []) {
      const target = announcedAsTheyLand.has(table) ? parts : this.deferred;
      for (const store of ['segments', 'segmentSummaries']) addKeys(target, this.part(store), keys);
    }
    const progressDue = this.now() - this.lastProgressAt >= progressEveryMs;
    if (Object.keys(parts).length === 0 && !progressDue) return;
    this.announce(parts);
  }

  /** The load has ended: everything not announced yet. `tables`: tables swept whole (a reload's end). */
  finished(tables: Table[] = []): void {
    const parts = this.deferred;
    this.deferred = {};
    for (const table of tables) Object.assign(parts, this.wholeTable(table));
    this.announce(parts);
  }

  private announce(parts: ObservabilitySet): void {
    addKeys(parts, this.part('meta'), [this.progressKey]);
    this.lastProgressAt = this.now();
    Dexie.on.storagemutated.fire(parts);
  }

  private part(table: string, index = ''): string {
    return `idb://${this.dbName}/${table}/${index}`;
  }

  /** Every key of every index of a table, as Dexie announces a table it cannot name keys for. */
  private wholeTable(table: Table): ObservabilitySet {
    const parts: ObservabilitySet = {};
    for (const index of ['', ':dels', ...table.schema.indexes.map((i) => i.name)]) parts[this.part(table.name, index)] = new RangeSet(-Infinity, [[[]]]);
    return parts;
  }
}

/** The segmented tables the queue reads its first page from while a snapshot loads (ticketStore.ts). */
const announcedAsTheyLand: ReadonlySet<string> = new Set(['tickets', 'accounts']);

/**
 * Progress on its own is announced at most this often: each announcement re-renders the queue page with its
 * progress bar, a few times a second is enough to watch it move.
 */
const progressEveryMs = 400;

function addKeys(parts: ObservabilitySet, part: string, keys: readonly string[]): void {
  const set = parts[part] ? RangeSet(parts[part]) : new RangeSet();
  parts[part] = set.addKeys(keys as string[]);
}
