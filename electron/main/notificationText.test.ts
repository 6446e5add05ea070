import { describe, expect, it } from 'vitest';
import { plainNotificationText } from './notificationText';

describe('plainNotificationText', () => {
  it('neutralises markup and control characters', () => {
    expect(plainNotificationText('<a href="https://evil.com">Click</a>\n\tnow\u0007', 100)).toBe('‹a href="https://evil.com"›Click‹/a› now');
  });

  it('caps the length with an ellipsis', () => {
    expect(plainNotificationText('a'.repeat(50), 10)).toBe(`${'a'.repeat(9)}…`);
    expect(plainNotificationText('short', 10)).toBe('short');
  });
});
