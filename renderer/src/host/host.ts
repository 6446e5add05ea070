import type { AccordBridge } from '../../../shared/ipc/accordBridge';
import { browserEnvironment, createWebHost } from './webHost';

export type { AccordBridge } from '../../../shared/ipc/accordBridge';
export type { IpcResult } from '../../../shared/ipc/ipcResult';

/**
 * What the renderer may ask of whatever hosts it: the desktop app (through the preload bridge)
 * or a browser (the web console). Every call answers an IpcResult; the UI does not need to
 * know which host it has, except through `kind` for wording ("restart the app").
 */
export interface Host extends AccordBridge {
  readonly kind: 'desktop' | 'web';
}

let cached: Host | null = null;

export function getHost(): Host {
  if (cached === null) {
    const bridge = typeof window !== 'undefined' ? window.accord : undefined;
    cached = bridge !== undefined ? { kind: 'desktop', ...bridge } : { kind: 'web', ...createWebHost(browserEnvironment()) };
  }
  return cached;
}
