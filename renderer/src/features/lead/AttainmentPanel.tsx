import { memo } from 'react';
import { severities, slaMetrics, type SlaMetric } from '../../../../shared/domain';
import { slaMetricLabels } from '../sla/slaSnapshot';
import { attainmentPercent, sumCells, type AttainmentCell, type AttainmentWindows } from './slaAttainment';

function pct(cell: AttainmentCell): string {
  const p = attainmentPercent(cell);
  return p === null ? '—' : `${p.toFixed(p === 100 ? 0 : 1)} %`;
}

function cellTitle(cell: AttainmentCell): string {
  return `${cell.met} met, ${cell.missed} missed`;
}

/** 30 daily bars: height = clocks decided that day, the missed part drawn on top in the danger colour. */
const DailyBars = memo(function DailyBars({ metric, days }: { metric: SlaMetric; days: readonly AttainmentCell[] }) {
  const max = Math.max(1, ...days.map((d) => d.met + d.missed));
  const w = 4;
  const gap = 1;
  const h = 28;
  const total = sumCells(days);
  return (
    <svg
      width={days.length * (w + gap)}
      height={h}
      role="img"
      aria-label={`${slaMetricLabels[metric]}, last 30 days: ${total.met} met, ${total.missed} missed`}
      data-testid={`attainment-chart-${metric}`}
    >
      {days.map((d, i) => {
        const metH = (d.met / max) * h;
        const missH = (d.missed / max) * h;
        return (
          <g key={i}>
            <rect x={i * (w + gap)} y={h - metH} width={w} height={metH} fill="var(--ok)" />
            <rect x={i * (w + gap)} y={h - metH - missH} width={w} height={missH} fill="var(--danger)" />
          </g>
        );
      })}
    </svg>
  );
});

/** SLA attainment today, 7 and 30 days, per metric (with a 30-day chart) and per severity. */
export const AttainmentPanel = memo(function AttainmentPanel({ attainment }: { attainment: AttainmentWindows }) {
  return (
    <section className="card section" aria-labelledby="lead-attainment">
      <h2 id="lead-attainment" className="section-title">
        SLA attainment
      </h2>
      <table className="data" style={{ width: '100%' }}>
        <thead>
          <tr>
            <th scope="col">Metric</th>
            <th scope="col">Severity</th>
            <th scope="col" className="num">
              Today
            </th>
            <th scope="col" className="num">
              7 days
            </th>
            <th scope="col" className="num">
              30 days
            </th>
            <th scope="col">Last 30 days (met / missed per day)</th>
          </tr>
        </thead>
        <tbody>
          {slaMetrics.map((metric) => {
            const all = {
              today: sumCells(Object.values(attainment.today[metric])),
              days7: sumCells(Object.values(attainment.days7[metric])),
              days30: sumCells(Object.values(attainment.days30[metric])),
            };
            return [
              <tr key={metric}>
                <th scope="row" rowSpan={5}>
                  {slaMetricLabels[metric]}
                </th>
                <td className="muted">All</td>
                <td className="num" title={cellTitle(all.today)}>
                  <strong>{pct(all.today)}</strong>
                </td>
                <td className="num" title={cellTitle(all.days7)}>
                  <strong>{pct(all.days7)}</strong>
                </td>
                <td className="num" title={cellTitle(all.days30)}>
                  <strong>{pct(all.days30)}</strong>
                </td>
                <td rowSpan={5}>
                  <DailyBars metric={metric} days={attainment.daily[metric]} />
                </td>
              </tr>,
              ...severities.map((sev) => (
                <tr key={`${metric}-${sev}`}>
                  <td className="small">Sev {sev}</td>
                  <td className="num small" title={cellTitle(attainment.today[metric][sev])}>
                    {pct(attainment.today[metric][sev])}
                  </td>
                  <td className="num small" title={cellTitle(attainment.days7[metric][sev])}>
                    {pct(attainment.days7[metric][sev])}
                  </td>
                  <td className="num small" title={cellTitle(attainment.days30[metric][sev])}>
                    {pct(attainment.days30[metric][sev])}
                  </td>
                </tr>
              )),
            ];
          })}
        </tbody>
      </table>
    </section>
  );
});
