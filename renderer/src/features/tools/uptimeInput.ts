/**
 * Input and output of the uptime calculator: durations typed the way people say them ("43m 50s", "8h 46m",
 * "1.5h", "90" = minutes) and percentages ("99.95", "99.95 %").
 */

const unitMs: Readonly<Record<string, number>> = {
  ms: 1,
  s: 1000,
  sec: 1000,
  m: 60_000,
  min: 60_000,
  h: 3_600_000,
  hr: 3_600_000,
  d: 86_400_000,
  w: 7 * 86_400_000,
};

/** A duration in ms, or null when the text is not one. A bare number is minutes. */
export function parseDuration(text: string): number | null {
  const trimmed = text.trim().toLowerCase();
  if (trimmed === '') return null;
  if (/^\d+(?:\.\d+)?$/.test(trimmed)) return Number(trimmed) * 60_000;
  const clock = /^(\d+):([0-5]\d)(?::([0-5]\d(?:\.\d+)?))?$/.exec(trimmed);
  if (clock) return (Number(clock[1]) * 60 + Number(clock[2])) * 60_000 + Number(clock[3] ?? 0) * 1000;
  const token = /(\d+(?:\.\d+)?)\s*(ms|sec|min|hr|s|m|h|d|w)\b/g;
  let total = 0;
  let consumed = '';
  for (let match = token.exec(trimmed); match; match = token.exec(trimmed)) {
    total += Number(match[1]) * unitMs[match[2]!]!;
    consumed += match[0];
  }
  // Everything but spaces must have been understood.
  if (consumed.replace(/\s+/g, '') !== trimmed.replace(/\s+/g, '')) return null;
  return total;
}

/** A percentage between 0 and 100, or null. */
export function parsePercent(text: string): number | null {
  const match = /^\s*(\d+(?:\.\d+)?)\s*%?\s*$/.exec(text);
  if (!match) return null;
  const value = Number(match[1]);
  return value >= 0 && value <= 100 ? value : null;
}

/** "8h 45m 57s", "43m 49.7s", "8.6s", "0s": days, hours, minutes and seconds (one decimal under a minute's precision). */
export function formatDowntime(ms: number): string {
  if (!(ms > 0)) return '0s';
  const totalSeconds = Math.round(ms / 100) / 10;
  const days = Math.floor(totalSeconds / 86_400);
  const hours = Math.floor((totalSeconds % 86_400) / 3600);
  const minutes = Math.floor((totalSeconds % 3600) / 60);
  const seconds = Math.round((totalSeconds % 60) * 10) / 10;
  const parts: string[] = [];
  if (days > 0) parts.push(`${days}d`);
  if (hours > 0) parts.push(`${hours}h`);
  if (minutes > 0) parts.push(`${minutes}m`);
  if (seconds > 0 || parts.length === 0) parts.push(`${days > 0 || hours > 0 ? Math.round(seconds) : seconds}s`);
  return parts.join(' ');
}

/** Uptime with as many decimals as it takes to show the nines (99.999 %, not 100 %), at most 5. */
export function formatUptime(percent: number): string {
  for (let decimals = 2; decimals <= 5; decimals += 1) {
    const text = percent.toFixed(decimals);
    if (Number(text) !== 100 || percent === 100) return `${text.replace(/\.?0+$/, '')} %`;
  }
  return `${percent.toFixed(5)} %`;
}
