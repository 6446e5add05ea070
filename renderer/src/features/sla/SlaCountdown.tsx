import { useServerNow } from '../../ui/clock';
import { formatDuration } from '../../ui/format';
import { slaMetricLabels, slaStateAt, type SlaSnapshot } from './slaSnapshot';

/**
 * A countdown driven by the one shared ticker. State is spelled out in text (and an icon shape for
 * warnings), colour only reinforces it.
 */
export function SlaCountdown({ sla, long = false }: { sla: SlaSnapshot; long?: boolean }) {
  const now = useServerNow();
  const state = slaStateAt(sla, now);
  const metric = sla.metric ? slaMetricLabels[sla.metric] : '';
  switch (state) {
    case 'breached': {
      const text = `Overdue ${formatDuration(now - (sla.dueAt ?? now))}`;
      return (
        <span className="sla breached" title={`${metric} breached`}>
          {text}
          {long && metric ? <span className="muted"> · {metric}</span> : <span className="visually-hidden"> ({metric} breached)</span>}
        </span>
      );
    }
    case 'warning':
    case 'ok': {
      const left = formatDuration((sla.dueAt ?? now) - now);
      const warn = state === 'warning';
      return (
        <span className={`sla ${state}`} title={`${metric} due in ${left}${warn ? ' — warning' : ''}`}>
          {warn ? '▲ ' : ''}
          {left}
          {long && metric ? <span className="muted"> · {metric}</span> : <span className="visually-hidden"> left ({metric}{warn ? ', warning' : ''})</span>}
        </span>
      );
    }
    case 'paused':
      return <span className="sla paused">Paused</span>;
    case 'none':
      return <span className="sla none">{sla.met ? 'Met' : '—'}</span>;
    default: {
      const unreachable: never = state;
      return unreachable;
    }
  }
}
