import type { Agent, Ticket } from '../../../../shared/domain';
import { compareByTimeToBreach, type QueueRow, type TicketIndex } from '../queue/ticketIndex';
import { compileSlotFilter, unsolvedStatuses } from '../queue/views';
import type { SlaSnapshot } from '../sla/slaSnapshot';

/**
 * The lead board's reads of the queue's ticket index. The index holds every cached ticket (100,000 on a large
 * team) and the board shows the few thousand open ones, so each read is one pass over the index's typed columns
 * and the board's work grows with its open tickets, not with the cache:
 * - walking 100,000 row objects, or copying them into arrays, after every synced change cost long tasks;
 * - the index's time-to-breach order of all its rows is rebuilt with one sort of 100,000 rows after a full
 *   reload; the board sorts its few thousand rows itself and never asks for it.
 */
export interface LeadRow {
  readonly ticket: Ticket;
  /** Absolute due instant of the most urgent counting clock (null: paused or no clock). */
  readonly dueAt: number | null;
  readonly sla: SlaSnapshot;
}

export type SlotTest = (slot: number) => boolean;

/** The columns form of `isTeamTicket`: the ticket's team is one of `teamIds`, or (without one) its owner's team is. */
export function teamSlotTest(index: TicketIndex, teamIds: ReadonlySet<string>, agents: ReadonlyMap<string, Agent>): SlotTest {
  const c = index.columns;
  const teamCodes = new Set([...teamIds].map((id) => index.teams.lookup(id)));
  const ownerCodes = new Set<number>();
  for (const agent of agents.values()) if (agent.teamId !== null && teamIds.has(agent.teamId)) ownerCodes.add(index.owners.lookup(agent.id));
  return (slot) => {
    const team = c.team[slot]!;
    return team !== -1 ? teamCodes.has(team) : ownerCodes.has(c.owner[slot]!);
  };
}

function unsolvedSlotTest(index: TicketIndex): SlotTest {
  return compileSlotFilter({ statuses: unsolvedStatuses }, { agentId: '', now: 0, accountsById: new Map() }, index);
}

/** The slots that pass `test`, in no particular order: one pass, without the index's full sort. */
function slotsWhere(index: TicketIndex, test: SlotTest): number[] {
  const slots: number[] = [];
  // countSlots is the index's one unsorted pass over its live slots; the test collects instead of counting.
  index.countSlots([
    (slot) => {
      if (test(slot)) slots.push(slot);
      return false;
    },
  ]);
  return slots;
}

/** One LeadRow per index row and SLA snapshot: a row that did not change keeps its object (memoised rows). */
const leadRows = new WeakMap<QueueRow, LeadRow>();

function leadRowOf(row: QueueRow): LeadRow {
  const known = leadRows.get(row);
  if (known && known.sla === row.sla) return known;
  const created: LeadRow = { ticket: row.ticket, dueAt: row.sla.dueAt, sla: row.sla };
  leadRows.set(row, created);
  return created;
}

/** The open tickets (of `teamTest`'s teams; null: every team) in time-to-breach order. */
export function openLeadRows(index: TicketIndex, teamTest: SlotTest | null): LeadRow[] {
  const unsolved = unsolvedSlotTest(index);
  const slots = slotsWhere(index, teamTest ? (slot) => unsolved(slot) && teamTest(slot) : unsolved);
  return slots
    .map((slot) => index.rowAtSlot(slot))
    .sort(compareByTimeToBreach)
    .map(leadRowOf);
}

/** The attainment worker's input (see AttainmentRequest for why it is packed this way). */
export interface AttainmentCandidates {
  /** Ids of open tickets and of tickets solved since `since`, joined by ','. */
  ticketIds: string;
  /** The severity of each, in the same order. */
  severities: Uint8Array;
  /** Changes when the list does (in any order): an unchanged list need not be sent to the worker again. */
  fingerprint: string;
}

/** FNV-1a over a ticket id and its severity. */
function hashTicket(id: string, severity: number): number {
  let h = 0x811c9dc5 ^ severity;
  for (let i = 0; i < id.length; i++) h = Math.imul(h ^ id.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

/** Lets the event loop run: `scheduler.yield()` where the browser has it (this work resumes first), else a task. */
export function yieldToEventLoop(): Promise<void> {
  const scheduler = (globalThis as { scheduler?: { yield?: () => Promise<void> } }).scheduler;
  return scheduler?.yield ? scheduler.yield() : new Promise((resolve) => setTimeout(resolve, 0));
}

export interface CandidateScan {
  /** The team's slot test, built anew for each pass (the index interns new ids as they come). */
  teamTest: () => SlotTest | null;
  since: number;
  /** Stop and return null (a newer request replaced this one). */
  cancelled: () => boolean;
  /** Work at most about this long before yielding. */
  sliceMs?: number;
}

/**
 * Tickets that may have decided a clock since `since`: open ones and ones solved since. On a large cache that is
 * a pass over 100,000 rows and tens of thousands of ids to hash and pack, so it runs in slices between which the
 * board stays responsive; a change of the index meanwhile (slots are reused) starts the pass over.
 */
export async function attainmentCandidates(index: TicketIndex, scan: CandidateScan): Promise<AttainmentCandidates | null> {
  const sliceMs = scan.sliceMs ?? 8;
  for (;;) {
    const version = index.version;
    const teamTest = scan.teamTest();
    const unsolved = unsolvedSlotTest(index);
    const created = index.columns.createdAt;
    // The columns decide most tickets in this pass; the rest (created before the window, solved) need their row.
    const decided: number[] = [];
    const undecided = slotsWhere(index, (slot) => {
      if (teamTest && !teamTest(slot)) return false;
      if (unsolved(slot) || created[slot]! >= scan.since) {
        decided.push(slot);
        return false;
      }
      return true;
    });
    const ids: string[] = [];
    const severities: number[] = [];
    let sum = 0;
    let xor = 0;
    const steps = decided.length + undecided.length;
    let step = 0;
    let sliceEnd = performance.now() + sliceMs;
    let stale = false;
    for (; step < steps; step++) {
      if ((step & 1023) === 0 && performance.now() > sliceEnd) {
        await yieldToEventLoop();
        if (scan.cancelled()) return null;
        if (index.version !== version) {
          stale = true;
          break;
        }
        sliceEnd = performance.now() + sliceMs;
      }
      const isDecided = step < decided.length;
      const t = index.rowAtSlot(isDecided ? decided[step]! : undecided[step - decided.length]!).ticket;
      if (!isDecided && (t.solvedAt ?? t.updatedAt) < scan.since) continue;
      ids.push(t.id);
      severities.push(t.severity);
      const h = hashTicket(t.id, t.severity);
      sum = (sum + h) >>> 0;
      xor = (xor ^ h) >>> 0;
    }
    if (stale) continue;
    return { ticketIds: ids.join(','), severities: Uint8Array.from(severities), fingerprint: `${ids.length}:${sum}:${xor}` };
  }
}
