import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FaultProxy } from '../fault-proxy';
import { DistrictServer } from './district-server';
import { buildHarness } from './harness-build';

/**
 * One hall for a cross-process sync suite: a real district server (child process, fresh PGlite data dir) behind a
 * pass-through proxy that also serves the workstation harness page, and `workstations` enrolment codes for hall
 * GL0301. `stop` closes all of it and removes the data dir.
 */
export type HallUnderTest = { server: DistrictServer; proxy: FaultProxy; origin: string; codes: string[]; stop: () => Promise<void> };

export async function startHall(dataDirPrefix: string, workstations: number): Promise<HallUnderTest> {
  const harness = await buildHarness();
  const dataDir = mkdtempSync(join(tmpdir(), dataDirPrefix));
  const server = await DistrictServer.start({ YIZHAN_DATA_DIR: dataDir });
  const codes = await server.enrollCodes('GL0301', workstations);
  const proxy = new FaultProxy({ upstreamPort: () => server.port, staticDir: harness });
  const origin = `http://127.0.0.1:${await proxy.start()}`;
  return {
    server,
    proxy,
    origin,
    codes,
    stop: async () => {
      await proxy.close();
      await server.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
