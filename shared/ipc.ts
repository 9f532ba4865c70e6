import { z } from 'zod';
import { ERROR_CODES, type ErrorCode } from './errors/codes';
import type { ChannelDomain, ChannelMethod, IpcChannel } from './ipc-channels';

/**
 * The renderer ↔ main contract: every channel once, with the schema main parses its argument with and the
 * schema its reply must satisfy. Main registers each channel through one wrapper that checks the sender and
 * `safeParse`s the argument (electron/main/ipc-register.ts); the preload turns each channel into a named
 * function on `window.yizhan` and exposes nothing else. Anchor: mattermost/desktop
 * `src/common/communication.ts` (one list of names) and `src/common/Validator.ts` (`ipcValidate`).
 *
 * Replies are a result union rather than thrown errors: an Error crossing `ipcRenderer.invoke` arrives as
 * "Error invoking remote method …" text, which would leak main's messages and lose the code.
 */

export const ErrorCodeSchema = z.enum(ERROR_CODES);

export function ipcResultSchema<T extends z.ZodType>(value: T) {
  return z.discriminatedUnion('ok', [
    z.object({ ok: z.literal(true), value }),
    z.object({ ok: z.literal(false), code: ErrorCodeSchema }),
  ]);
}

export type IpcResult<T> = { ok: true; value: T } | { ok: false; code: ErrorCode };

export function ok<T>(value: T): { ok: true; value: T } {
  return { ok: true, value };
}

export function fail(code: ErrorCode): { ok: false; code: ErrorCode } {
  return { ok: false, code };
}

// ── argument and value schemas ───────────────────────────────────────────────────────────────────────

/** 80mm is the thermal receipt roll found at hall counters; A4 is for notices and decisions. */
export const PageSizeSchema = z.enum(['A4', '80mm']);
export type PageSize = z.infer<typeof PageSizeSchema>;

// eslint-disable-next-line no-control-regex
const CONTROL_CHARS = /[\u0000-\u001f\u007f]/;

/** The OS name of a printer, as `print:list-printers` reports it. */
export const PrinterNameSchema = z
  .string()
  .min(1)
  .max(256)
  .refine((s) => !CONTROL_CHARS.test(s), 'control characters');

export const PrintRequestSchema = z.strictObject({
  /** `dialog` lets the clerk pick; `silent` sends straight to `printer` (or the system default). */
  mode: z.enum(['dialog', 'silent']),
  printer: PrinterNameSchema.optional(),
  pageSize: PageSizeSchema,
  copies: z.int().min(1).max(10).optional(),
});
export type PrintRequest = z.infer<typeof PrintRequestSchema>;

export const PrintOutcomeSchema = z.object({ outcome: z.enum(['printed', 'cancelled']) });
export type PrintOutcome = z.infer<typeof PrintOutcomeSchema>;

export const PrinterSchema = z.object({
  name: PrinterNameSchema,
  displayName: z.string(),
  description: z.string(),
});
export type Printer = z.infer<typeof PrinterSchema>;

/**
 * A file name, not a path: the clerk chooses the folder in the save dialog. Characters Windows refuses in
 * names are rejected here so the dialog never opens on a name the OS will not accept.
 */
export const PdfFileNameSchema = z
  .string()
  .min(1)
  .max(120)
  .refine((s) => !CONTROL_CHARS.test(s) && !/[<>:"/\\|?*]/.test(s), 'path or reserved characters')
  .refine((s) => s.trim() === s && !/^\.+$/.test(s) && !s.endsWith('.'), 'dots or surrounding spaces');

export const SavePdfRequestSchema = z.strictObject({
  suggestedName: PdfFileNameSchema,
  pageSize: PageSizeSchema,
});
export type SavePdfRequest = z.infer<typeof SavePdfRequestSchema>;

export const SavePdfOutcomeSchema = z.discriminatedUnion('status', [
  z.object({ status: z.literal('saved'), path: z.string().min(1) }),
  z.object({ status: z.literal('cancelled') }),
]);
export type SavePdfOutcome = z.infer<typeof SavePdfOutcomeSchema>;

/** Closed list: main stores one file per key, so a free-form key would be a path into userData. */
export const SecretKeySchema = z.enum(['district-credential']);
export type SecretKey = z.infer<typeof SecretKeySchema>;

export const SecretSetRequestSchema = z.strictObject({
  key: SecretKeySchema,
  value: z.string().min(1).max(16_384),
});
export const SecretKeyRequestSchema = z.strictObject({ key: SecretKeySchema });

export const AppInfoSchema = z.object({
  name: z.string(),
  version: z.string(),
  platform: z.string(),
  arch: z.string(),
  electron: z.string(),
  chrome: z.string(),
  packaged: z.boolean(),
  /** False where `secret:set` would refuse, so the login form can hide "remember me" up front. */
  secureStorage: z.boolean(),
});
export type AppInfo = z.infer<typeof AppInfoSchema>;

const NoArgument = z.undefined();

// ── the contract ─────────────────────────────────────────────────────────────────────────────────────

export const IPC_CONTRACT = {
  'app:info': { request: NoArgument, response: ipcResultSchema(AppInfoSchema) },
  'print:current-view': { request: PrintRequestSchema, response: ipcResultSchema(PrintOutcomeSchema) },
  'print:list-printers': { request: NoArgument, response: ipcResultSchema(z.array(PrinterSchema)) },
  'pdf:save-current-view': { request: SavePdfRequestSchema, response: ipcResultSchema(SavePdfOutcomeSchema) },
  'secret:set': { request: SecretSetRequestSchema, response: ipcResultSchema(z.null()) },
  /** `null` when nothing is stored under the key. */
  'secret:get': { request: SecretKeyRequestSchema, response: ipcResultSchema(z.string().nullable()) },
  'secret:delete': { request: SecretKeyRequestSchema, response: ipcResultSchema(z.null()) },
} as const satisfies Record<IpcChannel, { request: z.ZodType; response: z.ZodType }>;

export type IpcContract = typeof IPC_CONTRACT;

/** What the renderer passes. */
export type IpcRequest<C extends IpcChannel> = z.input<IpcContract[C]['request']>;
/** What a main handler receives, after parsing. */
export type IpcParsedRequest<C extends IpcChannel> = z.output<IpcContract[C]['request']>;
/** What the renderer gets back. */
export type IpcResponse<C extends IpcChannel> = z.output<IpcContract[C]['response']>;
/** The `value` of a successful reply. */
export type IpcValue<C extends IpcChannel> = Extract<IpcResponse<C>, { ok: true }>['value'];

type BridgeFunction<C extends IpcChannel> = [IpcRequest<C>] extends [undefined]
  ? () => Promise<IpcResponse<C>>
  : (request: IpcRequest<C>) => Promise<IpcResponse<C>>;

type BridgeShape = {
  readonly [D in ChannelDomain<IpcChannel>]: {
    readonly [C in IpcChannel as C extends `${D}:${string}` ? ChannelMethod<C> : never]: BridgeFunction<C>;
  };
};

/** `window.yizhan`: one named function per channel, e.g. `yizhan.print.currentView({...})`. */
// An interface rather than an alias so editors and errors show `YizhanBridge`, not the expanded mapping.
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface YizhanBridge extends BridgeShape {}
