/** Display formatting for the renderer. Pure functions; `now` is always passed in. */

const moneyFormatters = new Map<string, Intl.NumberFormat>();

/** Money in minor units → "€1,250,000" (no cents for large contract values). */
export function formatMoney(amountMinor: number, currency: string, opts: { compact?: boolean } = {}): string {
  const key = `${currency}:${opts.compact ? 'c' : 'f'}`;
  let fmt = moneyFormatters.get(key);
  if (!fmt) {
    fmt = new Intl.NumberFormat('en-US', {
      style: 'currency',
      currency,
      maximumFractionDigits: 0,
      ...(opts.compact ? { notation: 'compact' as const, maximumFractionDigits: 1 } : {}),
    });
    moneyFormatters.set(key, fmt);
  }
  return fmt.format(amountMinor / 100);
}

/** A duration as the two most significant units: "3d 4h", "2h 05m", "45m", "38s". */
export function formatDuration(ms: number): string {
  const abs = Math.abs(ms);
  const s = Math.floor(abs / 1000);
  const d = Math.floor(s / 86_400);
  const h = Math.floor((s % 86_400) / 3600);
  const m = Math.floor((s % 3600) / 60);
  if (d > 0) return `${d}d ${h}h`;
  if (h > 0) return `${h}h ${String(m).padStart(2, '0')}m`;
  if (m > 0) return `${m}m`;
  return `${s % 60}s`;
}

/** "5m ago", "3h ago", "2d ago"; "just now" under a minute. */
export function formatAge(from: number, now: number): string {
  const ms = now - from;
  if (ms < 60_000) return 'just now';
  return `${formatDuration(ms)} ago`;
}

const dateFmt = new Intl.DateTimeFormat('en-US', { year: 'numeric', month: 'short', day: 'numeric' });
const dateTimeFmt = new Intl.DateTimeFormat('en-US', { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' });

export function formatDate(epochMs: number): string {
  return dateFmt.format(epochMs);
}

export function formatDateTime(epochMs: number): string {
  return dateTimeFmt.format(epochMs);
}

/** "2027-03-01" → epoch ms of that date at UTC midnight (renewal dates are calendar dates). */
export function localDateToUtcMs(localDate: string): number {
  const [y, m, d] = localDate.split('-').map(Number);
  return Date.UTC(y ?? 1970, (m ?? 1) - 1, d ?? 1);
}

/** Whole days from `now` to a calendar date (negative when it has passed). */
export function daysUntil(localDate: string, now: number): number {
  return Math.ceil((localDateToUtcMs(localDate) - now) / 86_400_000);
}

export function formatLocalDate(localDate: string): string {
  return dateFmt.format(localDateToUtcMs(localDate));
}

export function initials(name: string): string {
  const parts = name.trim().split(/\s+/);
  return ((parts[0]?.[0] ?? '') + (parts.length > 1 ? (parts[parts.length - 1]?.[0] ?? '') : '')).toUpperCase();
}

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`;
  return `${(n / 1024 / 1024).toFixed(1)} MB`;
}

export function ticketRef(number: number | null): string {
  return number === null ? '#…' : `#${number}`;
}
