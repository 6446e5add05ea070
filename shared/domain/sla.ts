import { z } from 'zod';
import { channelSchema, epochMsSchema, idSchema, planTierSchema, severitySchema, tagSchema, type Severity } from './primitives';
import { ticketStatusSchema, type TicketStatus } from './ticket';

// ---------------------------------------------------------------------------------------------
// Business calendars (the arithmetic lives in shared/sla/calendar.ts)
// ---------------------------------------------------------------------------------------------

export const weekdays = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export const weekdaySchema = z.enum(weekdays);

/** "HH:MM" from 00:00 to 24:00 (24:00 only as an interval end: the end of the day). */
export const localTimeSchema = z
  .string()
  .regex(/^(?:(?:[01]\d|2[0-3]):[0-5]\d|24:00)$/, 'expected a local time "HH:MM" between 00:00 and 24:00');

function minutesOf(localTime: string): number {
  return Number(localTime.slice(0, 2)) * 60 + Number(localTime.slice(3, 5));
}

export const workingIntervalSchema = z
  .tuple([localTimeSchema, localTimeSchema])
  .refine(([start, end]) => minutesOf(start) < minutesOf(end), 'a working interval must start before it ends');

/** Intervals of one weekday; overlapping intervals are refused because they are always a typo. */
const workingDaySchema = z.array(workingIntervalSchema).superRefine((intervals, ctx) => {
  const sorted = [...intervals].sort((a, b) => minutesOf(a[0]) - minutesOf(b[0]));
  for (let i = 1; i < sorted.length; i += 1) {
    if (minutesOf(sorted[i]![0]) < minutesOf(sorted[i - 1]![1])) {
      ctx.addIssue({ code: 'custom', message: `working intervals overlap: ${sorted[i - 1]!.join('–')} and ${sorted[i]!.join('–')}` });
    }
  }
});

/** An IANA time zone the runtime knows (Intl is part of every JS runtime we target, so shared/ stays pure). */
export function isValidTimeZone(timeZone: string): boolean {
  if (timeZone.length === 0) return false;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone });
    return true;
  } catch {
    return false;
  }
}

export const timeZoneSchema = z.string().refine(isValidTimeZone, 'unknown IANA time zone');

/** A real calendar date "YYYY-MM-DD" (2025-02-30 is refused). */
export const calendarDateSchema = z.iso.date();

export const weeklyHoursSchema = z
  .object({
    mon: workingDaySchema.optional(),
    tue: workingDaySchema.optional(),
    wed: workingDaySchema.optional(),
    thu: workingDaySchema.optional(),
    fri: workingDaySchema.optional(),
    sat: workingDaySchema.optional(),
    sun: workingDaySchema.optional(),
  })
  .strict();

/** The calendar rules alone: exactly the `BusinessCalendar` the calendar arithmetic takes. */
export const calendarRulesSchema = z
  .object({
    timeZone: timeZoneSchema,
    weekly: weeklyHoursSchema,
    holidays: z.array(calendarDateSchema).optional(),
  })
  .strict();

export const businessCalendarSchema = calendarRulesSchema
  .extend({
    id: idSchema,
    name: z.string().trim().min(1).max(200),
    version: z.number().int().default(1),
    updatedAt: epochMsSchema.default(0),
  })
  .strict();
/** A stored calendar; assignable to the calendar arithmetic's `BusinessCalendar`. */
export type BusinessCalendar = z.infer<typeof businessCalendarSchema>;

// ---------------------------------------------------------------------------------------------
// SLA policies
// ---------------------------------------------------------------------------------------------

export const slaMetrics = ['first_response', 'next_response', 'periodic_update', 'resolution'] as const;
export const slaMetricSchema = z.enum(slaMetrics);
export type SlaMetric = z.infer<typeof slaMetricSchema>;

const minutesSchema = z.number().int().positive().max(10 * 365 * 24 * 60);

/** Targets of one severity, in business minutes of the policy's calendar. A missing target means no clock. */
export const slaTargetsSchema = z
  .object({
    firstResponseMin: minutesSchema.optional(),
    nextResponseMin: minutesSchema.optional(),
    periodicUpdateMin: minutesSchema.optional(),
    resolutionMin: minutesSchema.optional(),
  })
  .strict();
export type SlaTargets = z.infer<typeof slaTargetsSchema>;

/** Which target field belongs to which metric. */
export const slaTargetKeys = {
  first_response: 'firstResponseMin',
  next_response: 'nextResponseMin',
  periodic_update: 'periodicUpdateMin',
  resolution: 'resolutionMin',
} as const satisfies Record<SlaMetric, keyof SlaTargets>;

export const slaMatchSchema = z
  .object({
    plans: z.array(planTierSchema).optional(),
    severities: z.array(severitySchema).optional(),
    channels: z.array(channelSchema).optional(),
    /** Matches when the ticket carries at least one of these tags. */
    tags: z.array(tagSchema).optional(),
  })
  .strict();
export type SlaMatch = z.infer<typeof slaMatchSchema>;

const statusListSchema = z.array(ticketStatusSchema.exclude(['solved', 'closed']));

/**
 * Statuses that pause each metric. Solved and closed are never listed: solving fulfils resolution
 * and cancels the other clocks. Waiting on engineering pauses resolution (the customer is not
 * waiting on us to act) but not periodic updates (the customer still wants to hear from us).
 */
export const slaPauseStatusesSchema = z
  .object({
    firstResponse: statusListSchema.default([]),
    nextResponse: statusListSchema.default([]),
    periodicUpdate: statusListSchema.default(['pending_customer', 'on_hold']),
    resolution: statusListSchema.default(['pending_customer', 'on_hold', 'waiting_engineering']),
  })
  .strict();
export type SlaPauseStatuses = z.infer<typeof slaPauseStatusesSchema>;

export const slaPauseKeys = {
  first_response: 'firstResponse',
  next_response: 'nextResponse',
  periodic_update: 'periodicUpdate',
  resolution: 'resolution',
} as const satisfies Record<SlaMetric, keyof SlaPauseStatuses>;

export const defaultSlaPauseStatuses: SlaPauseStatuses = slaPauseStatusesSchema.parse({});

export const breachActions = ['notify_owner', 'notify_lead', 'raise_tier'] as const;
export const breachActionSchema = z.enum(breachActions);
export type BreachAction = z.infer<typeof breachActionSchema>;

/** Service credits the contract promises: a % of the monthly fee per breach, capped. */
export const slaRemedySchema = z
  .object({
    creditPercentPerBreach: z.number().min(0).max(100),
    capPercent: z.number().min(0).max(100),
  })
  .strict();
export type SlaRemedy = z.infer<typeof slaRemedySchema>;

const emptyTargets = (): SlaTargets => ({});

export const slaPolicySchema = z
  .object({
    id: idSchema,
    name: z.string().trim().min(1).max(200),
    /** Ordering among policies: the lowest position that matches wins. */
    position: z.number().int(),
    match: slaMatchSchema.default({}),
    targets: z
      .object({
        1: slaTargetsSchema.default(emptyTargets),
        2: slaTargetsSchema.default(emptyTargets),
        3: slaTargetsSchema.default(emptyTargets),
        4: slaTargetsSchema.default(emptyTargets),
      })
      .strict(),
    calendarId: idSchema,
    /** Per-severity calendar overrides, e.g. Sev 1 on enterprise counting 24/7. */
    calendarBySeverity: z
      .object({ 1: idSchema.optional(), 2: idSchema.optional(), 3: idSchema.optional(), 4: idSchema.optional() })
      .strict()
      .optional(),
    pauseStatuses: slaPauseStatusesSchema.default(defaultSlaPauseStatuses),
    /** Share of the target used at which the clock warns. */
    warnAtFraction: z.number().gt(0).lt(1).default(0.75),
    breachActions: z.array(breachActionSchema).default([]),
    remedy: slaRemedySchema.default({ creditPercentPerBreach: 0, capPercent: 0 }),
    version: z.number().int().default(1),
    updatedAt: epochMsSchema.default(0),
  })
  .strict();
export type SlaPolicy = z.infer<typeof slaPolicySchema>;
export type SlaPolicyInput = z.input<typeof slaPolicySchema>;

/** The calendar a policy counts in for a severity. */
export function slaCalendarIdFor(policy: Readonly<Pick<SlaPolicy, 'calendarId' | 'calendarBySeverity'>>, severity: Severity): string {
  return policy.calendarBySeverity?.[severity] ?? policy.calendarId;
}

/** Whether `status` pauses `metric` under the policy's pause statuses. */
export function slaPausesIn(pauseStatuses: Readonly<SlaPauseStatuses>, metric: SlaMetric, status: TicketStatus): boolean {
  return (pauseStatuses[slaPauseKeys[metric]] as readonly TicketStatus[]).includes(status);
}

// ---------------------------------------------------------------------------------------------
// SLA events and clocks
// ---------------------------------------------------------------------------------------------

export const slaEventKinds = ['start', 'pause', 'resume', 'warn', 'breach', 'fulfil', 'cancel', 'retarget'] as const;
export const slaEventKindSchema = z.enum(slaEventKinds);
export type SlaEventKind = z.infer<typeof slaEventKindSchema>;

/** One entry of a ticket's SLA history, so that attainment can be reported and disputed. */
export const slaEventSchema = z
  .object({
    /** Derived deterministically from the ticket's history, so recomputing never duplicates events. */
    id: z.string().min(1).max(200),
    ticketId: idSchema,
    metric: slaMetricSchema,
    kind: slaEventKindSchema,
    at: epochMsSchema,
    /** Due instant after the event (start, resume, warn, breach, retarget, fulfil). */
    dueAt: epochMsSchema.optional(),
    /** Due instant before a retarget. */
    previousDueAt: epochMsSchema.optional(),
    /** Caused by a change made offline that the server has not stamped yet. */
    provisional: z.boolean().optional(),
  })
  .strict();
export type SlaEvent = z.infer<typeof slaEventSchema>;

export const slaClockStates = ['running', 'paused', 'warning', 'breached', 'fulfilled', 'cancelled'] as const;
export const slaClockStateSchema = z.enum(slaClockStates);
export type SlaClockState = z.infer<typeof slaClockStateSchema>;

/** The state of one metric's clock at an instant, as ticketSlaClocks computes it. */
export const slaClockSchema = z
  .object({
    metric: slaMetricSchema,
    state: slaClockStateSchema,
    startedAt: epochMsSchema,
    /** Null while paused (the due instant is unknown until the clock resumes) or when it can never be due. */
    dueAt: epochMsSchema.nullable(),
    /** Business ms left; negative once breached. */
    remainingMs: z.number(),
    /** Business ms counted so far (pauses excluded). */
    elapsedMs: z.number(),
    targetMs: z.number(),
    calendarId: z.string(),
    /** An open clock that is not counting because of the ticket's status (state says 'breached' if it also breached). */
    paused: z.boolean(),
    warnedAt: epochMsSchema.optional(),
    fulfilledAt: epochMsSchema.optional(),
    breachedAt: epochMsSchema.optional(),
    cancelledAt: epochMsSchema.optional(),
    provisional: z.boolean(),
  })
  .strict();
export type SlaClock = z.infer<typeof slaClockSchema>;
