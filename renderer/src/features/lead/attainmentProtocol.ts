import type { Severity } from '../../../../shared/domain';
import type { AttainmentWindows } from './slaAttainment';

/** Messages between the lead board and its attainment worker (attainment.worker.ts). */
export interface AttainmentRequest {
  requestId: number;
  /** The team's tickets that may have decided a clock in the window, with the severity reports use. */
  tickets: Array<[ticketId: string, severity: Severity]>;
  /** Read events from this instant on (a breach just before the 30-day window still decides its clock). */
  since: number;
  now: number;
  startOfToday: number;
}

export interface AttainmentResponse {
  requestId: number;
  attainment: AttainmentWindows;
}
