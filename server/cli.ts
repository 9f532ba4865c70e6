import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { pathToFileURL } from 'node:url';
import { createEnrollCode } from './admin/enroll-codes';
import { listDevices, revokeDevice } from './admin/devices';
import { publish, PublishError, type PublicationKind } from './admin/publish';
import { returnCase, ReturnCaseError } from './admin/returns';
import { addStaff, listStaff, StaffAdminError, updateStaff, type Secret } from './admin/staff';
import type { Db } from './db/db';
import { ChannelUnavailableError, readChannelInfo, sendAdminCommand } from './admin-socket/admin-client';
import { DEFAULT_DATA_DIR, dataDirHolder, openDb, type DbConfig } from './db/open-db';

const USAGE = `District server admin (区级服务器管理)

  npm run server:admin -- enroll-code --hall <HALLCODE> [--workstation W01] [--valid-hours 72]
  npm run server:admin -- revoke-device <deviceId>
  npm run server:admin -- list-devices [--hall <HALLCODE>]
  npm run server:admin -- publish-catalogue <file.json>
  npm run server:admin -- publish-calendar <file.json>     (one year, like resources/calendar/cn-2026.json)
  npm run server:admin -- add-staff --hall <HALLCODE> --name <姓名> --role clerk|lead|admin (--pin <6 digits> | --password <8+ chars>)
  npm run server:admin -- set-staff-secret <staffId> (--pin <6 digits> | --password <8+ chars>)
  npm run server:admin -- disable-staff <staffId>  |  enable-staff <staffId>
  npm run server:admin -- list-staff [--hall <HALLCODE>]
      (staff reach the hall's workstations at their next sync; only a PBKDF2 hash of the PIN/password is kept)
  npm run server:admin -- return-case --hall <HALLCODE> --case <caseId> --department <部门> (--result <办理结果> | --sent-back <退回原因>)
      (部门退回/办结回传 of a forwarded case; the hall's workstations get it at their next sync)

Database: DATABASE_URL (PostgreSQL) or YIZHAN_DATA_DIR (embedded; while the server runs on it, the command runs
inside the server, over its admin channel).`;

export type CliIo = {
  env: Record<string, string | undefined>;
  out: (line: string) => void;
  err: (line: string) => void;
  now: () => number;
  /** Defaults to opening the configured database; tests pass a shared one. */
  openDb?: (config: DbConfig) => Promise<Db>;
  /** Reads a file named on the command line; defaults to fs (the admin channel resolves against the CLI's cwd). */
  readFile?: (path: string) => Promise<string>;
};

/** Runs one admin command; returns the process exit code. */
export async function runCli(argv: string[], io: CliIo): Promise<number> {
  const [command, ...rest] = argv;
  if (command === undefined || command === 'help' || command === '--help') {
    io.out(USAGE);
    return command === undefined ? 1 : 0;
  }
  let args: ReturnType<typeof parse>;
  try {
    args = parse(rest);
  } catch (err) {
    io.err((err as Error).message);
    return 2;
  }
  const needs = (n: number) => {
    if (args.positionals.length !== n) throw new UsageError(`${command} takes ${n} argument(s)`);
  };
  let db: Db | null = null;
  const open = async () => (db = await (io.openDb ?? openDb)({ databaseUrl: io.env.DATABASE_URL, dataDir: io.env.YIZHAN_DATA_DIR }));
  try {
    switch (command) {
      case 'enroll-code': {
        needs(0);
        if (!args.values.hall) throw new UsageError('--hall is required');
        const validHours = args.values['valid-hours'] === undefined ? undefined : Number(args.values['valid-hours']);
        const { code, expiresAt } = await createEnrollCode(await open(), {
          hallCode: args.values.hall,
          workstationCode: args.values.workstation,
          validHours,
          nowMs: io.now(),
        });
        io.out(`enrolment code: ${code}`);
        io.out(`hall ${args.values.hall}${args.values.workstation ? ` workstation ${args.values.workstation}` : ''}, one use, valid until ${expiresAt.toISOString()}`);
        return 0;
      }
      case 'revoke-device': {
        needs(1);
        const deviceId = args.positionals[0] as string;
        if (!/^[0-9a-f-]{36}$/i.test(deviceId)) throw new UsageError('not a device id');
        const found = await revokeDevice(await open(), deviceId.toLowerCase(), io.now());
        if (!found) {
          io.err(`no device ${deviceId}`);
          return 1;
        }
        io.out(`device ${deviceId} revoked`);
        return 0;
      }
      case 'list-devices': {
        needs(0);
        for (const d of await listDevices(await open(), args.values.hall)) {
          const state = d.revokedAt ? 'revoked' : d.expiresAt.getTime() <= io.now() ? 'expired' : 'active';
          io.out(`${d.deviceId}  ${d.hallCode}  ${d.workstationCode ?? '-'}  ${state}  acked=${d.ackedSeq}  ${d.deviceName ?? ''}`);
        }
        return 0;
      }
      case 'publish-catalogue':
      case 'publish-calendar': {
        needs(1);
        const kind: PublicationKind = command === 'publish-catalogue' ? 'catalogue' : 'calendar';
        let document: unknown;
        try {
          document = JSON.parse(await (io.readFile ?? ((p) => readFile(p, 'utf8')))(args.positionals[0] as string));
        } catch (err) {
          io.err(`cannot read ${args.positionals[0]}: ${(err as Error).message}`);
          return 1;
        }
        const result = await publish(await open(), kind, document, io.now());
        io.out(
          result.unchanged
            ? `${kind} ${result.version} was already published; nothing changed`
            : `${kind} ${result.version} published to ${result.halls} hall(s)`,
        );
        return 0;
      }
      case 'add-staff': {
        needs(0);
        const { hall, name, role } = args.values;
        if (!hall || !name || !role) throw new UsageError('--hall, --name and --role are required');
        const staff = await addStaff(await open(), { hallCode: hall, name, role, secret: secretOf(args.values) }, io.now());
        io.out(`staff ${staff.id} added: ${staff.hallCode} ${staff.name} ${staff.role} (${staff.credential.kind})`);
        return 0;
      }
      case 'set-staff-secret':
      case 'disable-staff':
      case 'enable-staff': {
        needs(1);
        const staffId = (args.positionals[0] as string).toLowerCase();
        if (!/^[0-9a-f-]{36}$/.test(staffId)) throw new UsageError('not a staff id');
        const change = command === 'set-staff-secret' ? { secret: secretOf(args.values) } : { active: command === 'enable-staff' };
        const staff = await updateStaff(await open(), staffId, change, io.now());
        io.out(`staff ${staff.id} ${staff.name}: ${command === 'set-staff-secret' ? `new ${staff.credential.kind} set` : staff.active ? 'enabled' : 'disabled'}`);
        return 0;
      }
      case 'list-staff': {
        needs(0);
        for (const s of await listStaff(await open(), args.values.hall)) {
          io.out(`${s.id}  ${s.hallCode}  ${s.name}  ${s.role}  ${s.credential.kind}  ${s.active ? 'active' : 'disabled'}`);
        }
        return 0;
      }
      case 'return-case': {
        needs(0);
        const { hall, department } = args.values;
        const caseId = args.values.case;
        if (!hall || !caseId || !department) throw new UsageError('--hall, --case and --department are required');
        if ((args.values.result === undefined) === (args.values['sent-back'] === undefined)) throw new UsageError('give exactly one of --result or --sent-back');
        const outcome = args.values.result !== undefined ? 'result' : 'sent-back';
        const note = args.values.result ?? args.values['sent-back'];
        const done = await returnCase(await open(), { hallCode: hall, caseId: caseId.toLowerCase(), department, outcome, note }, io.now());
        io.out(`case ${done.caseNumber} returned by ${done.event.payload.department} (${outcome}): event ${done.event.id}, change ${done.changeSeq} of hall ${hall}`);
        return 0;
      }
      default:
        throw new UsageError(`unknown command ${command}`);
    }
  } catch (err) {
    if (err instanceof UsageError) {
      io.err(`${err.message}\n\n${USAGE}`);
      return 2;
    }
    if (err instanceof PublishError || err instanceof StaffAdminError || err instanceof ReturnCaseError) {
      io.err(err.message);
      return 1;
    }
    io.err(err instanceof Error ? `${err.name}: ${err.message}` : String(err));
    return 1;
  } finally {
    if (db) await (db as Db).close();
  }
}

class UsageError extends Error {}

function parse(args: string[]) {
  return parseArgs({
    args,
    allowPositionals: true,
    options: {
      hall: { type: 'string' },
      workstation: { type: 'string' },
      'valid-hours': { type: 'string' },
      name: { type: 'string' },
      role: { type: 'string' },
      pin: { type: 'string' },
      password: { type: 'string' },
      case: { type: 'string' },
      department: { type: 'string' },
      result: { type: 'string' },
      'sent-back': { type: 'string' },
    },
  });
}

/** Exactly one of --pin / --password. */
function secretOf(values: { pin?: string; password?: string }): Secret {
  if ((values.pin === undefined) === (values.password === undefined)) throw new UsageError('give exactly one of --pin or --password');
  return values.pin !== undefined ? { kind: 'pin', value: values.pin } : { kind: 'password', value: values.password as string };
}

/**
 * The CLI's entry: runs `argv` against the embedded database itself when no live process holds it (a killed
 * server's lock is taken over), else has the running server run it over its admin channel (admin-socket/),
 * waiting up to `waitMs` for a server that is still starting or another CLI command that is finishing. With
 * DATABASE_URL it always connects itself: PostgreSQL serves many processes.
 */
export async function runAdmin(argv: string[], io: CliIo & { cwd?: string; waitMs?: number }): Promise<number> {
  const help = argv.length === 0 || argv[0] === 'help' || argv[0] === '--help';
  if (io.env.DATABASE_URL || help) return runCli(argv, io);
  const dataDir = io.env.YIZHAN_DATA_DIR ?? DEFAULT_DATA_DIR;
  const until = Date.now() + (io.waitMs ?? 20_000);
  for (;;) {
    const holder = dataDirHolder(dataDir);
    if (holder === null) return runCli(argv, io);
    const channel = readChannelInfo(dataDir);
    if (channel?.pid === holder) {
      try {
        return await sendAdminCommand(channel, argv, { out: io.out, err: io.err, cwd: io.cwd ?? process.cwd() });
      } catch (err) {
        if (!(err instanceof ChannelUnavailableError)) {
          io.err((err as Error).message);
          return 1;
        }
      }
    }
    if (Date.now() >= until) {
      io.err(
        `无法执行管理命令：嵌入式数据库 ${dataDir} 正被进程 ${holder} 使用，但连不上它的管理通道。` +
          '请确认区级服务器已启动完毕并正常运行（npm run server / npm start），或停止该进程后重试。\n' +
          `Cannot run the admin command: the embedded database in ${dataDir} is in use by process ${holder}, and its ` +
          'admin channel does not answer. Check that the district server has finished starting and runs normally, ' +
          'or stop that process and try again.',
      );
      return 1;
    }
    await new Promise((r) => setTimeout(r, 250));
  }
}

// Run as a program (`npm run server:admin`, i.e. tsx server/cli.ts). The file-name test matters in the server
// bundle (scripts/build-server.mjs): there this module shares the bundle's import.meta.url, which then equals
// argv[1] too.
if (import.meta.url.endsWith('/cli.ts') && import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  process.exitCode = await runAdmin(process.argv.slice(2), {
    env: process.env,
    out: (line) => console.log(line),
    err: (line) => console.error(line),
    now: Date.now,
  });
}
