import type { SlaMetric } from '../domain/sla';

/**
 * What happens to an open (or finished) SLA clock when something happens to its ticket, as a table
 * (ARCHITECTURE: clock transitions are pure tables, tested exhaustively). Starting new clocks,
 * re-targeting and cancelling for lack of a target depend on the policy and live in the replay.
 */

export const slaClockPhases = ['counting', 'paused', 'fulfilled', 'cancelled'] as const;
export type SlaClockPhase = (typeof slaClockPhases)[number];

/**
 * - agent_public_reply: an agent answered the customer publicly;
 * - pause_status / counting_status: the ticket moved (unsolved → unsolved) into a status that does /
 *   does not pause this metric under its policy;
 * - solve: unsolved → solved or closed; reopen: solved or closed → unsolved.
 */
export const slaClockTriggers = ['agent_public_reply', 'pause_status', 'counting_status', 'solve', 'reopen'] as const;
export type SlaClockTrigger = (typeof slaClockTriggers)[number];

export type SlaClockAction = 'none' | 'fulfil' | 'cancel' | 'pause' | 'resume';

type Table = Readonly<Record<SlaClockPhase, Readonly<Record<SlaClockTrigger, SlaClockAction>>>>;

const finished: Readonly<Record<SlaClockTrigger, SlaClockAction>> = {
  agent_public_reply: 'none',
  pause_status: 'none',
  counting_status: 'none',
  solve: 'none',
  reopen: 'none',
};

/** Response clocks are met by a public reply; solving without one cancels them. */
const responseClock: Table = {
  counting: { agent_public_reply: 'fulfil', pause_status: 'pause', counting_status: 'none', solve: 'cancel', reopen: 'none' },
  paused: { agent_public_reply: 'fulfil', pause_status: 'none', counting_status: 'resume', solve: 'cancel', reopen: 'none' },
  fulfilled: finished,
  cancelled: finished,
};

/** Resolution is met by solving; re-opening resumes it where it stopped. */
const resolutionClock: Table = {
  counting: { agent_public_reply: 'none', pause_status: 'pause', counting_status: 'none', solve: 'fulfil', reopen: 'none' },
  paused: { agent_public_reply: 'none', pause_status: 'none', counting_status: 'resume', solve: 'fulfil', reopen: 'none' },
  fulfilled: { ...finished, reopen: 'resume' },
  cancelled: finished,
};

export const slaClockTransitions: Readonly<Record<SlaMetric, Table>> = {
  first_response: responseClock,
  next_response: responseClock,
  // Met by each reply; the replay then starts the next period.
  periodic_update: responseClock,
  resolution: resolutionClock,
};

export function slaClockAction(metric: SlaMetric, phase: SlaClockPhase, trigger: SlaClockTrigger): SlaClockAction {
  return slaClockTransitions[metric][phase][trigger];
}
