import { describe, expect, it } from 'vitest';
import { checkPublicReply } from './audienceWarning';
import { expandMacro, type MacroValues } from './macros';
import { emptyImpact, suggestSeverity } from './severityHelper';

const values: MacroValues = {
  contact: { name: 'Dana Whitfield', firstName: 'Dana', email: 'dana@northwind.example' },
  account: { name: 'Northwind Logistics' },
  agent: { name: 'Sam Tier One', firstName: 'Sam' },
  ticket: { number: 1042, subject: 'SSO broken' },
};

describe('expandMacro', () => {
  it('fills contact, account, agent and ticket placeholders', () => {
    const { text, unresolved } = expandMacro('Hi {{contact.first_name}}, about #{{ticket.number}} for {{ account.name }} — {{agent.name}}', values);
    expect(text).toBe('Hi Dana, about #1042 for Northwind Logistics — Sam Tier One');
    expect(unresolved).toEqual([]);
  });
  it('leaves unknown or unavailable placeholders visible and reports them', () => {
    const { text, unresolved } = expandMacro('Hi {{contact.name}} {{order.id}}', { ...values, contact: null });
    expect(text).toBe('Hi {{contact.name}} {{order.id}}');
    expect(unresolved).toEqual(['{{contact.name}}', '{{order.id}}']);
  });
  it('does not stamp a number on a ticket the server has not numbered yet', () => {
    expect(expandMacro('{{ticket.number}}', { ...values, ticket: { number: null, subject: 's' } }).unresolved).toHaveLength(1);
  });
});

describe('checkPublicReply', () => {
  it('warns on text that reads like an internal note', () => {
    expect(checkPublicReply('internal: customer is on the old plan', false).warn).toBe(true);
    expect(checkPublicReply("Root cause is our deploy, don't tell the customer yet", false).warn).toBe(true);
    expect(checkPublicReply('Looping in @tier2 for the SAML trace', false).warn).toBe(true);
  });
  it('warns when the text was written as a note and switched to a reply', () => {
    const r = checkPublicReply('Thanks, we are on it.', true);
    expect(r.warn).toBe(true);
    expect(r.reasons[0]).toMatch(/written as an internal note/);
  });
  it('lets an ordinary reply through', () => {
    expect(checkPublicReply('Hi Dana, the SSO certificate was rotated; please retry the login.', false)).toEqual({ warn: false, reasons: [] });
  });
});

describe('suggestSeverity', () => {
  it('maps business impact onto Sev 1–4', () => {
    expect(suggestSeverity({ ...emptyImpact, productionStopped: true, workaround: false })?.severity).toBe(1);
    expect(suggestSeverity({ ...emptyImpact, productionStopped: true, workaround: true })?.severity).toBe(2);
    expect(suggestSeverity({ ...emptyImpact, productionStopped: false, workaround: false, usersAffected: 'all' })?.severity).toBe(2);
    expect(suggestSeverity({ ...emptyImpact, productionStopped: false, workaround: true, usersAffected: 'one' })?.severity).toBe(3);
    expect(suggestSeverity({ ...emptyImpact, isQuestion: true })?.severity).toBe(4);
  });
  it('waits for enough answers', () => {
    expect(suggestSeverity(emptyImpact)).toBeNull();
    expect(suggestSeverity({ ...emptyImpact, productionStopped: true })).toBeNull();
  });
});
