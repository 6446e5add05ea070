import { describe, expect, it } from 'vitest';
import type { Severity, SlaEvent } from '../../../../shared/domain';
import { localDayStarts } from './localDay';
import { attainmentPercent, clockKeyOf, slaAttainment, sumCells } from './slaAttainment';

const DAY = 86_400_000;
const today = Date.UTC(2026, 2, 10);
const now = today + 12 * 3_600_000;

function ev(ticketId: string, metric: SlaEvent['metric'], cycle: number, kind: SlaEvent['kind'], at: number): SlaEvent {
  return { id: `${ticketId}/${metric}/${cycle}/${kind}/${at}`, ticketId, metric, kind, at };
}

describe('slaAttainment', () => {
  const severity = new Map<string, Severity>([
    ['t1', 1],
    ['t2', 2],
    ['t3', 2],
  ]);
  const events = [
    ev('t1', 'first_response', 0, 'start', today - DAY),
    ev('t1', 'first_response', 0, 'fulfil', today + 1000), // met today
    ev('t1', 'resolution', 0, 'breach', today - 3 * DAY), // missed 3 days ago…
    ev('t1', 'resolution', 0, 'fulfil', today + 2000), // …met late stays missed
    ev('t2', 'first_response', 0, 'breach', today - 10 * DAY), // missed within 30 days only
    ev('t2', 'next_response', 0, 'fulfil', today - 2 * DAY),
    ev('t2', 'next_response', 1, 'fulfil', today - 40 * DAY), // outside every window
    ev('t3', 'first_response', 0, 'breach', today - 40 * DAY), // breached before the window…
    ev('t3', 'first_response', 0, 'fulfil', today - DAY), // …so its late fulfilment is not "met"
    ev('t3', 'resolution', 0, 'fulfil', now + 1), // in the future: ignored
    ev('gone', 'resolution', 0, 'breach', today), // unknown ticket: ignored
  ];
  const result = slaAttainment(events, (id) => severity.get(id), now, localDayStarts(now, 'UTC', 30));

  it('counts each clock once, a late fulfilment as missed, per window', () => {
    expect(result.today.first_response[1]).toEqual({ met: 1, missed: 0 });
    expect(result.today.resolution[1]).toEqual({ met: 0, missed: 0 });
    expect(result.days7.resolution[1]).toEqual({ met: 0, missed: 1 });
    expect(result.days7.first_response[2]).toEqual({ met: 0, missed: 0 });
    expect(result.days30.first_response[2]).toEqual({ met: 0, missed: 1 });
    expect(result.days30.next_response[2]).toEqual({ met: 1, missed: 0 });
    expect(sumCells(Object.values(result.days30.resolution))).toEqual({ met: 0, missed: 1 });
  });

  it('fills a 30-day series, today last', () => {
    expect(result.daily.first_response[29]).toEqual({ met: 1, missed: 0 });
    expect(result.daily.first_response[19]).toEqual({ met: 0, missed: 1 });
    expect(result.daily.resolution[26]).toEqual({ met: 0, missed: 1 });
  });

  it('percent and clock keys', () => {
    expect(attainmentPercent({ met: 3, missed: 1 })).toBe(75);
    expect(attainmentPercent({ met: 0, missed: 0 })).toBeNull();
    expect(clockKeyOf(ev('t1', 'resolution', 2, 'breach', 5))).toBe('t1/resolution/2');
    expect(clockKeyOf({ id: 'opaque', ticketId: 't9', metric: 'resolution' })).toBe('t9/resolution');
  });
});

describe('slaAttainment across a DST change (New York, clocks sprang forward on 2026-03-08)', () => {
  const tz = 'America/New_York';
  // 2026-03-10 12:00 EDT; today started at 04:00 UTC, and 30 local days back is 2026-02-09 00:00 EST (05:00 UTC).
  const nowNy = Date.UTC(2026, 2, 10, 16, 0);
  const starts = localDayStarts(nowNy, tz, 30);
  const severity = () => 2 as Severity;

  it('the day starts are real local midnights, not multiples of 24 h before today', () => {
    expect(starts[29]).toBe(Date.UTC(2026, 2, 10, 4, 0));
    expect(starts[0]).toBe(Date.UTC(2026, 1, 9, 5, 0));
    expect(starts[29]! - starts[0]!).toBe(29 * DAY - 3_600_000);
  });

  it('a clock decided at 00:30 EST on the first day is in the window and in its first cell', () => {
    // 29 × 24 h before today's midnight is 2026-02-09 04:00 UTC = 23:00 EST on the 8th: one hour too early.
    const at = Date.UTC(2026, 1, 9, 5, 30);
    const justBefore = Date.UTC(2026, 1, 9, 4, 30); // 23:30 EST on 2026-02-08: outside the 30 days
    const r = slaAttainment([ev('a', 'resolution', 0, 'breach', at), ev('b', 'resolution', 0, 'breach', justBefore)], severity, nowNy, starts);
    expect(r.days30.resolution[2]).toEqual({ met: 0, missed: 1 });
    expect(r.daily.resolution[0]).toEqual({ met: 0, missed: 1 });
  });

  it('a clock met at 23:30 EDT yesterday counts yesterday, not today', () => {
    const at = Date.UTC(2026, 2, 10, 3, 30);
    const r = slaAttainment([ev('a', 'first_response', 0, 'fulfil', at)], severity, nowNy, starts);
    expect(r.today.first_response[2]).toEqual({ met: 0, missed: 0 });
    expect(r.daily.first_response[28]).toEqual({ met: 1, missed: 0 });
  });

  it('refuses a day list of the wrong length rather than mislabel the days', () => {
    expect(() => slaAttainment([], severity, nowNy, starts.slice(1))).toThrow(RangeError);
  });
});
