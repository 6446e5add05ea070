import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { defaultSettings, readSettings, writeSettings } from './settings';

let dir: string;
let file: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'accord-settings-'));
  file = join(dir, 'settings.json');
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('settings file', () => {
  it('defaults when the file does not exist', async () => {
    expect(await readSettings(file)).toEqual(defaultSettings);
  });

  it('round-trips a remote backend URL and back to embedded', async () => {
    await writeSettings(file, { remoteBackendUrl: 'https://accord.example.com' });
    expect(await readSettings(file)).toEqual({ remoteBackendUrl: 'https://accord.example.com' });
    await writeSettings(file, { remoteBackendUrl: null });
    expect(await readSettings(file)).toEqual({ remoteBackendUrl: null });
    expect(JSON.parse(await readFile(file, 'utf8'))).toEqual({ remoteBackendUrl: null });
  });

  it.each([
    ['not JSON', '{ remote'],
    ['wrong shape', '[1,2,3]'],
    ['wrong type', '{"remoteBackendUrl": 42}'],
    ['hand-edited insecure URL', '{"remoteBackendUrl": "http://evil.example.com"}'],
    ['hand-edited javascript URL', '{"remoteBackendUrl": "javascript:alert(1)"}'],
  ])('falls back to the embedded backend for %s', async (_name, content) => {
    await writeFile(file, content);
    expect(await readSettings(file)).toEqual({ remoteBackendUrl: null });
  });

  it('normalises a hand-edited URL', async () => {
    await writeFile(file, '{"remoteBackendUrl": "https://Accord.Example.com/"}');
    expect(await readSettings(file)).toEqual({ remoteBackendUrl: 'https://accord.example.com' });
  });
});
