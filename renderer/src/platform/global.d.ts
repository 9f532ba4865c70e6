import type { YizhanBridge } from '@shared/ipc';

declare global {
  interface Window {
    /** Set by the Electron preload; absent in a plain browser. Use `platform` (bridge.ts), not this directly. */
    yizhan?: YizhanBridge;
  }
}

export {};
