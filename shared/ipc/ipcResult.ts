import { z } from 'zod';

/**
 * Every IPC call answers with this shape (Signal Desktop style) instead of throwing across the
 * process boundary: Electron flattens thrown errors into strings, which loses the stable code.
 */
export const ipcErrorCodes = [
  'untrusted_sender', // the call came from a frame that is not our top-level app page
  'invalid_request', // the arguments did not match the channel's request schema
  'invalid_url', // a URL argument was not acceptable (settings, external links)
  'not_allowed', // refused by policy (external-link allowlist)
  'unsupported', // this host cannot do that (e.g. the web console cannot switch backends)
  'unavailable', // a dependency is down (keyring, backend, notifications)
  'internal', // a bug on the answering side; the message is generic on purpose
] as const;
export const ipcErrorCodeSchema = z.enum(ipcErrorCodes);
export type IpcErrorCode = z.infer<typeof ipcErrorCodeSchema>;

export interface IpcError {
  readonly code: IpcErrorCode;
  readonly message: string;
}

export type IpcResult<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: IpcError };

export function ipcOk<T>(value: T): IpcResult<T> {
  return { ok: true, value };
}

export function ipcFail(code: IpcErrorCode, message: string): { readonly ok: false; readonly error: IpcError } {
  return { ok: false, error: { code, message } };
}
