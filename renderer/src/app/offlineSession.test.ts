import { ORPCError } from '@orpc/client';
import { describe, expect, it } from 'vitest';
import type { Agent } from '../../../shared/domain';
import { createLastAgentProfile, type ProfileStorage } from './lastAgentProfile';
import { sessionCheckFailure } from './session';

const agent: Agent = {
  id: '0b6f4c1e-8a4d-4f8e-9c61-1f0f8d1e2a33',
  email: 'tier1@accord.demo',
  name: 'Tess Tier',
  role: 'tier1',
  teamId: null,
  timeZone: 'Europe/Berlin',
  shiftStart: '08:00',
  shiftEnd: '16:30',
  active: true,
  version: 3,
  updatedAt: 1_700_000_000_000,
};
const origin = 'https://accord.example.com';

function mapStorage(): ProfileStorage & { map: Map<string, string> } {
  const map = new Map<string, string>();
  return { map, getItem: (k) => map.get(k) ?? null, setItem: (k, v) => void map.set(k, v), removeItem: (k) => void map.delete(k) };
}

describe('lastAgentProfile', () => {
  it('keeps the agent of one backend, and nothing but the agent', () => {
    const storage = mapStorage();
    const profile = createLastAgentProfile(() => storage);
    expect(profile.load(origin)).toBeNull();
    profile.save(origin, agent);
    expect(profile.load(origin)).toEqual(agent);
    expect(profile.load('http://127.0.0.1:7340')).toBeNull();
    expect([...storage.map.values()].join()).not.toMatch(/token/i);
    profile.clear();
    expect(profile.load(origin)).toBeNull();
  });

  it('ignores what does not read back as an agent (edited or corrupt storage)', () => {
    const storage = mapStorage();
    const profile = createLastAgentProfile(() => storage);
    storage.map.set('accord.lastAgent', '{not json');
    expect(profile.load(origin)).toBeNull();
    storage.map.set('accord.lastAgent', JSON.stringify({ baseUrl: origin, agent: { ...agent, role: 'superuser' } }));
    expect(profile.load(origin)).toBeNull();
    storage.map.set('accord.lastAgent', JSON.stringify({ baseUrl: origin, agent: { ...agent, token: 'x' } }));
    expect(profile.load(origin)).toBeNull();
  });

  it('never fails where storage is missing or refuses', () => {
    const refusing: ProfileStorage = {
      getItem: () => {
        throw new Error('SecurityError');
      },
      setItem: () => {
        throw new Error('QuotaExceededError');
      },
      removeItem: () => {
        throw new Error('SecurityError');
      },
    };
    for (const profile of [createLastAgentProfile(() => null), createLastAgentProfile(() => refusing)]) {
      expect(() => profile.save(origin, agent)).not.toThrow();
      expect(profile.load(origin)).toBeNull();
      expect(() => profile.clear()).not.toThrow();
    }
  });
});

describe('sessionCheckFailure', () => {
  it('signs out only when the server answered and refused the session', () => {
    expect(sessionCheckFailure(new ORPCError('unauthenticated', { status: 401, message: 'Sign in first.' }))).toBe('refused');
    expect(sessionCheckFailure(new ORPCError('forbidden', { status: 403 }))).toBe('refused');
  });

  it('treats no answer, or a failing server or proxy, as unreachable (the session is unknown)', () => {
    expect(sessionCheckFailure(new TypeError('Failed to fetch'))).toBe('unreachable');
    expect(sessionCheckFailure(new ORPCError('bad_gateway', { status: 502 }))).toBe('unreachable');
    expect(sessionCheckFailure(new ORPCError('unavailable', { status: 503 }))).toBe('unreachable');
  });
});
