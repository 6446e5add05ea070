import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import type { FastifyInstance } from 'fastify';
import type {
  Agent,
  BreachAction,
  BusinessCalendar,
  Message,
  SlaClock,
  SlaEvent,
  SlaMetric,
  SlaPolicy,
  Team,
  Ticket,
} from '../../shared/domain';
import { accountSlaPolicies, addWorkingTime, clockPolicyFor, evaluateTicketSla, warmUpCalendarEngine, type AccountSlaPolicies } from '../../shared/sla';
import type { RowChange } from '../../shared/sync/mutators';
import type { SyncRow } from '../../shared/sync/protocol';
import type { ServerContext } from '../context';
import { decodeRow, encodeRow } from '../db/codec';
import { appendChangeLog, changeLogLockKey, type LoggedChange, type SyncTrx } from '../sync/changeLog';
import { writeRows } from '../sync/rowStore';
import { EventLoopSlicer } from './eventLoopSlicer';
import { loadTicketHistories, type LoadedTicketHistory } from './ticketHistory';

/**
 * The SLA scanner: evaluates open tickets' clocks with the shared engine and stores the SLA events they imply
 * (start, pause, resume, warn, breach, fulfil, cancel, retarget) as `sla_event` rows, written with a change_log
 * row each in one transaction, so they sync to clients like every other entity.
 *
 * Exactly once, also with several server processes on one PostgreSQL: event ids are derived from what happened
 * (the engine's `ticket/metric/cycle/kind/at`), rows are inserted with ON CONFLICT DO NOTHING after taking the
 * change-log advisory lock, and only the transaction whose insert returned the row runs the policy's breach
 * actions. A loser finds the row already there and does nothing.
 *
 * Breach actions (documented choice): `notify_owner` and `notify_lead` append a `system_event` message to the
 * ticket naming the agent notified (clients show it in the thread and may raise a desktop notification);
 * `raise_tier` raises the ticket's tier by one (at most once per ticket per scan transaction, never above 3)
 * with a system_event message saying why. Actions are skipped for tickets already solved or closed.
 *
 * When it runs: a full pass over every open ticket at start and every `fullScanMs`; each tick (`tickMs`) it
 * re-evaluates tickets touched by commits since its change_log cursor (any process's commits), and tickets whose
 * next warn or due instant has come (a wake-up map filled by each evaluation). Time is `ctx.now()` throughout.
 * A pass works in batches and gives the event loop back every ~20 ms, so requests are served while it runs
 * (better-sqlite3 is synchronous: a pass that never yields would block them all).
 */

declare module 'fastify' {
  interface FastifyInstance {
    /** The app's own SLA scanner, or null when ACCORD_SLA_SCANNER=off (tests force a round with `tick()`). */
    slaScanner: SlaScanner | null;
  }
}

export type SlaScannerContext = Pick<ServerContext, 'db' | 'dialect' | 'log' | 'now'>;

export interface SlaScannerOptions {
  /** How often to look at new commits and due wake-ups (ms). */
  tickMs?: number;
  /** How often to re-evaluate every open ticket (ms). */
  fullScanMs?: number;
  /** Called after each commit with its highest seq (SQLite: poke clients; PostgreSQL pokes through NOTIFY). */
  onCommitted?: (seq: number) => void;
  /** Tickets loaded and evaluated per batch (each batch's events are stored in one transaction). */
  batchSize?: number;
  /** Longest stretch of scanning between two yields to the event loop (ms). */
  sliceBudgetMs?: number;
}

export interface SlaBreachActionRecord {
  eventId: string;
  ticketId: string;
  action: BreachAction;
  /** Who was notified, or the new tier. */
  detail: string;
}

export interface SlaScanResult {
  evaluated: number;
  /** Rows this scanner inserted (a concurrent scanner's rows are not counted). */
  inserted: SlaEvent[];
  actions: SlaBreachActionRecord[];
}

const unsolved = ['new', 'open', 'pending_customer', 'on_hold', 'waiting_engineering'] as const;
const metricLabels: Readonly<Record<SlaMetric, string>> = {
  first_response: 'First response',
  next_response: 'Next response',
  periodic_update: 'Periodic update',
  resolution: 'Resolution',
};
const insertChunk = 500;

/** A name-based UUID (version 5 layout over SHA-1), so re-running an action never creates a second message. */
export function deterministicUuid(name: string): string {
  const hash = createHash('sha1').update(`accord-sla:${name}`).digest();
  hash[6] = (hash[6]! & 0x0f) | 0x50;
  hash[8] = (hash[8]! & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

/** "ticket/metric/cycle" of an engine event id ("ticket/metric/cycle/kind/at"). */
function clockKeyOf(id: string): string {
  return id.split('/', 3).join('/');
}

/**
 * The candidates not stored yet — and at most one warn and one breach per clock per target: once a clock has a
 * stored warn (breach), another warn (breach) of the same clock is dropped unless a retarget came in between.
 * This keeps "exactly once" when a re-derived history differs from the one the events were first stored from
 * (rows loaded without a change log, e.g. the demo data).
 */
export function eventsToStore(
  candidates: readonly SlaEvent[],
  stored: ReadonlyArray<{ id: string; kind: string; at: number | string }>,
): SlaEvent[] {
  const storedIds = new Set(stored.map((e) => e.id));
  const state = new Map<string, { warned: boolean; breached: boolean }>();
  const note = (key: string, kind: string) => {
    const s = state.get(key) ?? { warned: false, breached: false };
    if (kind === 'retarget') {
      s.warned = false;
      s.breached = false;
    } else if (kind === 'warn') s.warned = true;
    else if (kind === 'breach') s.breached = true;
    state.set(key, s);
  };
  for (const e of [...stored].sort((a, b) => Number(a.at) - Number(b.at))) note(clockKeyOf(e.id), e.kind);
  const out: SlaEvent[] = [];
  for (const event of candidates) {
    if (storedIds.has(event.id)) continue;
    const key = clockKeyOf(event.id);
    const s = state.get(key);
    if (event.kind === 'warn' && s?.warned) continue;
    if (event.kind === 'breach' && s?.breached) continue;
    note(key, event.kind);
    out.push(event);
  }
  return out;
}

interface Reference {
  policies: SlaPolicy[];
  calendars: Map<string, BusinessCalendar>;
}

export class SlaScanner {
  private cursor: number | null = null;
  private lastFullScanAt = -Infinity;
  /** Ticket id → the next instant one of its clocks warns or falls due. */
  private readonly wakeAt = new Map<string, number>();
  private timer: ReturnType<typeof setTimeout> | null = null;
  private running: Promise<unknown> = Promise.resolve();
  private stopped = false;
  private readonly tickMs: number;
  private readonly fullScanMs: number;
  private readonly batchSize: number;
  private readonly sliceBudgetMs: number;

  constructor(
    private readonly ctx: SlaScannerContext,
    private readonly options: SlaScannerOptions = {},
  ) {
    this.tickMs = options.tickMs ?? 1000;
    this.fullScanMs = options.fullScanMs ?? 5 * 60_000;
    this.batchSize = options.batchSize ?? 50;
    this.sliceBudgetMs = options.sliceBudgetMs ?? 10;
    // The process's first zoned computation costs ~20 ms: paid here, not in the middle of the first pass's slice.
    warmUpCalendarEngine();
  }

  /** Starts the background loop (first pass right away). */
  start(): this {
    this.stopped = false;
    const loop = () => {
      if (this.stopped) return;
      void this.tick()
        .catch((error: unknown) => this.ctx.log.error({ err: error }, 'SLA scan failed'))
        .finally(() => {
          if (!this.stopped) this.timer = setTimeout(loop, this.tickMs);
        });
    };
    this.timer = setTimeout(loop, 0);
    return this;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.running.catch(() => undefined);
  }

  /** One round: a full pass when due, else touched and due tickets. Rounds never overlap. */
  tick(): Promise<SlaScanResult> {
    const next = this.running.catch(() => undefined).then(() => this.tickNow());
    this.running = next;
    return next;
  }

  /** Re-evaluates every open ticket now (and resets the full-scan timer). */
  scanAll(): Promise<SlaScanResult> {
    this.lastFullScanAt = -Infinity;
    return this.tick();
  }

  private async tickNow(): Promise<SlaScanResult> {
    const now = this.ctx.now();
    const { db } = this.ctx;
    const slicer = new EventLoopSlicer(this.sliceBudgetMs);
    const ids = new Set<string>();
    let full = false;
    if (this.cursor === null) {
      const head = await db.selectFrom('change_log').select((eb) => eb.fn.max('seq').as('head')).executeTakeFirst();
      this.cursor = Number(head?.head ?? 0);
      full = true;
    } else {
      const touched = await this.touchedSince(this.cursor);
      this.cursor = touched.cursor;
      for (const id of touched.ticketIds) ids.add(id);
      if (touched.referenceChanged) full = true;
    }
    if (full || now - this.lastFullScanAt >= this.fullScanMs) {
      full = true;
      this.lastFullScanAt = now;
      await slicer.maybeYield();
      const open = await db.selectFrom('tickets').select('id').where('status', 'in', [...unsolved]).execute();
      for (const row of open) ids.add(row.id);
    }
    for (const [id, at] of this.wakeAt) {
      if (at <= now) {
        ids.add(id);
        this.wakeAt.delete(id);
      }
    }
    return this.scanTickets([...ids], now, slicer);
  }

  /** Tickets touched by commits after `cursor` (ticket rows and their messages); policy/calendar/account edits ask for a full pass. */
  private async touchedSince(cursor: number): Promise<{ cursor: number; ticketIds: string[]; referenceChanged: boolean }> {
    const rows = await this.ctx.db
      .selectFrom('change_log')
      .select(['seq', 'entity', 'entityId', 'row'])
      .where('seq', '>', cursor)
      .where('entity', 'in', ['ticket', 'message', 'sla_policy', 'business_calendar', 'account'])
      .orderBy('seq')
      .limit(5000)
      .execute();
    const ticketIds: string[] = [];
    let referenceChanged = false;
    let last = cursor;
    for (const row of rows) {
      last = Math.max(last, Number(row.seq));
      if (row.entity === 'ticket') ticketIds.push(row.entityId);
      else if (row.entity === 'message') {
        const ticketId = row.row ? (JSON.parse(row.row) as { ticketId?: unknown }).ticketId : undefined;
        if (typeof ticketId === 'string') ticketIds.push(ticketId);
      } else referenceChanged = true;
    }
    if (rows.length < 5000) {
      // Rows of other entities past the last relevant one: skip them too.
      const head = await this.ctx.db.selectFrom('change_log').select((eb) => eb.fn.max('seq').as('head')).executeTakeFirst();
      last = Math.max(last, Number(head?.head ?? last));
    }
    return { cursor: last, ticketIds, referenceChanged };
  }

  /**
   * Evaluates the tickets at `now` and stores the events not stored yet, in batches of `scanBatchSize` tickets
   * that yield to the event loop whenever a slice has run for `sliceBudgetMs` (see EventLoopSlicer): a full pass
   * over a large database must never hold up requests for long. A tick passes its own `slicer`, so that the
   * queries it ran first count towards the first slice.
   */
  async scanTickets(
    ticketIds: readonly string[],
    now = this.ctx.now(),
    slicer = new EventLoopSlicer(this.sliceBudgetMs),
  ): Promise<SlaScanResult> {
    const result: SlaScanResult = { evaluated: 0, inserted: [], actions: [] };
    if (ticketIds.length === 0) return result;
    await slicer.maybeYield();
    const reference = await this.loadReference();
    if (reference.policies.length === 0) return result;
    for (let i = 0; i < ticketIds.length; i += this.batchSize) {
      await slicer.maybeYield();
      const batch = ticketIds.slice(i, i + this.batchSize);
      const histories = await loadTicketHistories(this.ctx.db, batch);
      const accountPolicy = await this.accountPolicies([...histories.values()].map((h) => h.ticket.accountId));
      await slicer.maybeYield();
      const candidates: SlaEvent[] = [];
      for (const loaded of histories.values()) {
        const policies = this.policiesFor(reference, accountPolicy.get(loaded.ticket.accountId));
        try {
          const evaluation = evaluateTicketSla(loaded.history, policies, reference.calendars, now);
          result.evaluated += 1;
          for (const event of evaluation.events) if (event.at >= loaded.knownFrom && !event.provisional) candidates.push(event);
          this.scheduleWake(loaded, evaluation.clocks, policies, reference, now);
        } catch (error) {
          this.ctx.log.warn({ err: error, ticketId: loaded.ticket.id }, 'SLA evaluation failed for a ticket');
        }
        await slicer.maybeYield();
      }
      if (candidates.length === 0) continue;
      const stored = await this.ctx.db
        .selectFrom('sla_events')
        .select(['id', 'kind', 'at'])
        .where('ticketId', 'in', [...histories.keys()])
        .execute();
      const missing = eventsToStore(candidates, stored);
      if (missing.length === 0) continue;
      await slicer.maybeYield();
      const written = await this.store(missing, reference, accountPolicy, now);
      result.inserted.push(...written.inserted);
      result.actions.push(...written.actions);
    }
    return result;
  }

  private async loadReference(): Promise<Reference> {
    const [policyRows, calendarRows] = await Promise.all([
      this.ctx.db.selectFrom('sla_policies').selectAll().execute(),
      this.ctx.db.selectFrom('business_calendars').selectAll().execute(),
    ]);
    const policies = policyRows.map((row) => decodeRow('sla_policy', row) as SlaPolicy).sort((a, b) => a.position - b.position);
    return {
      policies,
      calendars: new Map(calendarRows.map((row) => decodeRow('business_calendar', row) as BusinessCalendar).map((c) => [c.id, c])),
    };
  }

  private async accountPolicies(accountIds: readonly string[]): Promise<Map<string, string | null>> {
    const unique = [...new Set(accountIds)];
    if (unique.length === 0) return new Map();
    const rows = await this.ctx.db.selectFrom('accounts').select(['id', 'slaPolicyId']).where('id', 'in', unique).execute();
    return new Map(rows.map((r) => [r.id, r.slaPolicyId]));
  }

  /** All policies and the account's contracted one: shared/sla slaPolicyForTicket chooses, as in the console. */
  private policiesFor(reference: Reference, accountPolicyId: string | null | undefined): AccountSlaPolicies<SlaPolicy> {
    return accountSlaPolicies(reference.policies, accountPolicyId);
  }

  private matchedPolicy(ticket: Ticket, policies: AccountSlaPolicies<SlaPolicy>): SlaPolicy | undefined {
    return clockPolicyFor(policies, ticket);
  }

  /** Remembers when this ticket next needs a look: the earliest warn or due instant of a counting clock. */
  private scheduleWake(loaded: LoadedTicketHistory, clocks: readonly SlaClock[], policies: AccountSlaPolicies<SlaPolicy>, reference: Reference, now: number): void {
    const policy = this.matchedPolicy(loaded.ticket, policies);
    let next = Infinity;
    for (const clock of clocks) {
      if (clock.paused || clock.dueAt === null) continue;
      if (clock.state === 'running' || clock.state === 'warning') {
        if (clock.dueAt > now) next = Math.min(next, clock.dueAt);
      }
      if (clock.state === 'running') {
        const threshold = Math.round(clock.targetMs * (policy?.warnAtFraction ?? 0.75));
        const calendar = reference.calendars.get(clock.calendarId);
        if (calendar && threshold > clock.elapsedMs) next = Math.min(next, addWorkingTime(calendar, now, threshold - clock.elapsedMs));
      }
    }
    if (Number.isFinite(next)) this.wakeAt.set(loaded.ticket.id, next);
    else this.wakeAt.delete(loaded.ticket.id);
  }

  /** One transaction: insert-if-absent, breach actions for the rows this transaction won, one change_log row each. */
  private async store(
    events: readonly SlaEvent[],
    reference: Reference,
    accountPolicy: ReadonlyMap<string, string | null>,
    now: number,
  ): Promise<{ inserted: SlaEvent[]; actions: SlaBreachActionRecord[]; seq: number }> {
    const { dialect } = this.ctx;
    const outcome = await this.ctx.db.transaction().execute(async (trx) => {
      // Serialise with sync pushes and other scanners: seq order = commit order, and no lost update of the ticket row.
      if (dialect === 'postgres') await sql`select pg_advisory_xact_lock(${changeLogLockKey})`.execute(trx);
      const wonIds = new Set<string>();
      for (let i = 0; i < events.length; i += insertChunk) {
        const rows = events.slice(i, i + insertChunk).map((event) => encodeRow('sla_event', event, dialect));
        const returned = await trx
          .insertInto('sla_events')
          .values(rows)
          .onConflict((oc) => oc.column('id').doNothing())
          .returning('id')
          .execute();
        for (const row of returned) wonIds.add(row.id);
      }
      const inserted = events.filter((event) => wonIds.has(event.id));
      if (inserted.length === 0) return { inserted, actions: [], seq: 0 };
      const logged: LoggedChange[] = inserted.map((event) => ({
        entity: 'sla_event',
        id: event.id,
        op: 'put',
        row: event as unknown as SyncRow,
        before: null,
        version: 1,
      }));
      const breaches = inserted.filter((event) => event.kind === 'breach');
      const { changes, actions } = breaches.length > 0 ? await this.breachActions(trx, breaches, reference, accountPolicy, now) : { changes: [], actions: [] };
      await writeRows(trx, dialect, changes);
      for (const change of changes) {
        logged.push({ ...change, version: Number(change.row?.version ?? change.before?.version ?? 1) });
      }
      const seq = await appendChangeLog(trx, dialect, logged, {
        actorId: null,
        clientId: null,
        mutationId: null,
        clientTime: null,
        serverTime: now,
        offline: false,
      });
      return { inserted, actions, seq };
    });
    if (outcome.seq > 0) this.options.onCommitted?.(outcome.seq);
    return outcome;
  }

  private async breachActions(
    trx: SyncTrx,
    breaches: readonly SlaEvent[],
    reference: Reference,
    accountPolicy: ReadonlyMap<string, string | null>,
    now: number,
  ): Promise<{ changes: RowChange[]; actions: SlaBreachActionRecord[] }> {
    const ticketIds = [...new Set(breaches.map((b) => b.ticketId))];
    const tickets = new Map(
      (await trx.selectFrom('tickets').selectAll().where('id', 'in', ticketIds).execute()).map((row) => {
        const ticket = decodeRow('ticket', row) as Ticket;
        return [ticket.id, ticket] as const;
      }),
    );
    const teamIds = [...new Set([...tickets.values()].map((t) => t.teamId).filter((id): id is string => id !== null))];
    const teams = new Map(
      teamIds.length === 0
        ? []
        : (await trx.selectFrom('teams').selectAll().where('id', 'in', teamIds).execute()).map((row) => {
            const team = decodeRow('team', row) as Team;
            return [team.id, team] as const;
          }),
    );
    const agentIds = new Set<string>();
    for (const t of tickets.values()) if (t.ownerId) agentIds.add(t.ownerId);
    for (const team of teams.values()) if (team.leadId) agentIds.add(team.leadId);
    const agents = new Map(
      agentIds.size === 0
        ? []
        : (await trx.selectFrom('agents').selectAll().where('id', 'in', [...agentIds]).execute()).map((row) => {
            const { passwordHash: _secret, ...rest } = row;
            const agent = decodeRow('agent', rest) as Agent;
            return [agent.id, agent] as const;
          }),
    );

    const changes: RowChange[] = [];
    const actions: SlaBreachActionRecord[] = [];
    const raised = new Set<string>();
    const message = (event: SlaEvent, action: BreachAction, body: string): void => {
      const row: Message = {
        id: deterministicUuid(`${event.id}|${action}`),
        ticketId: event.ticketId,
        kind: 'system_event',
        authorAgentId: null,
        authorContactId: null,
        body,
        bodyFormat: 'text',
        attachments: [],
        createdAt: now,
      };
      changes.push({ entity: 'message', id: row.id, op: 'put', row: row as unknown as SyncRow, before: null });
    };

    for (const event of breaches) {
      const ticket = tickets.get(event.ticketId);
      if (!ticket || ticket.status === 'solved' || ticket.status === 'closed') continue;
      const policy = this.matchedPolicy(ticket, this.policiesFor(reference, accountPolicy.get(ticket.accountId)));
      if (!policy) continue;
      const what = `${metricLabels[event.metric]} SLA breached on ticket #${ticket.number ?? '—'} (due ${new Date(event.dueAt ?? event.at).toISOString()}).`;
      for (const action of policy.breachActions) {
        switch (action) {
          case 'notify_owner': {
            const owner = ticket.ownerId ? agents.get(ticket.ownerId) : undefined;
            if (!owner) break;
            message(event, action, `${what} Owner notified: ${owner.name}.`);
            actions.push({ eventId: event.id, ticketId: ticket.id, action, detail: owner.id });
            break;
          }
          case 'notify_lead': {
            const team = ticket.teamId ? teams.get(ticket.teamId) : undefined;
            const lead = team?.leadId ? agents.get(team.leadId) : undefined;
            if (!lead) break;
            message(event, action, `${what} Team lead notified: ${lead.name}.`);
            actions.push({ eventId: event.id, ticketId: ticket.id, action, detail: lead.id });
            break;
          }
          case 'raise_tier': {
            // One raise per ticket per transaction: three clocks breaching together are one escalation, not three.
            if (raised.has(ticket.id) || ticket.tier >= 3) break;
            raised.add(ticket.id);
            const tier = (ticket.tier + 1) as Ticket['tier'];
            const after: Ticket = { ...ticket, tier, version: ticket.version + 1, updatedAt: now };
            changes.push({ entity: 'ticket', id: ticket.id, op: 'put', row: after as unknown as SyncRow, before: ticket as unknown as SyncRow });
            tickets.set(ticket.id, after);
            message(event, action, `${what} Tier raised from ${ticket.tier} to ${tier}.`);
            actions.push({ eventId: event.id, ticketId: ticket.id, action, detail: String(tier) });
            break;
          }
          default: {
            const exhaustive: never = action;
            throw new Error(`unknown breach action ${String(exhaustive)}`);
          }
        }
      }
    }
    return { changes, actions };
  }
}

/** Starts the scanner loop for a server context; call `stop()` on shutdown. */
export function startSlaScanner(ctx: SlaScannerContext, options: SlaScannerOptions = {}): SlaScanner {
  return new SlaScanner(ctx, options).start();
}

/**
 * The one line for server/app.ts (after `registerSyncRoutes`): starts the scanner, pokes clients after its
 * commits on SQLite (PostgreSQL pokes through NOTIFY), and stops it when the app closes.
 * `ACCORD_SLA_SCANNER=off` (config.slaScanner) disables it, e.g. for tests that drive their own scanner instances.
 */
export function registerSlaScanner(app: FastifyInstance, ctx: ServerContext, options: SlaScannerOptions = {}): SlaScanner | null {
  if (!ctx.config.slaScanner) {
    app.decorate('slaScanner', null);
    return null;
  }
  const scanner = new SlaScanner(ctx, {
    ...options,
    onCommitted: (seq) => {
      if (ctx.dialect === 'sqlite') app.syncPokes?.committed(seq);
      options.onCommitted?.(seq);
    },
  });
  app.decorate('slaScanner', scanner);
  app.addHook('onReady', async () => void scanner.start());
  app.addHook('onClose', async () => scanner.stop());
  return scanner;
}
