import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import type { Agent, Ticket } from '../../../../shared/domain';
import { OwnerSelect } from './OwnerSelect';

const agents = [{ id: 'ann', name: 'Ann' }, { id: 'bob', name: 'Bob' }, { id: 'cy', name: 'Cy' }] as Agent[];
const ticket = (ownerId: string | null) => ({ id: 't1', number: 42, ownerId }) as Ticket;

/** The options a row's picker holds before the lead reaches for it. */
function optionsOf(ownerId: string | null): string[] {
  const html = renderToStaticMarkup(createElement(OwnerSelect, { ticket: ticket(ownerId), assignable: agents, onReassign: () => {} }));
  return [...html.matchAll(/<option value="([^"]*)"[^>]*>([^<]*)</g)].map(([, value, label]) => `${value}=${label}`);
}

describe('OwnerSelect before it is used', () => {
  it('holds the current choice only, so that it shows the right owner', () => {
    expect(optionsOf('bob')).toEqual(['=Unassigned', 'bob=Bob']);
    expect(optionsOf(null)).toEqual(['=Unassigned']);
    expect(optionsOf('someone-else')).toEqual(['=Unassigned', 'someone-else=Current owner (other team)']);
  });
});
