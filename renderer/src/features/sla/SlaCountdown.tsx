import { useAgent } from '../../app/session';
import { useServerNow } from '../../ui/clock';
import { cachedShiftWindows } from './agentShift';
import { countdownText } from './countdownText';
import type { SlaSnapshot } from './slaSnapshot';
import { useBusinessCalendars } from './slaCalendars';

/**
 * An SLA countdown badge: business time left in the clock's calendar, the state in words (colour only
 * reinforces it; warnings also carry an icon shape), whether it breaches in the agent's shift or the next,
 * and the exact due moment in the agent's and the customer's time zone (visible in the long form, on hover
 * and for screen readers in the short one).
 *
 * Every badge reads the one shared ticker on server time (ui/clock): no badge owns a timer. The absolute
 * due instant comes precomputed in the snapshot, so a tick costs one subtraction (or one calendar lookup).
 */
export function SlaCountdown({ sla, long = false, customerTimeZone }: { sla: SlaSnapshot; long?: boolean; customerTimeZone?: string | null }) {
  const now = useServerNow();
  const agent = useAgent();
  const calendars = useBusinessCalendars();
  const text = countdownText(sla, now, {
    calendar: sla.calendarId ? calendars.get(sla.calendarId) : undefined,
    shiftWindows: sla.dueAt !== null ? cachedShiftWindows(agent, now) : undefined,
    agentTimeZone: agent.timeZone,
    customerTimeZone,
  });
  const className = `sla ${text.state === 'none' && sla.met ? 'met' : text.state}`;
  if (!long) {
    return (
      <span className={className} data-sla-state={text.state} title={text.title}>
        {text.state === 'warning' ? '▲ ' : null}
        {text.text}
        {text.shiftLabel ? <span className="sla-shift"> · {text.shift === 'this' ? 'your shift' : text.shift === 'next' ? 'next shift' : 'later'}</span> : null}
        <span className="visually-hidden"> — {text.title}</span>
      </span>
    );
  }
  return (
    <span className="sla-long" data-sla-state={text.state}>
      <span className={className} title={text.title}>
        {text.state === 'warning' ? '▲ ' : null}
        {text.text}
      </span>
      {text.shiftLabel ? <span className="small muted"> · breaches {text.shiftLabel}</span> : null}
      {text.dueMoments ? <span className="xsmall muted sla-due"> {text.dueMoments}</span> : null}
    </span>
  );
}
