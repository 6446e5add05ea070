/**
 * Rate limit for desktop notifications about imminent breaches: at most one per ticket per `perTicketMs`
 * and at most `perWindow` in any `windowMs` overall — a burst of 40 tickets falling due together must not
 * bury the lead in 40 pop-ups. Pure: the caller passes the time.
 */
export interface NotificationLimits {
  perTicketMs: number;
  perWindow: number;
  windowMs: number;
}

export const defaultNotificationLimits: NotificationLimits = { perTicketMs: 10 * 60_000, perWindow: 5, windowMs: 60_000 };

export class NotificationLimiter {
  private readonly lastByTicket = new Map<string, number>();
  private recent: number[] = [];

  constructor(private readonly limits: NotificationLimits = defaultNotificationLimits) {}

  /** Whether a notification about `ticketId` may be shown at `now`; if so, it is counted. */
  allow(ticketId: string, now: number): boolean {
    const last = this.lastByTicket.get(ticketId);
    if (last !== undefined && now - last < this.limits.perTicketMs) return false;
    this.recent = this.recent.filter((at) => now - at < this.limits.windowMs);
    if (this.recent.length >= this.limits.perWindow) return false;
    this.recent.push(now);
    this.lastByTicket.set(ticketId, now);
    if (this.lastByTicket.size > 5000) this.prune(now);
    return true;
  }

  private prune(now: number): void {
    for (const [id, at] of this.lastByTicket) if (now - at >= this.limits.perTicketMs) this.lastByTicket.delete(id);
  }
}
