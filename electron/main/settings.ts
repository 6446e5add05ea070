import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { parseBackendUrl } from '../../shared/ipc/backendUrl';
import { writeFileAtomic } from './writeFileAtomic';

/** Desktop-only settings, kept in `<userData>/settings.json`. */
export interface DesktopSettings {
  /** A remote backend to use instead of the embedded one; null = embedded. */
  readonly remoteBackendUrl: string | null;
}

export const defaultSettings: DesktopSettings = { remoteBackendUrl: null };
export const settingsFileName = 'settings.json';

const settingsFileSchema = z.object({ remoteBackendUrl: z.string().nullable().catch(null) }).catch(defaultSettings);

/**
 * Reads the settings file; a missing, unreadable or hand-mangled file yields defaults rather
 * than a desktop app that cannot start. A stored URL is re-validated: the file is user-editable.
 */
export async function readSettings(filePath: string): Promise<DesktopSettings> {
  let text: string;
  try {
    text = await readFile(filePath, 'utf8');
  } catch {
    return defaultSettings;
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return defaultSettings;
  }
  const stored = settingsFileSchema.parse(json);
  const verdict = stored.remoteBackendUrl === null ? null : parseBackendUrl(stored.remoteBackendUrl);
  return { remoteBackendUrl: verdict?.ok ? verdict.url : null };
}

export async function writeSettings(filePath: string, settings: DesktopSettings): Promise<void> {
  await writeFileAtomic(filePath, `${JSON.stringify(settings, null, 2)}\n`);
}
