/**
 * Heuristics that catch a public reply which reads like it was meant as an internal note. A false alarm
 * costs one click; a leaked note can cost an account.
 */
const internalMarkers: Array<{ re: RegExp; reason: string }> = [
  { re: /^\s*(internal|note to self|private|fyi team|nb)\s*[:-]/i, reason: 'it starts like an internal note' },
  { re: /\b(don'?t|do not|never)\s+(tell|share with|mention (it |this )?to|let)\s+(the\s+)?(customer|client|them)\b/i, reason: 'it says not to tell the customer' },
  { re: /\b(internal only|not for (the )?customer|customer (must|should) ?n[o']t (see|know))\b/i, reason: 'it is marked as internal' },
  { re: /\b(between us|off the record)\b/i, reason: 'it reads as confidential' },
  { re: /@(tier[123]|eng|engineering|oncall|on-call|team)\b/i, reason: 'it mentions an internal team' },
  { re: /\b(jira|pagerduty|runbook|postmortem draft)\b[^.]*\b(internal|link|ticket)\b/i, reason: 'it references internal tooling' },
];

export interface AudienceCheck {
  warn: boolean;
  reasons: string[];
}

/** @param switchedFromNote the agent wrote (part of) this text in note mode and then switched to reply. */
export function checkPublicReply(text: string, switchedFromNote: boolean): AudienceCheck {
  const reasons: string[] = [];
  if (switchedFromNote) reasons.push('it was written as an internal note and then switched to a public reply');
  for (const m of internalMarkers) if (m.re.test(text)) reasons.push(m.reason);
  return { warn: reasons.length > 0, reasons };
}
