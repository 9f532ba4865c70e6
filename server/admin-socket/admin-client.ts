import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import {
  AnswerFrameSchema,
  CHANNEL_FILE,
  ChannelInfoSchema,
  ServerHelloSchema,
  proof,
  proofMatches,
  readFrames,
  sendFrame,
  type ChannelInfo,
} from './wire';

/** Nobody listens (the server is starting, stopping, or was killed): the caller may look again. */
export class ChannelUnavailableError extends Error {
  override name = 'ChannelUnavailableError';
}

/** Where the running server's admin channel is, as it wrote it into `dataDir`; null when there is none. */
export function readChannelInfo(dataDir: string): ChannelInfo | null {
  try {
    const parsed = ChannelInfoSchema.safeParse(JSON.parse(readFileSync(join(dataDir, CHANNEL_FILE), 'utf8')));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

const HANDSHAKE_TIMEOUT_MS = 15_000;

/**
 * Has the server run `argv` (wire.ts) and passes its output on; resolves with the command's exit code. Throws
 * ChannelUnavailableError when nothing answers at the address (nothing was sent), and a plain Error when the
 * other side fails to prove it is the server, or the connection drops before the exit code came (the command
 * may or may not have run: the message says so).
 */
export function sendAdminCommand(
  info: ChannelInfo,
  argv: string[],
  io: { out: (line: string) => void; err: (line: string) => void; cwd: string },
): Promise<number> {
  return new Promise<number>((resolve, reject) => {
    const socket = connect(info.address);
    const clientNonce = randomBytes(16).toString('hex');
    let state: 'connecting' | 'hello' | 'running' | 'done' = 'connecting';
    const fail = (err: Error) => {
      if (state === 'done') return;
      state = 'done';
      socket.destroy();
      reject(err);
    };
    socket.setTimeout(HANDSHAKE_TIMEOUT_MS, () => fail(new ChannelUnavailableError(`the admin channel at ${info.address} did not answer`)));
    socket.once('connect', () => {
      state = 'hello';
      sendFrame(socket, { type: 'hello', nonce: clientNonce });
    });
    socket.on('error', (err: NodeJS.ErrnoException) => {
      if (state === 'connecting') fail(new ChannelUnavailableError(`cannot reach the admin channel at ${info.address}: ${err.code ?? err.message}`));
      else fail(lost(err.message));
    });
    socket.once('close', () => fail(state === 'hello' ? new ChannelUnavailableError('the admin channel closed before answering') : lost('connection closed')));
    readFrames(socket, (frame) => {
      if (state === 'hello') {
        const hello = ServerHelloSchema.safeParse(frame);
        if (!hello.success || !proofMatches(proof(info.token, 'server', clientNonce), hello.data.proof)) {
          fail(new Error('管理通道另一端未能证明自己是区级服务器，命令未发送。/ The admin channel\'s other end failed to prove it is the district server; nothing was sent.'));
          return;
        }
        state = 'running';
        // A command may wait behind pushes for the database: no timeout from here on (Ctrl+C ends the wait).
        socket.setTimeout(0);
        sendFrame(socket, { type: 'run', proof: proof(info.token, 'client', hello.data.nonce), argv, cwd: io.cwd });
        return;
      }
      if (state !== 'running') return;
      const answer = AnswerFrameSchema.safeParse(frame);
      if (!answer.success) return fail(lost('unreadable answer'));
      if (answer.data.type === 'out') io.out(answer.data.line);
      else if (answer.data.type === 'err') io.err(answer.data.line);
      else {
        state = 'done';
        socket.end();
        resolve(answer.data.code);
      }
    });
  });
}

function lost(why: string): Error {
  return new Error(
    `与区级服务器的管理连接中断（${why}），命令可能已执行也可能未执行，请用 list-* 命令核对。` +
      ` / The admin connection to the district server broke (${why}); the command may or may not have run: check with a list-* command.`,
  );
}
