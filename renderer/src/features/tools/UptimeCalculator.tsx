import { useId, useMemo, useState } from 'react';
import { allowedDowntimeMs, uptimePercentFromDowntime, uptimePeriodMs, uptimePeriods, type UptimePeriod } from '../../../../shared/sla';
import { formatDowntime, formatUptime, parseDuration, parsePercent } from './uptimeInput';

const periodLabels: Readonly<Record<UptimePeriod, string>> = {
  day: 'Per day',
  week: 'Per week',
  month: 'Per month',
  quarter: 'Per quarter',
  year: 'Per year',
};

const presets = ['99', '99.5', '99.9', '99.95', '99.99', '99.999'];

/**
 * Uptime ↔ allowed downtime, both ways (DOMAIN.md: downtime = (1 − uptime) × period; months, quarters and years
 * are Gregorian averages). Uptime → a table of allowed downtime per day, week, month, quarter and year;
 * downtime in a period → the uptime it amounts to, and what that uptime allows in the other periods.
 */
export function UptimeCalculator() {
  const ids = useId();
  const [uptimeText, setUptimeText] = useState('99.9');
  const [downtimeText, setDowntimeText] = useState('43m 50s');
  const [downtimePeriod, setDowntimePeriod] = useState<UptimePeriod>('month');

  const uptime = parsePercent(uptimeText);
  const budget = useMemo(() => (uptime === null ? null : uptimePeriods.map((p) => [p, allowedDowntimeMs(uptime, p)] as const)), [uptime]);

  const downtimeMs = parseDuration(downtimeText);
  const downtimeError =
    downtimeMs === null ? 'Enter a duration such as 43m 50s, 8h 46m or 90 (minutes).' : downtimeMs > uptimePeriodMs[downtimePeriod] ? 'That is longer than the period.' : null;
  const derivedUptime = downtimeMs !== null && downtimeError === null ? uptimePercentFromDowntime(downtimeMs, downtimePeriod) : null;

  return (
    <div className="row wrap" style={{ alignItems: 'flex-start', gap: 16 }} data-testid="uptime-calculator">
      <section className="card section" aria-labelledby={`${ids}-a`} style={{ minWidth: 320, flex: 1 }}>
        <h2 id={`${ids}-a`} className="section-title">
          Uptime → allowed downtime
        </h2>
        <div className="field">
          <label htmlFor={`${ids}-uptime`}>Uptime commitment (%)</label>
          <input
            id={`${ids}-uptime`}
            inputMode="decimal"
            value={uptimeText}
            onChange={(e) => setUptimeText(e.target.value)}
            aria-invalid={uptime === null}
            aria-describedby={uptime === null ? `${ids}-uptime-error` : undefined}
          />
          {uptime === null ? (
            <span id={`${ids}-uptime-error`} className="error-text small">
              Enter a percentage between 0 and 100.
            </span>
          ) : null}
        </div>
        <div className="row wrap small" role="group" aria-label="Common commitments">
          {presets.map((p) => (
            <button key={p} type="button" className="small" aria-pressed={uptimeText === p} onClick={() => setUptimeText(p)}>
              {p} %
            </button>
          ))}
        </div>
        <table className="data" style={{ width: '100%', marginTop: 10 }} aria-live="polite">
          <caption className="visually-hidden">Allowed downtime at {uptime === null ? '—' : `${uptime} %`} uptime</caption>
          <thead>
            <tr>
              <th scope="col">Period</th>
              <th scope="col" className="num">
                Allowed downtime
              </th>
            </tr>
          </thead>
          <tbody>
            {uptimePeriods.map((period, i) => (
              <tr key={period}>
                <th scope="row">{periodLabels[period]}</th>
                <td className="num" data-testid={`downtime-${period}`}>
                  {budget ? formatDowntime(budget[i]![1]) : '—'}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>

      <section className="card section" aria-labelledby={`${ids}-b`} style={{ minWidth: 320, flex: 1 }}>
        <h2 id={`${ids}-b`} className="section-title">
          Downtime → uptime
        </h2>
        <div className="row" style={{ alignItems: 'flex-end' }}>
          <div className="field grow">
            <label htmlFor={`${ids}-downtime`}>Downtime</label>
            <input
              id={`${ids}-downtime`}
              value={downtimeText}
              onChange={(e) => setDowntimeText(e.target.value)}
              aria-invalid={downtimeError !== null}
              aria-describedby={`${ids}-downtime-help`}
            />
          </div>
          <div className="field">
            <label htmlFor={`${ids}-period`}>In a</label>
            <select id={`${ids}-period`} value={downtimePeriod} onChange={(e) => setDowntimePeriod(e.target.value as UptimePeriod)}>
              {uptimePeriods.map((p) => (
                <option key={p} value={p}>
                  {p}
                </option>
              ))}
            </select>
          </div>
        </div>
        <p id={`${ids}-downtime-help`} className={downtimeError ? 'error-text small' : 'muted small'}>
          {downtimeError ?? 'Durations like 43m 50s, 8h 46m, 1:30 or 90 (minutes).'}
        </p>
        <p aria-live="polite">
          Uptime:{' '}
          <strong className="num" data-testid="derived-uptime">
            {derivedUptime === null ? '—' : formatUptime(derivedUptime)}
          </strong>
        </p>
        {derivedUptime !== null ? (
          <button type="button" className="small" onClick={() => setUptimeText(String(Number(derivedUptime.toFixed(5))))}>
            Show the downtime budget for this uptime
          </button>
        ) : null}
      </section>
    </div>
  );
}
