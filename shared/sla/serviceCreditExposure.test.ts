import { describe, expect, it } from 'vitest';
import { serviceCreditExposure } from './serviceCreditExposure';

describe('serviceCreditExposure', () => {
  const remedy = { creditPercentPerBreach: 5, capPercent: 20 };

  it('owes a percentage per breach of the monthly fee (minor units)', () => {
    expect(serviceCreditExposure(2, 1_000_000, remedy)).toEqual({ breaches: 2, creditPercent: 10, creditAmount: 100_000, capped: false });
    expect(serviceCreditExposure(0, 1_000_000, remedy).creditAmount).toBe(0);
  });

  it('never exceeds the cap', () => {
    expect(serviceCreditExposure(5, 1_000_000, remedy)).toEqual({ breaches: 5, creditPercent: 20, creditAmount: 200_000, capped: true });
    expect(serviceCreditExposure(4, 1_000_000, remedy).capped).toBe(false);
  });

  it('counts only breach events when given events, and rounds to whole minor units', () => {
    const events = [{ kind: 'breach' as const }, { kind: 'warn' as const }, { kind: 'breach' as const }, { kind: 'fulfil' as const }];
    expect(serviceCreditExposure(events, 333, { creditPercentPerBreach: 5, capPercent: 100 })).toMatchObject({ breaches: 2, creditAmount: 33 });
  });

  it('refuses impossible inputs', () => {
    expect(() => serviceCreditExposure(-1, 100, remedy)).toThrow(RangeError);
    expect(() => serviceCreditExposure(1.5, 100, remedy)).toThrow(RangeError);
    expect(() => serviceCreditExposure(1, Number.NaN, remedy)).toThrow(RangeError);
  });
});
