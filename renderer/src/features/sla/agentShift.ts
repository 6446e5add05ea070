import { Temporal } from 'temporal-polyfill';
import type { Agent } from '../../../../shared/domain';

/**
 * "Breaches in your shift" vs "next shift": the agent's daily shift ("HH:MM"–"HH:MM" in their time zone; an
 * end at or before the start runs past midnight) laid out around `now`, and where a due instant falls in it.
 * Windows are computed once per agent and minute and shared by every badge on screen.
 */
export type AgentShift = Readonly<Pick<Agent, 'timeZone' | 'shiftStart' | 'shiftEnd'>>;

export type BreachShift = 'this' | 'next' | 'later';

export const breachShiftLabels: Readonly<Record<BreachShift, string>> = {
  this: 'in your shift',
  next: 'next shift',
  later: 'after next shift',
};

export interface ShiftWindows {
  /** The shift the agent is in now, if any. */
  current: { start: number; end: number } | null;
  /** The first shift that starts after the current one ends (or after now when off shift). */
  next: { start: number; end: number };
}

function at(date: Temporal.PlainDate, hhmm: string, timeZone: string): number {
  const [hour, minute] = hhmm.split(':').map(Number);
  // "24:00" is the next day's midnight; DST gaps and overlaps resolve as 'compatible' (ARCHITECTURE.md).
  const day = hour === 24 ? date.add({ days: 1 }) : date;
  return day.toZonedDateTime({ timeZone, plainTime: { hour: hour === 24 ? 0 : (hour ?? 0), minute: minute ?? 0 } }).epochMilliseconds;
}

export function shiftWindowsAt(shift: AgentShift, now: number): ShiftWindows {
  const today = Temporal.Instant.fromEpochMilliseconds(now).toZonedDateTimeISO(shift.timeZone).toPlainDate();
  const overnight = shift.shiftEnd <= shift.shiftStart;
  const windows = [-1, 0, 1, 2].map((offset) => {
    const day = today.add({ days: offset });
    return { start: at(day, shift.shiftStart, shift.timeZone), end: at(overnight ? day.add({ days: 1 }) : day, shift.shiftEnd, shift.timeZone) };
  });
  const current = windows.find((w) => w.start <= now && now < w.end) ?? null;
  const after = current ? current.end : now;
  const next = windows.find((w) => w.start >= after) ?? windows[windows.length - 1]!;
  return { current, next };
}

const cache = new Map<string, ShiftWindows>();

/** shiftWindowsAt, memoised per agent shift and minute (the badges ask every second). */
export function cachedShiftWindows(shift: AgentShift, now: number): ShiftWindows {
  const key = `${shift.timeZone}|${shift.shiftStart}|${shift.shiftEnd}|${Math.floor(now / 60_000)}`;
  let windows = cache.get(key);
  if (!windows) {
    if (cache.size > 50) cache.clear();
    windows = shiftWindowsAt(shift, now);
    cache.set(key, windows);
  }
  return windows;
}

/** Whether a clock due at `dueAt` breaches in the agent's current shift, their next one, or later. */
export function breachShift(windows: ShiftWindows, dueAt: number): BreachShift {
  if (windows.current && dueAt < windows.current.end) return 'this';
  if (dueAt < windows.next.end) return 'next';
  return 'later';
}
