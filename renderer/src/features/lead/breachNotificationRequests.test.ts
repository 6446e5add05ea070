import { describe, expect, it } from 'vitest';
import { breachNotificationRequests, imminentWindowMs } from './breachNotificationRequests';
import { NotificationLimiter } from './notificationLimiter';

const M = 60_000;
const now = Date.UTC(2026, 5, 10, 10, 0);
const row = (n: number, dueAt: number | null) => ({ ticket: { id: `t${n}`, number: n, subject: `Exports fail ${n}` }, dueAt });
const on = { enabled: true, doNotDisturb: false };

describe('breachNotificationRequests', () => {
  it('notifies imminent breaches only, with the time left and the ticket in words', () => {
    const rows = [row(1, now - M), row(2, now + 4 * M), row(3, now + imminentWindowMs + M), row(4, null)];
    expect(breachNotificationRequests(rows, now, new NotificationLimiter(), on)).toEqual([
      { title: 'SLA breach in 4m', body: '#2 Exports fail 2', ticketId: 't2', doNotDisturb: false },
    ]);
  });

  it('is silent with alerts off or do-not-disturb on, and does not spend the rate limit meanwhile', () => {
    const limiter = new NotificationLimiter();
    const rows = [row(1, now + 5 * M)];
    expect(breachNotificationRequests(rows, now, limiter, { enabled: true, doNotDisturb: true })).toEqual([]);
    expect(breachNotificationRequests(rows, now, limiter, { enabled: false, doNotDisturb: false })).toEqual([]);
    expect(breachNotificationRequests(rows, now + 15_000, limiter, on).map((r) => r.ticketId)).toEqual(['t1']);
  });

  it('is rate limited: once per ticket per 10 minutes and five per minute, across the 15-second checks', () => {
    const limiter = new NotificationLimiter();
    const rows = Array.from({ length: 8 }, (_, i) => row(i + 1, now + (i + 5) * M));
    expect(breachNotificationRequests(rows, now, limiter, on)).toHaveLength(5);
    // 15 s later the minute's budget is spent; the five already shown are not repeated.
    expect(breachNotificationRequests(rows, now + 15_000, limiter, on)).toEqual([]);
    expect(breachNotificationRequests(rows, now + M, limiter, on).map((r) => r.ticketId)).toEqual(['t6', 't7', 't8']);
  });
});
