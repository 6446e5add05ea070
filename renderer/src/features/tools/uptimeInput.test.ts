import { describe, expect, it } from 'vitest';
import { allowedDowntimeMs, uptimePercentFromDowntime } from '../../../../shared/sla';
import { formatDowntime, formatUptime, parseDuration, parsePercent } from './uptimeInput';

describe('parseDuration', () => {
  it('reads the ways people write durations', () => {
    expect(parseDuration('43m 50s')).toBe(43 * 60_000 + 50_000);
    expect(parseDuration('8h 46m')).toBe(8 * 3_600_000 + 46 * 60_000);
    expect(parseDuration('1.5h')).toBe(5_400_000);
    expect(parseDuration('90')).toBe(90 * 60_000);
    expect(parseDuration('1:30')).toBe(90 * 60_000);
    expect(parseDuration('0:00:30')).toBe(30_000);
    expect(parseDuration('2d')).toBe(2 * 86_400_000);
  });
  it('refuses what it does not understand', () => {
    expect(parseDuration('')).toBeNull();
    expect(parseDuration('ten minutes')).toBeNull();
    expect(parseDuration('5m and 3x')).toBeNull();
  });
});

describe('parsePercent', () => {
  it('takes 0–100 with or without %', () => {
    expect(parsePercent('99.9')).toBe(99.9);
    expect(parsePercent(' 99.95 % ')).toBe(99.95);
    expect(parsePercent('101')).toBeNull();
    expect(parsePercent('-1')).toBeNull();
    expect(parsePercent('abc')).toBeNull();
  });
});

describe('formatting', () => {
  it('shows DOMAIN.md figures for 99.9 %', () => {
    expect(formatDowntime(allowedDowntimeMs(99.9, 'month'))).toBe('43m 49.7s');
    expect(formatDowntime(allowedDowntimeMs(99.9, 'year'))).toBe('8h 45m 57s');
    expect(formatDowntime(allowedDowntimeMs(99.99, 'day'))).toBe('8.6s');
    expect(formatDowntime(0)).toBe('0s');
  });
  it('round-trips downtime → uptime with the nines visible', () => {
    expect(formatUptime(uptimePercentFromDowntime(allowedDowntimeMs(99.999, 'year'), 'year'))).toBe('99.999 %');
    expect(formatUptime(100)).toBe('100 %');
    expect(formatUptime(99.5)).toBe('99.5 %');
  });
});
