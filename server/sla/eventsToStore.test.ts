import { describe, expect, it } from 'vitest';
import type { SlaEvent } from '../../shared/domain';
import { eventsToStore } from './slaScanner';

const t = '6f1c2d4e-0000-4000-8000-000000000001';
const ev = (metric: SlaEvent['metric'], cycle: number, kind: SlaEvent['kind'], at: number): SlaEvent => ({
  id: `${t}/${metric}/${cycle}/${kind}/${at}`,
  ticketId: t,
  metric,
  kind,
  at,
});

describe('eventsToStore', () => {
  it('skips stored ids', () => {
    const a = ev('resolution', 0, 'start', 1);
    const b = ev('resolution', 0, 'pause', 2);
    expect(eventsToStore([a, b], [{ id: a.id, kind: 'start', at: 1 }])).toEqual([b]);
  });

  it('keeps one warn and one breach per clock, even when a re-derived history moves them', () => {
    const stored = [ev('periodic_update', 0, 'warn', 100), ev('periodic_update', 0, 'breach', 200)];
    const moved = [ev('periodic_update', 0, 'warn', 90), ev('periodic_update', 0, 'breach', 150), ev('periodic_update', 1, 'warn', 300)];
    expect(eventsToStore(moved, stored)).toEqual([moved[2]]);
  });

  it('lets a clock warn and breach again after a retarget', () => {
    const stored = [ev('resolution', 0, 'warn', 100), ev('resolution', 0, 'breach', 200)];
    const next = [ev('resolution', 0, 'retarget', 300), ev('resolution', 0, 'warn', 300), ev('resolution', 0, 'breach', 400), ev('resolution', 0, 'breach', 500)];
    expect(eventsToStore(next, stored)).toEqual(next.slice(0, 3));
  });
});
