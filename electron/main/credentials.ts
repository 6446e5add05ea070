import { readFile, rm } from 'node:fs/promises';
import { z } from 'zod';
import { credentialsSchema, type Credentials } from '../../shared/ipc/contract';
import { writeFileAtomic } from './writeFileAtomic';

/**
 * The agent's session token. On disk only encrypted by the OS keyring (Electron safeStorage);
 * where there is no real keyring it lives in memory for this run and the agent signs in again
 * next time. This module has no Electron import: index.ts passes `safeStorage` in as the
 * cipher, and tests pass a fake one.
 */

export type CredentialStorageMode = 'encrypted-file' | 'memory-only';

export interface KeyringStatus {
  /** safeStorage.isEncryptionAvailable() */
  readonly encryptionAvailable: boolean;
  readonly platform: string;
  /** safeStorage.getSelectedStorageBackend() on Linux, null elsewhere. */
  readonly linuxBackend: string | null;
}

/** Linux keyrings that actually protect the key; `basic_text` uses a hard-coded password. */
const trustedLinuxBackends: ReadonlySet<string> = new Set(['gnome_libsecret', 'kwallet', 'kwallet5', 'kwallet6']);

export function chooseCredentialStorage(status: KeyringStatus): { mode: CredentialStorageMode; reason: string } {
  if (!status.encryptionAvailable) {
    return { mode: 'memory-only', reason: 'OS encryption is not available' };
  }
  if (status.platform === 'linux' && !trustedLinuxBackends.has(status.linuxBackend ?? 'unknown')) {
    return { mode: 'memory-only', reason: `no trusted keyring (safeStorage backend: ${status.linuxBackend ?? 'unknown'})` };
  }
  return { mode: 'encrypted-file', reason: 'OS keyring' };
}

/** The subset of Electron's safeStorage we use. */
export interface SecretCipher {
  encryptString(plainText: string): Buffer;
  decryptString(encrypted: Buffer): string;
}

export interface CredentialStore {
  readonly mode: CredentialStorageMode;
  save(credentials: Credentials): Promise<void>;
  load(): Promise<Credentials | null>;
  clear(): Promise<void>;
}

export interface CredentialStoreOptions {
  readonly mode: CredentialStorageMode;
  readonly filePath: string;
  readonly cipher: SecretCipher;
  /**
   * Which backend issued the token ('embedded' or the remote URL). A token saved for one
   * backend is never handed back for another after the agent changes Settings.
   */
  readonly backendKey: string;
}

export const credentialsFileName = 'credentials.bin';

const storedCredentialsSchema = credentialsSchema.extend({ backendKey: z.string() });

export function createCredentialStore(options: CredentialStoreOptions): CredentialStore {
  const { mode, filePath, cipher, backendKey } = options;
  let inMemory: Credentials | null = null;

  async function removeFile(): Promise<void> {
    await rm(filePath, { force: true });
  }

  switch (mode) {
    case 'memory-only':
      return {
        mode,
        async save(credentials) {
          inMemory = { ...credentials };
        },
        async load() {
          return inMemory === null ? null : { ...inMemory };
        },
        async clear() {
          inMemory = null;
          // A file from a run that had a keyring would be a stale session: remove it on logout.
          await removeFile();
        },
      };
    case 'encrypted-file':
      return {
        mode,
        async save(credentials) {
          const plain = JSON.stringify({ ...credentials, backendKey });
          const encrypted = cipher.encryptString(plain);
          // Cheap guard for the one promise this module makes: the token never hits disk readable.
          if (encrypted.includes(Buffer.from(credentials.token, 'utf8'))) {
            throw new Error('refusing to write credentials: the cipher did not encrypt them');
          }
          await writeFileAtomic(filePath, encrypted, 0o600);
        },
        async load() {
          let encrypted: Buffer;
          try {
            encrypted = await readFile(filePath);
          } catch {
            return null;
          }
          let stored: z.infer<typeof storedCredentialsSchema>;
          try {
            stored = storedCredentialsSchema.parse(JSON.parse(cipher.decryptString(encrypted)));
          } catch {
            // Unreadable (keyring changed, file damaged): the agent signs in again.
            await removeFile();
            return null;
          }
          if (stored.backendKey !== backendKey) return null;
          return { token: stored.token, agentEmail: stored.agentEmail };
        },
        async clear() {
          await removeFile();
        },
      };
    default: {
      const unknownMode: never = mode;
      throw new Error(`unknown credential storage mode ${String(unknownMode)}`);
    }
  }
}
