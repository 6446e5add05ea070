import { ipcMain, type IpcMainInvokeEvent, type WebContents } from 'electron';
import { listIpcChannels, type IpcEventChannel, type IpcEventPayload } from '../../../shared/ipc/contract';
import { handleIpcRequest, type IpcHandlerMap, type IpcLog, type IpcSender } from './handleIpcRequest';

/**
 * The one place that calls `ipcMain.handle` (lint bans it elsewhere). Every channel of the
 * contract is registered here with the sender check and schema parsing of handleIpcRequest;
 * the handler map's type makes a missing handler a compile error.
 */
export function registerIpcHandlers(handlers: IpcHandlerMap, appOrigin: string, log: IpcLog): () => void {
  const byNamespace = handlers as unknown as Record<string, Record<string, (request: unknown) => unknown>>;
  const channels = listIpcChannels();
  for (const spec of channels) {
    const handler = byNamespace[spec.namespace]?.[spec.method];
    if (handler === undefined) throw new Error(`no IPC handler for ${spec.channel}`);
    ipcMain.handle(spec.channel, (event, ...args: unknown[]) => handleIpcRequest(spec, senderOf(event), appOrigin, args, handler, log));
  }
  return () => {
    for (const spec of channels) ipcMain.removeHandler(spec.channel);
  };
}

/** Main → renderer event, typed by the event contract. */
export function sendIpcEvent<C extends IpcEventChannel>(contents: WebContents, channel: C, payload: IpcEventPayload<C>): void {
  if (!contents.isDestroyed()) contents.send(channel, payload);
}

function senderOf(event: IpcMainInvokeEvent): IpcSender {
  try {
    const frame = event.senderFrame;
    if (frame === null || frame.detached) return { frameUrl: '', isTopFrame: false };
    return { frameUrl: frame.url, isTopFrame: frame.parent === null };
  } catch {
    // Accessing a frame that is being torn down throws; such a sender is not trusted.
    return { frameUrl: '', isTopFrame: false };
  }
}
