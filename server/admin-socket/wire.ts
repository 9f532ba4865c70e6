import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Socket } from 'node:net';
import { z } from 'zod';

/**
 * The admin channel between `npm run server:admin` and a running server on the embedded database: one
 * connection per command, newline-delimited JSON frames.
 *
 *   client → server  hello {nonce}
 *   server → client  hello {nonce, proof}     proof = HMAC(token, "server\n" + client nonce)
 *   client → server  run {proof, argv, cwd}   proof = HMAC(token, "client\n" + server nonce)
 *   server → client  out {line} | err {line} …, then exit {code}
 *
 * Reaching the socket is already limited to the server's OS user (a 0600 Unix socket; on Windows a named pipe,
 * whose default ACL lets other users open it read-only at most). The token, in a 0600 file beside the database,
 * adds that each side proves it can read the data folder: the CLI before anything runs, and the server before
 * the CLI sends an argv that may hold a PIN, so a program squatting on the pipe name gets nothing.
 */
export const CHANNEL_FILE = 'admin-channel.json';
/** A frame never needs more; a client sending more is cut off. */
export const MAX_FRAME_BYTES = 256 * 1024;

export const ChannelInfoSchema = z.object({ pid: z.number().int().positive(), address: z.string().min(1), token: z.string().regex(/^[0-9a-f]{64}$/) });
export type ChannelInfo = z.infer<typeof ChannelInfoSchema>;

const Nonce = z.string().regex(/^[0-9a-f]{32}$/);
const Proof = z.string().regex(/^[0-9a-f]{64}$/);
export const ClientHelloSchema = z.object({ type: z.literal('hello'), nonce: Nonce });
export const ServerHelloSchema = z.object({ type: z.literal('hello'), nonce: Nonce, proof: Proof });
export const RunRequestSchema = z.object({
  type: z.literal('run'),
  proof: Proof,
  argv: z.array(z.string().max(64 * 1024)).max(64),
  cwd: z.string().max(4096),
});
export const AnswerFrameSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('out'), line: z.string() }),
  z.object({ type: z.literal('err'), line: z.string() }),
  z.object({ type: z.literal('exit'), code: z.number().int() }),
]);
export type AnswerFrame = z.infer<typeof AnswerFrameSchema>;

/**
 * Where the server listens. Unix: `admin.sock` in the data folder, unless that path is too long for a socket
 * address (sun_path holds ~104 bytes), then a per-user name in the temp folder. Windows: a named pipe named after
 * the data folder. Either way a function of the folder alone, and written to CHANNEL_FILE for the CLI.
 */
export function channelAddress(dataDir: string): string {
  const folder = resolve(dataDir);
  const hash = createHash('sha256').update(process.platform === 'win32' ? folder.toLowerCase() : folder).digest('hex').slice(0, 16);
  if (process.platform === 'win32') return `\\\\.\\pipe\\yizhan-admin-${hash}`;
  const inFolder = join(folder, 'admin.sock');
  return Buffer.byteLength(inFolder) <= 100 ? inFolder : join(tmpdir(), `yizhan-admin-${process.getuid?.() ?? 0}-${hash}.sock`);
}

export function proof(token: string, role: 'server' | 'client', nonce: string): string {
  return createHmac('sha256', Buffer.from(token, 'hex')).update(`${role}\n${nonce}`).digest('hex');
}

export function proofMatches(expected: string, given: string): boolean {
  const a = Buffer.from(expected, 'hex');
  const b = Buffer.from(given, 'hex');
  return a.length === b.length && timingSafeEqual(a, b);
}

export function sendFrame(socket: Socket, frame: unknown): void {
  socket.write(`${JSON.stringify(frame)}\n`);
}

/**
 * Calls `onFrame` with each JSON frame the socket receives; a line that is not JSON, or a frame over
 * MAX_FRAME_BYTES, ends the connection (onFrame sees `null`).
 */
export function readFrames(socket: Socket, onFrame: (frame: unknown) => void): void {
  let buffer = '';
  socket.setEncoding('utf8');
  socket.on('data', (chunk: string) => {
    buffer += chunk;
    let nl: number;
    while ((nl = buffer.indexOf('\n')) >= 0) {
      const line = buffer.slice(0, nl);
      buffer = buffer.slice(nl + 1);
      let frame: unknown;
      try {
        frame = JSON.parse(line);
      } catch {
        onFrame(null);
        return;
      }
      onFrame(frame);
    }
    if (Buffer.byteLength(buffer) > MAX_FRAME_BYTES) {
      buffer = '';
      onFrame(null);
    }
  });
}
