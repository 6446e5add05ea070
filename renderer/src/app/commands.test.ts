import { describe, expect, it } from 'vitest';
import { chordOf } from './commands';

const ev = (key: string, mods: Partial<Record<'ctrlKey' | 'metaKey' | 'altKey' | 'shiftKey', boolean>> = {}) => ({ key, ctrlKey: false, metaKey: false, altKey: false, shiftKey: false, ...mods });

describe('chordOf', () => {
  it('names printable keys as typed and modifiers uniformly', () => {
    expect(chordOf(ev('j'))).toBe('j');
    expect(chordOf(ev('?', { shiftKey: true }))).toBe('?');
    expect(chordOf(ev('k', { ctrlKey: true }))).toBe('Mod+k');
    expect(chordOf(ev('K', { metaKey: true, shiftKey: true }))).toBe('Mod+k');
    expect(chordOf(ev('Enter'))).toBe('Enter');
    expect(chordOf(ev('Tab', { shiftKey: true }))).toBe('Shift+Tab');
  });
});
