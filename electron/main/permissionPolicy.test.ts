import { describe, expect, it } from 'vitest';
import { appOrigin } from './appUrl';
import { isPermissionGranted } from './permissionPolicy';

describe('isPermissionGranted', () => {
  it('grants notifications to our page only', () => {
    expect(isPermissionGranted('notifications', 'app://accord/index.html', appOrigin)).toBe(true);
    expect(isPermissionGranted('notifications', 'https://evil.com/', appOrigin)).toBe(false);
    expect(isPermissionGranted('notifications', '', appOrigin)).toBe(false);
  });

  it.each(['media', 'geolocation', 'midiSysex', 'openExternal', 'clipboard-read', 'hid', 'serial', 'fileSystem', 'unknown'])(
    'refuses %s even to our page',
    (permission) => {
      expect(isPermissionGranted(permission, 'app://accord/index.html', appOrigin)).toBe(false);
    },
  );
});
