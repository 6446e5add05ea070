import type { Severity } from '../../../../shared/domain';

/** Answers to the impact questions (DOMAIN.md: severity is business impact, not emotion). */
export interface ImpactAnswers {
  productionStopped: boolean | null;
  workaround: boolean | null;
  usersAffected: 'one' | 'some' | 'many' | 'all' | null;
  /** A question, how-to or feature request rather than a fault. */
  isQuestion: boolean | null;
}

export const emptyImpact: ImpactAnswers = { productionStopped: null, workaround: null, usersAffected: null, isQuestion: null };

/**
 * Suggests a severity from impact:
 * - production stopped and no workaround → Sev 1;
 * - production stopped with a workaround, or no workaround and many/all users → Sev 2;
 * - a fault with limited impact → Sev 3;
 * - a question or request → Sev 4.
 * Returns null until enough is answered to decide.
 */
export function suggestSeverity(a: ImpactAnswers): { severity: Severity; why: string } | null {
  if (a.isQuestion === true) return { severity: 4, why: 'a question, how-to or request' };
  if (a.productionStopped === true) {
    if (a.workaround === false) return { severity: 1, why: 'production is stopped and there is no workaround' };
    if (a.workaround === true) return { severity: 2, why: 'production is stopped but a workaround exists' };
    return null;
  }
  if (a.productionStopped === false) {
    const broad = a.usersAffected === 'many' || a.usersAffected === 'all';
    if (a.workaround === false && broad) return { severity: 2, why: 'major degradation for many users without a workaround' };
    if (a.workaround !== null || a.usersAffected !== null) return { severity: 3, why: 'a fault with limited impact' };
    return null;
  }
  return null;
}
