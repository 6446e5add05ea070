import type { IpcRenderer, IpcRendererEvent } from 'electron';
import type { AccordBridge } from '../../shared/ipc/accordBridge';
import type { IpcChannel, IpcEventChannel, IpcEventPayload, IpcRequest, IpcResponse } from '../../shared/ipc/contract';
import type { IpcResult } from '../../shared/ipc/ipcResult';

/**
 * The object behind `window.accord`: exactly one named function per contract channel and one
 * `on<Event>` per event — no generic invoke/send/on, no process.env. Only *types* are imported
 * from shared/ipc: a sandboxed preload cannot require npm packages such as zod, so requests
 * are validated in the main process (electron/main/ipc/handle.ts), not here.
 */
export function createAccordBridge(ipc: Pick<IpcRenderer, 'invoke' | 'on' | 'removeListener'>) {
  function invoke<C extends IpcChannel>(channel: C, ...request: [IpcRequest<C>] | []): Promise<IpcResult<IpcResponse<C>>> {
    return ipc.invoke(channel, ...request) as Promise<IpcResult<IpcResponse<C>>>;
  }

  function subscribe<C extends IpcEventChannel>(channel: C, listener: (payload: IpcEventPayload<C>) => void): () => void {
    // The renderer never sees the Electron event object (it exposes `sender`).
    const forward = (_event: IpcRendererEvent, payload: IpcEventPayload<C>) => listener(payload);
    ipc.on(channel, forward);
    return () => void ipc.removeListener(channel, forward);
  }

  return {
    app: {
      getInfo: () => invoke('app.getInfo'),
    },
    backend: {
      getConnection: () => invoke('backend.getConnection'),
      setRemoteUrl: (url) => invoke('backend.setRemoteUrl', url),
    },
    credentials: {
      save: (credentials) => invoke('credentials.save', credentials),
      load: () => invoke('credentials.load'),
      clear: () => invoke('credentials.clear'),
    },
    shell: {
      openExternal: (request) => invoke('shell.openExternal', request),
    },
    notify: {
      show: (notification) => invoke('notify.show', notification),
      onClicked: (listener) => subscribe('notify.clicked', listener),
    },
  } satisfies AccordBridge;
}
