import { randomUUID } from 'node:crypto';
import type { BusinessCalendar } from '../../shared/domain';

/** Shared by the SLA scanner suites: a fixed start and a round-the-clock calendar, so due times are plain sums. */
export const MINUTE = 60_000;
export const t0 = Date.UTC(2026, 2, 2, 10, 0, 0); // a Monday, 10:00 UTC

export const calendar247: BusinessCalendar = {
  id: randomUUID(),
  name: '24/7',
  timeZone: 'UTC',
  weekly: Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((d) => [d, [['00:00', '24:00']]])),
  version: 1,
  updatedAt: t0,
};
