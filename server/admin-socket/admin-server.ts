import { randomBytes } from 'node:crypto';
import { chmodSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { join } from 'node:path';
import { Mutex } from '../db/mutex';
import {
  CHANNEL_FILE,
  ClientHelloSchema,
  RunRequestSchema,
  channelAddress,
  proof,
  proofMatches,
  readFrames,
  sendFrame,
  type ChannelInfo,
} from './wire';

/** Runs one admin command (the CLI's own code) and returns its exit code. */
export type AdminCommandRunner = (
  argv: string[],
  io: { out: (line: string) => void; err: (line: string) => void; cwd: string },
) => Promise<number>;

export type AdminChannel = { address: string; close: () => Promise<void> };

const HANDSHAKE_TIMEOUT_MS = 15_000;

/**
 * Listens for admin commands (wire.ts) on the channel of `dataDir`, and writes where to find it, with a fresh
 * token, to CHANNEL_FILE there. Commands run one at a time. The caller holds the data folder's lock, so a socket
 * or channel file already there is a dead server's and is replaced.
 */
export async function startAdminChannel(opts: { dataDir: string; run: AdminCommandRunner }): Promise<AdminChannel> {
  const address = channelAddress(opts.dataDir);
  const infoFile = join(opts.dataDir, CHANNEL_FILE);
  const token = randomBytes(32).toString('hex');
  const unix = process.platform !== 'win32';
  rmSync(infoFile, { force: true });
  if (unix) rmSync(address, { force: true });

  const commands = new Mutex();
  const sockets = new Set<Socket>();
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
    serve(socket, token, commands, opts.run);
  });
  await listen(server, address, unix);
  try {
    // Owner read/write only, whatever the umask was (listen() already created it so: see listen).
    if (unix) chmodSync(address, 0o600);
    const info: ChannelInfo = { pid: process.pid, address, token };
    const draft = `${infoFile}.${process.pid}`;
    writeFileSync(draft, JSON.stringify(info), { mode: 0o600 });
    renameSync(draft, infoFile);
  } catch (err) {
    server.close();
    throw err;
  }

  let closing: Promise<void> | null = null;
  return {
    address,
    close: () =>
      (closing ??= (async () => {
        rmSync(infoFile, { force: true });
        const closed = new Promise<void>((ok) => server.close(() => ok()));
        // A command already running finishes (the database is closed after this); idle connections are dropped.
        await commands.run(async () => {});
        for (const s of sockets) s.destroy();
        await closed;
        if (unix) rmSync(address, { force: true });
      })()),
  };
}

function listen(server: Server, address: string, unix: boolean): Promise<void> {
  // The socket file is created by bind(), inside listen(): under a umask of 0177 it is born 0600, so there is no
  // moment at which another user could connect before the chmod. (process.umask is process-wide but this is
  // synchronous; it throws in worker threads, where the chmod after listen still applies.)
  let previous: number | null = null;
  if (unix) {
    try {
      previous = process.umask(0o177);
    } catch {
      previous = null;
    }
  }
  try {
    return new Promise<void>((ok, fail) => {
      server.once('error', fail);
      server.listen(address, () => {
        server.off('error', fail);
        ok();
      });
    });
  } finally {
    if (previous !== null) process.umask(previous);
  }
}

function serve(socket: Socket, token: string, commands: Mutex, run: AdminCommandRunner): void {
  const serverNonce = randomBytes(16).toString('hex');
  let state: 'hello' | 'run' | 'running' = 'hello';
  socket.on('error', () => {}); // a client that went away; the command (if any) still runs to its end
  socket.setTimeout(HANDSHAKE_TIMEOUT_MS, () => socket.destroy());
  const write = (frame: unknown) => {
    if (socket.writable) sendFrame(socket, frame);
  };
  readFrames(socket, (frame) => {
    if (state === 'hello') {
      const hello = ClientHelloSchema.safeParse(frame);
      if (!hello.success) return void socket.destroy();
      state = 'run';
      write({ type: 'hello', nonce: serverNonce, proof: proof(token, 'server', hello.data.nonce) });
      return;
    }
    if (state !== 'run') return void socket.destroy();
    state = 'running';
    const request = RunRequestSchema.safeParse(frame);
    if (!request.success || !proofMatches(proof(token, 'client', serverNonce), request.data.proof)) {
      write({ type: 'err', line: '管理通道校验失败 / admin channel: the request failed verification' });
      write({ type: 'exit', code: 1 });
      socket.end();
      return;
    }
    socket.setTimeout(0);
    const { argv, cwd } = request.data;
    const io = { out: (line: string) => write({ type: 'out', line }), err: (line: string) => write({ type: 'err', line }), cwd };
    commands
      .run(() => run(argv, io))
      .then(
        (code) => write({ type: 'exit', code }),
        (err: unknown) => {
          write({ type: 'err', line: err instanceof Error ? `${err.name}: ${err.message}` : String(err) });
          write({ type: 'exit', code: 1 });
        },
      )
      .finally(() => socket.end());
  });
}
