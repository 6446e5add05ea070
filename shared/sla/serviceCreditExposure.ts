import type { SlaEvent, SlaRemedy } from '../domain/sla';

export interface ServiceCreditExposure {
  readonly breaches: number;
  /** Percent of the monthly fee owed, after the cap. */
  readonly creditPercent: number;
  /** Credit in the minor units of `monthlyValue`, rounded to a whole minor unit. */
  readonly creditAmount: number;
  readonly capped: boolean;
}

/**
 * What the contract's remedy would owe for a month's breaches: `creditPercentPerBreach` per
 * breach, never more than `capPercent` of the monthly fee. `breaches` is a count or the SLA events
 * (only `breach` events count). `monthlyValue` is in minor units (like `Money.amountMinor`).
 */
export function serviceCreditExposure(
  breaches: number | ReadonlyArray<Readonly<Pick<SlaEvent, 'kind'>>>,
  monthlyValue: number,
  remedy: Readonly<SlaRemedy>,
): ServiceCreditExposure {
  const count = typeof breaches === 'number' ? breaches : breaches.filter((event) => event.kind === 'breach').length;
  if (!Number.isInteger(count) || count < 0) throw new RangeError(`breach count must be a whole number ≥ 0, got ${count}`);
  if (!(monthlyValue >= 0)) throw new RangeError(`monthly value must be ≥ 0, got ${monthlyValue}`);
  const uncapped = count * remedy.creditPercentPerBreach;
  const creditPercent = Math.min(uncapped, remedy.capPercent);
  return {
    breaches: count,
    creditPercent,
    creditAmount: Math.round((monthlyValue * creditPercent) / 100),
    capped: uncapped > remedy.capPercent,
  };
}
