import type { Severity } from '../../../../shared/domain';
import type { AttainmentWindows } from './slaAttainment';

/** Messages between the lead board and its attainment worker (attainment.worker.ts). */
export interface AttainmentRequest {
  requestId: number;
  /**
   * The team's tickets that may have decided a clock in the window: ids joined by ',' and the severity reports
   * use in the same order. One string and one byte array clone in a moment; tens of thousands of [id, severity]
   * pairs cost the board's thread tens of milliseconds.
   */
  ticketIds: string;
  severities: Uint8Array;
  /** Read events from this instant on (a breach just before the 30-day window still decides its clock). */
  since: number;
  now: number;
  /** The lead's last 30 local midnights, oldest first (localDayStarts). */
  dayStarts: number[];
}

export interface AttainmentResponse {
  requestId: number;
  attainment: AttainmentWindows;
}

/** The worker's reading of a request's tickets: severity by ticket id. */
export function candidateSeverities(request: Pick<AttainmentRequest, 'ticketIds' | 'severities'>): Map<string, Severity> {
  const byId = new Map<string, Severity>();
  if (request.ticketIds === '') return byId;
  request.ticketIds.split(',').forEach((id, i) => byId.set(id, request.severities[i] as Severity));
  return byId;
}
