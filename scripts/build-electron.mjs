// Bundles the Electron main process and preload into dist/electron (package.json "main" points at main.cjs).
// The preload runs under `sandbox: true`, where `require` knows only `electron` and a few Node built-ins, so
// it must be one self-contained CommonJS file; the build fails if it would require anything else.
import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));

const common = {
  absWorkingDir: root,
  bundle: true,
  format: 'cjs',
  // The repo root tsconfig.json is only a list of project references; the `@shared/*` paths live here.
  tsconfig: 'tsconfig.base.json',
  external: ['electron'],
  sourcemap: 'linked',
  metafile: true,
  logLevel: 'warning',
  legalComments: 'none',
};

const [main, preload] = await Promise.all([
  build({
    ...common,
    entryPoints: { main: 'electron/main/index.ts' },
    outdir: 'dist/electron',
    outExtension: { '.js': '.cjs' },
    platform: 'node',
    // Conservative targets, at or below the Node and Chromium that Electron 41 ships.
    target: 'node22',
  }),
  build({
    ...common,
    entryPoints: { preload: 'electron/preload/index.ts' },
    outdir: 'dist/electron',
    outExtension: { '.js': '.cjs' },
    platform: 'browser',
    target: 'chrome130',
  }),
]);

const preloadRequires = requiredModules(preload.metafile);
const stray = preloadRequires.filter((name) => name !== 'electron');
if (stray.length > 0) {
  console.error(`[build-electron] the sandboxed preload would require ${stray.join(', ')}; only 'electron' is allowed`);
  process.exit(1);
}
const bundledPackages = Object.keys(preload.metafile.inputs).filter((p) => p.includes('node_modules/'));
if (bundledPackages.length > 0) {
  // Not fatal for the sandbox, but the preload should carry channel names, not libraries (house-style (a)).
  console.error(`[build-electron] the preload bundles npm packages: ${bundledPackages.slice(0, 5).join(', ')}`);
  process.exit(1);
}

for (const [label, result] of [['main', main], ['preload', preload]]) {
  for (const [file, out] of Object.entries(result.metafile.outputs)) {
    if (file.endsWith('.cjs')) console.log(`[build-electron] ${label}: ${file} (${(out.bytes / 1024).toFixed(1)} KiB)`);
  }
}

/** Modules left for `require` at run time, from the esbuild metafile's external imports. */
function requiredModules(metafile) {
  const names = new Set();
  for (const output of Object.values(metafile.outputs)) {
    for (const imp of output.imports) if (imp.external) names.add(imp.path);
  }
  return [...names];
}
