export {
  addWorkingTime,
  warmUpCalendarEngine,
  workingTimeBetween,
  isWorkingInstant,
  nextWorkingInstant,
  workingRangesOfDay,
  ALWAYS_OPEN_WEEKLY,
  type BusinessCalendar,
  type Weekday,
} from './calendar';
export { matchSlaPolicy, slaPolicyMatches, type SlaTicketFacts, type MatchablePolicy } from './policy';
export {
  slaPolicyForTicket,
  accountSlaPolicies,
  accountEntitlementPolicy,
  isSeverityOverlay,
  type AccountSlaPolicies,
  type SelectablePolicy,
} from './slaPolicyForTicket';
export {
  evaluateTicketSla,
  clockPolicyFor,
  ticketSlaClocks,
  slaEventsFromHistory,
  type TicketHistoryEvent,
  type TicketSlaHistory,
  type TicketSlaEvaluation,
  type ClockPolicy,
  type ClockPolicies,
  type CalendarLookup,
} from './clocks';
export { appendStatusEvents, hasStatusHistory, withStatusChange, type StatusHistoryFacts } from './statusHistory';
export { timeToBreachMs, isActiveSlaClock } from './timeToBreach';
export { serviceCreditExposure, type ServiceCreditExposure } from './serviceCreditExposure';
export {
  allowedDowntimeMs,
  uptimePercentFromDowntime,
  downtimeBudget,
  uptimePeriods,
  uptimePeriodMs,
  type UptimePeriod,
} from './uptime';
export {
  slaClockTransitions,
  slaClockAction,
  slaClockPhases,
  slaClockTriggers,
  type SlaClockPhase,
  type SlaClockTrigger,
  type SlaClockAction,
} from './slaClockTransitions';
