import { describe, expect, it } from 'vitest';
import type { BusinessCalendar } from '../../../../shared/domain';
import { shiftWindowsAt } from './agentShift';
import { countdownText } from './countdownText';
import { noSla, type SlaSnapshot } from './slaSnapshot';

const H = 3_600_000;
const M = 60_000;
// Friday 2026-06-12, 15:00 in New York (EDT, UTC-4).
const now = Date.UTC(2026, 5, 12, 19, 0);
const nineToFive: BusinessCalendar = {
  id: 'c1',
  name: 'NY office',
  timeZone: 'America/New_York',
  weekly: { mon: [['09:00', '17:00']], tue: [['09:00', '17:00']], wed: [['09:00', '17:00']], thu: [['09:00', '17:00']], fri: [['09:00', '17:00']] },
  version: 1,
  updatedAt: 0,
};
const due = (dueAt: number, warnAt = dueAt - H): SlaSnapshot => ({ ...noSla, metric: 'first_response', dueAt, warnAt, calendarId: 'c1' });

describe('countdownText', () => {
  it('counts business time, not wall time, across a weekend', () => {
    // Due Monday 11:00 New York: 2 h on Friday + 2 h on Monday of working time left.
    const monday11 = Date.UTC(2026, 5, 15, 15, 0);
    const t = countdownText(due(monday11, monday11 - 30 * M), now, { calendar: nineToFive });
    expect(t.state).toBe('ok');
    expect(t.businessMsLeft).toBe(4 * H);
    expect(t.text).toBe('4h 00m left');
  });

  it('says the state in words and shows the due moment in both time zones', () => {
    const dueAt = now + 20 * M;
    const t = countdownText(due(dueAt, now - M), now, { calendar: nineToFive, agentTimeZone: 'Europe/Berlin', customerTimeZone: 'America/New_York' });
    expect(t.state).toBe('warning');
    expect(t.text).toBe('Warning · 20m left');
    expect(t.dueMoments).toBe('Due Fri, Jun 12, 21:20 GMT+2 (yours) · Fri, Jun 12, 15:20 EDT (customer)');
    expect(t.title).toContain('First response: warning');
  });

  it('reports breached clocks as over, in business time', () => {
    const t = countdownText(due(now - 2 * H), now, { calendar: nineToFive });
    expect(t.state).toBe('breached');
    expect(t.text).toBe('Breached · 2h 00m over');
    expect(t.shift).toBeNull();
  });

  it('tells whether the breach falls in the agent’s shift or the next one', () => {
    const shift = shiftWindowsAt({ timeZone: 'America/New_York', shiftStart: '08:00', shiftEnd: '16:00' }, now);
    expect(countdownText(due(now + 30 * M), now, { shiftWindows: shift }).shiftLabel).toBe('in your shift');
    expect(countdownText(due(now + 3 * H), now, { shiftWindows: shift }).shiftLabel).toBe('next shift');
  });

  it('has words for paused and met clocks too', () => {
    expect(countdownText({ ...noSla, paused: true }, now, {}).text).toBe('Paused');
    expect(countdownText({ ...noSla, met: true }, now, {}).text).toBe('Met');
  });
});
