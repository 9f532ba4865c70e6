import { IPC_CHANNELS, bridgePath, type IpcChannel } from '@shared/ipc-channels';
import type { YizhanBridge } from '@shared/ipc';

export type Invoke = (channel: IpcChannel, request: unknown) => Promise<unknown>;

/**
 * `window.yizhan` as plain nested objects of functions, one per channel and nothing else. Each function
 * forwards exactly one argument: main parses it, so the preload neither validates nor transforms.
 * Anchor: mattermost/desktop `src/app/preload/internalAPI.js` (named methods, never `ipcRenderer` itself).
 */
export function buildBridge(invoke: Invoke): YizhanBridge {
  const bridge: Record<string, Record<string, (request?: unknown) => Promise<unknown>>> = {};
  for (const channel of IPC_CHANNELS) {
    const [domain, method] = bridgePath(channel);
    const group = (bridge[domain] ??= {});
    group[method] = (request?: unknown) => invoke(channel, request);
  }
  for (const group of Object.values(bridge)) Object.freeze(group);
  // The runtime object is assembled from the same list the type is mapped from; the test checks they agree.
  return Object.freeze(bridge) as unknown as YizhanBridge;
}
