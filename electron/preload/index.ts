// Runs under `sandbox: true`: only `electron` is requireable, so scripts/build-electron.mjs bundles this
// into one CommonJS file and fails the build if anything but `electron` is left to require.
import { contextBridge, ipcRenderer } from 'electron';
import { buildBridge } from './build-bridge';

// Only the bound functions cross the bridge; `ipcRenderer` itself stays here (house-style (f) 1).
contextBridge.exposeInMainWorld(
  'yizhan',
  buildBridge((channel, request) => ipcRenderer.invoke(channel, request)),
);
