// `npm start`: build, then run the product. With the Electron binary: the desktop app. Without it (as on
// machines that cannot reach Electron's download host): the local district server on its embedded
// database plus the same UI on localhost, opened in Chromium when there is a display.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { SERVER_ENTRY, SERVER_ENV, SERVER_NODE_FLAGS, buildServer } from './build-server.mjs';
import { ensureDeps } from './ensure-deps.mjs';
import { startStaticServer } from './serve-static.mjs';

ensureDeps();

const build = spawnSync('npm', ['run', '--silent', 'build:web'], { stdio: 'inherit' });
if (build.status !== 0) process.exit(build.status ?? 1);
if (existsSync('electron/main/index.ts')) {
  const b = spawnSync('npm', ['run', '--silent', 'build:electron'], { stdio: 'inherit' });
  if (b.status !== 0) process.exit(b.status ?? 1);
}
await buildServer();

const dataDir = process.env.YIZHAN_DATA_DIR ?? '.yizhan-data';
mkdirSync(dataDir, { recursive: true });
const children = [];
const stopAll = () => children.forEach((c) => c.kill('SIGTERM'));
process.on('SIGINT', () => { stopAll(); process.exit(130); });
process.on('SIGTERM', () => { stopAll(); process.exit(143); });

function electronBinary() {
  try {
    const path = createRequire(import.meta.url)('electron');
    return typeof path === 'string' && existsSync(path) ? path : null;
  } catch {
    return null;
  }
}

const serverPort = Number(process.env.YIZHAN_SERVER_PORT ?? 8730);
const serverDir = `${dataDir}/district-server`;
const demoFile = `${serverDir}/demo-enroll.json`;
const DEMO_HALL = process.env.YIZHAN_DEMO_HALL ?? 'DEMO01';
rmSync(demoFile, { force: true });
// The server bundle on plain Node, as `npm run server` runs it, without npm in between (one process less).
const server = spawn(process.execPath, [...SERVER_NODE_FLAGS, SERVER_ENTRY], {
  stdio: 'inherit',
  env: { ...process.env, ...SERVER_ENV, PORT: String(serverPort), YIZHAN_DATA_DIR: serverDir, YIZHAN_DEMO_HALL: DEMO_HALL, LOG_LEVEL: 'warn' },
});
children.push(server);
server.on('exit', (code) => {
  if (code) console.error(`[yizhan] the district server stopped (exit ${code})`);
});
const demo = await waitForDemoEnrolment(60_000);
const district = `http://127.0.0.1:${serverPort}`;
console.log(`[yizhan] 区级服务器 (district server, embedded PGlite in ${serverDir}): ${district}/api/v1/health`);
if (demo) console.log(`[yizhan] demo hall ${demo.hallCode}, one-time 登记码 (enrolment code): ${demo.code}`);
console.log(`[yizhan] 管理命令 (admin CLI) while this runs: YIZHAN_DATA_DIR=${serverDir} npm run server:admin -- help`);

async function waitForDemoEnrolment(timeoutMs) {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (existsSync(demoFile)) return JSON.parse(readFileSync(demoFile, 'utf8'));
    if (server.exitCode !== null) return null;
    await new Promise((r) => setTimeout(r, 250));
  }
  console.error('[yizhan] the district server did not come up within a minute; the app still works offline');
  return null;
}

const electron = electronBinary();
if (electron) {
  const app = spawn(electron, ['.'], { stdio: 'inherit', env: { ...process.env, YIZHAN_DISTRICT_URL: district } });
  children.push(app);
  app.on('exit', (code) => { stopAll(); process.exit(code ?? 0); });
} else {
  const uiPort = Number(process.env.YIZHAN_UI_PORT ?? 5180);
  await startStaticServer('dist/renderer', uiPort);
  // The demo's district server and enrolment code ride in the URL fragment, which never leaves the browser.
  const fragment = demo ? `#demo-district=${encodeURIComponent(district)}&demo-hall=${demo.hallCode}&demo-enroll=${encodeURIComponent(demo.code)}` : '';
  const url = `http://127.0.0.1:${uiPort}/${fragment}`;
  console.log('');
  console.log('[yizhan] Electron binary not installed: its download host is outside the npm registry.');
  console.log('[yizhan] The same UI runs in any Chromium-based browser instead:');
  console.log(`[yizhan]   ${url}`);
  console.log('[yizhan] (Printing uses the browser print dialog there; secure credential storage needs the desktop shell.)');
  const chromium = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'].find((p) => existsSync(p));
  if (chromium && (process.env.DISPLAY || process.env.WAYLAND_DISPLAY)) {
    const profile = `${dataDir}/chromium-profile`;
    const args = [`--app=${url}`, `--user-data-dir=${profile}`, '--no-first-run', '--disable-background-networking', '--disable-sync'];
    if (process.getuid?.() === 0) args.push('--no-sandbox');
    children.push(spawn(chromium, args, { stdio: 'ignore' }));
    console.log(`[yizhan] opened in ${chromium}`);
  } else {
    console.log('[yizhan] no display or no Chromium found: open the URL above yourself. Ctrl+C stops.');
  }
}
