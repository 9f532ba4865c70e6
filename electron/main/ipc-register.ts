import { IPC_CONTRACT, fail, type IpcParsedRequest, type IpcResponse } from '@shared/ipc';
import { IPC_CHANNELS, type IpcChannel } from '@shared/ipc-channels';
import type { ErrorCode } from '@shared/errors/codes';

/** The parts of `IpcMainInvokeEvent` the wrapper reads; Electron's event satisfies it structurally. */
export interface IpcEventLike {
  senderFrame: { url: string; parent: unknown } | null;
}

export interface IpcMainLike<E extends IpcEventLike> {
  handle(channel: string, listener: (event: E, ...args: unknown[]) => Promise<unknown>): void;
}

export type IpcHandler<C extends IpcChannel, E> = (
  request: IpcParsedRequest<C>,
  event: E,
) => Promise<IpcResponse<C>> | IpcResponse<C>;

export type IpcHandlers<E> = { [C in IpcChannel]: IpcHandler<C, E> };

export interface RegisterOptions {
  /** Whether a frame URL is one of the app's own pages (navigation.ts `isAppUrl`). */
  isTrustedUrl: (url: string) => boolean;
  /** Told about every refusal or failure. Never given the payload, which may carry personal data. */
  onRejected?: (channel: IpcChannel, code: ErrorCode, error?: unknown) => void;
}

/**
 * Registers every channel of the contract through one gate (mattermost/desktop `src/common/Validator.ts`
 * `ipcValidate`, house-style (f) 3). In order, a call must:
 *  1. come from the top frame of one of the app's own pages — a frame that navigated away (senderFrame null),
 *     a subframe or a foreign URL is refused with `ipc/untrusted-sender`;
 *  2. carry at most one argument that the channel's request schema accepts — otherwise `ipc/invalid-argument`
 *     and the handler is never called;
 *  3. get a reply that matches the channel's response schema — a handler that throws or answers off-contract
 *     becomes `internal/unexpected`, without the message, which may hold paths or personal data.
 * The reply is the schema's parse output, so a handler cannot leak fields the contract does not declare.
 */
export function registerIpcHandlers<E extends IpcEventLike>(
  ipcMain: IpcMainLike<E>,
  handlers: IpcHandlers<E>,
  opts: RegisterOptions,
): void {
  for (const channel of IPC_CHANNELS) {
    ipcMain.handle(channel, (event, ...args) => dispatch(channel, handlers[channel], event, args, opts));
  }
}

async function dispatch<C extends IpcChannel, E extends IpcEventLike>(
  channel: C,
  handler: IpcHandler<C, E>,
  event: E,
  args: unknown[],
  opts: RegisterOptions,
): Promise<IpcResponse<C>> {
  const refuse = (code: ErrorCode, error?: unknown) => {
    opts.onRejected?.(channel, code, error);
    return fail(code) as IpcResponse<C>;
  };
  const frame = event.senderFrame;
  if (!frame || frame.parent !== null || !opts.isTrustedUrl(frame.url)) return refuse('ipc/untrusted-sender');

  const { request, response } = IPC_CONTRACT[channel];
  if (args.length > 1) return refuse('ipc/invalid-argument');
  const parsed = request.safeParse(args[0]);
  if (!parsed.success) return refuse('ipc/invalid-argument');

  let reply: unknown;
  try {
    reply = await handler(parsed.data as IpcParsedRequest<C>, event);
  } catch (error) {
    return refuse('internal/unexpected', error);
  }
  const checked = response.safeParse(reply);
  if (!checked.success) return refuse('internal/unexpected');
  return checked.data as IpcResponse<C>;
}
