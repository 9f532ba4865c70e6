/**
 * The IPC channel names, without their schemas. It is separate from `ipc.ts` so the sandboxed preload
 * can build `window.yizhan` from the list without bundling zod: a preload that only needs names should
 * carry only names (mattermost/desktop keeps its names apart in `src/common/communication.ts` too).
 * `ipc.ts` keys its contract by this list, and the compiler rejects a channel missing from either side.
 */
export const IPC_CHANNELS = [
  'app:info',
  'print:current-view',
  'print:list-printers',
  'pdf:save-current-view',
  'secret:set',
  'secret:get',
  'secret:delete',
] as const;

export type IpcChannel = (typeof IPC_CHANNELS)[number];

/** `print:current-view` → `['print', 'currentView']`, the path of its function on `window.yizhan`. */
export function bridgePath(channel: IpcChannel): readonly [domain: string, method: string] {
  const [domain, verb] = channel.split(':') as [string, string];
  return [domain, verb.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase())];
}

type KebabToCamel<S extends string> = S extends `${infer Head}-${infer Tail}`
  ? `${Head}${Capitalize<KebabToCamel<Tail>>}`
  : S;

/** Type-level twin of `bridgePath`: the domain part of a channel name. */
export type ChannelDomain<C extends string> = C extends `${infer D}:${string}` ? D : never;
/** Type-level twin of `bridgePath`: the camel-cased method name of a channel. */
export type ChannelMethod<C extends string> = C extends `${string}:${infer V}` ? KebabToCamel<V> : never;
