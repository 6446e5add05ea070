/** The values a macro's placeholders are filled from. */
export interface MacroValues {
  contact: { name: string; firstName: string; email: string } | null;
  account: { name: string } | null;
  agent: { name: string; firstName: string };
  ticket: { number: number | null; subject: string };
}

/**
 * Fills {{contact.name}}, {{contact.first_name}}, {{account.name}}, {{agent.name}}, {{ticket.number}} …
 * Unknown placeholders are left visible (so the agent sees what still needs writing) and reported.
 */
export function expandMacro(body: string, v: MacroValues): { text: string; unresolved: string[] } {
  const unresolved: string[] = [];
  const text = body.replace(/\{\{\s*([a-z_]+)\.([a-z_]+)\s*\}\}/gi, (whole, scope: string, field: string) => {
    const value = lookup(v, scope.toLowerCase(), field.toLowerCase());
    if (value === null) {
      unresolved.push(whole);
      return whole;
    }
    return value;
  });
  return { text, unresolved };
}

function lookup(v: MacroValues, scope: string, field: string): string | null {
  switch (scope) {
    case 'contact':
      if (!v.contact) return null;
      if (field === 'name') return v.contact.name;
      if (field === 'first_name' || field === 'firstname') return v.contact.firstName;
      if (field === 'email') return v.contact.email;
      return null;
    case 'account':
      return v.account && field === 'name' ? v.account.name : null;
    case 'agent':
      if (field === 'name') return v.agent.name;
      if (field === 'first_name' || field === 'firstname') return v.agent.firstName;
      return null;
    case 'ticket':
      // Macros write the '#' themselves ("ticket #{{ticket.number}}").
      if (field === 'number') return v.ticket.number === null ? null : String(v.ticket.number);
      if (field === 'subject') return v.ticket.subject;
      return null;
    default:
      return null;
  }
}

export function firstName(name: string): string {
  return name.trim().split(/\s+/)[0] ?? name;
}
