import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { chooseCredentialStorage, createCredentialStore, type SecretCipher } from './credentials';

/** Fake of the OS keyring (the edge of the system): XOR with a fixed key, so bytes really change. */
const fakeKeyringCipher: SecretCipher = {
  encryptString: (plain) => Buffer.from(Buffer.from(plain, 'utf8').map((b) => b ^ 0x5a)),
  decryptString: (encrypted) => Buffer.from(encrypted.map((b) => b ^ 0x5a)).toString('utf8'),
};

const credentials = { token: 'tok_0123456789abcdef', agentEmail: 'tier1@accord.demo' };

let dir: string;
let file: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'accord-credentials-'));
  file = join(dir, 'credentials.bin');
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false,
  );
}

describe('chooseCredentialStorage', () => {
  it.each([
    [{ encryptionAvailable: true, platform: 'darwin', linuxBackend: null }, 'encrypted-file'],
    [{ encryptionAvailable: true, platform: 'win32', linuxBackend: null }, 'encrypted-file'],
    [{ encryptionAvailable: true, platform: 'linux', linuxBackend: 'gnome_libsecret' }, 'encrypted-file'],
    [{ encryptionAvailable: true, platform: 'linux', linuxBackend: 'kwallet6' }, 'encrypted-file'],
    [{ encryptionAvailable: true, platform: 'linux', linuxBackend: 'basic_text' }, 'memory-only'],
    [{ encryptionAvailable: true, platform: 'linux', linuxBackend: 'unknown' }, 'memory-only'],
    [{ encryptionAvailable: true, platform: 'linux', linuxBackend: null }, 'memory-only'],
    [{ encryptionAvailable: false, platform: 'darwin', linuxBackend: null }, 'memory-only'],
    [{ encryptionAvailable: false, platform: 'linux', linuxBackend: 'gnome_libsecret' }, 'memory-only'],
  ] as const)('%o → %s', (status, mode) => {
    expect(chooseCredentialStorage(status).mode).toBe(mode);
  });
});

describe('encrypted-file credential store', () => {
  const store = () => createCredentialStore({ mode: 'encrypted-file', filePath: file, cipher: fakeKeyringCipher, backendKey: 'embedded' });

  it('round-trips through an encrypted file that does not contain the token in clear', async () => {
    await store().save(credentials);
    const raw = await readFile(file);
    expect(raw.includes(Buffer.from(credentials.token))).toBe(false);
    expect(raw.includes(Buffer.from(credentials.agentEmail))).toBe(false);
    expect(await store().load()).toEqual(credentials);
    if (process.platform !== 'win32') expect((await stat(file)).mode & 0o777).toBe(0o600);
  });

  it('returns null when nothing is stored, and after clear', async () => {
    expect(await store().load()).toBeNull();
    await store().save(credentials);
    await store().clear();
    expect(await store().load()).toBeNull();
    expect(await exists(file)).toBe(false);
  });

  it('does not hand a token to a different backend', async () => {
    await store().save(credentials);
    const other = createCredentialStore({
      mode: 'encrypted-file',
      filePath: file,
      cipher: fakeKeyringCipher,
      backendKey: 'https://accord.example.com',
    });
    expect(await other.load()).toBeNull();
  });

  it('drops a file it cannot decrypt or parse', async () => {
    await writeFile(file, Buffer.from('garbage'));
    expect(await store().load()).toBeNull();
    expect(await exists(file)).toBe(false);

    await store().save(credentials);
    const brokenKeyring = createCredentialStore({
      mode: 'encrypted-file',
      filePath: file,
      cipher: { ...fakeKeyringCipher, decryptString: () => { throw new Error('keyring locked'); } },
      backendKey: 'embedded',
    });
    expect(await brokenKeyring.load()).toBeNull();
  });

  it('refuses to write when the cipher leaves the token readable', async () => {
    const identity: SecretCipher = { encryptString: (s) => Buffer.from(s), decryptString: (b) => b.toString() };
    const leaky = createCredentialStore({ mode: 'encrypted-file', filePath: file, cipher: identity, backendKey: 'embedded' });
    await expect(leaky.save(credentials)).rejects.toThrow(/did not encrypt/);
    expect(await exists(file)).toBe(false);
  });
});

describe('memory-only credential store', () => {
  it('keeps the token in memory and never writes a file', async () => {
    const store = createCredentialStore({ mode: 'memory-only', filePath: file, cipher: fakeKeyringCipher, backendKey: 'embedded' });
    await store.save(credentials);
    expect(await store.load()).toEqual(credentials);
    expect(await exists(file)).toBe(false);
    await store.clear();
    expect(await store.load()).toBeNull();
  });

  it('does not read a file left by an earlier run, and removes it on clear', async () => {
    await createCredentialStore({ mode: 'encrypted-file', filePath: file, cipher: fakeKeyringCipher, backendKey: 'embedded' }).save(credentials);
    const store = createCredentialStore({ mode: 'memory-only', filePath: file, cipher: fakeKeyringCipher, backendKey: 'embedded' });
    expect(await store.load()).toBeNull();
    await store.clear();
    expect(await exists(file)).toBe(false);
  });

  it('hands out copies, so callers cannot mutate the stored value', async () => {
    const store = createCredentialStore({ mode: 'memory-only', filePath: file, cipher: fakeKeyringCipher, backendKey: 'embedded' });
    const value = { ...credentials };
    await store.save(value);
    value.token = 'changed';
    const loaded = await store.load();
    expect(loaded?.token).toBe(credentials.token);
  });
});
