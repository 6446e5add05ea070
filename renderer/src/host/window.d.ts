import type { AccordBridge } from '../../../shared/ipc/accordBridge';

declare global {
  interface Window {
    /**
     * Present only in the desktop app (electron/preload). Do not use it directly: go through
     * getHost() in this folder, which falls back to the web console's implementation.
     */
    readonly accord?: AccordBridge;
  }
}

export {};
