// Preloaded (`node --import`) into the district server process that `npm run bench:server` measures, so that the
// bench reads the server's own figures: V8's heap, memory outside it (`external`, which holds PGlite's WASM
// memory; `arrayBuffers`, Buffers), the kernel's RSS and its high-water mark, and the time the main thread spent
// paused in garbage collection. Answers over the IPC channel the bench opens; does nothing else.
import { readFileSync, writeFileSync } from 'node:fs';
import { PerformanceObserver } from 'node:perf_hooks';

const statusKiB = (field) => Number(new RegExp(`${field}:\\s+(\\d+) kB`).exec(readFileSync('/proc/self/status', 'utf8'))?.[1] ?? 0);

// Time the main thread spent paused in garbage collection, in total (ms): what a smaller heap costs.
let gcMs = 0;
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) gcMs += entry.duration;
}).observe({ entryTypes: ['gc'] });

if (process.send) {
  process.on('message', (message) => {
    // Resets VmHWM to the current RSS, so that a later peak is the push's own, not start-up's.
    if (message === 'reset-peak') writeFileSync('/proc/self/clear_refs', '5');
    const { rss, heapTotal, heapUsed, external, arrayBuffers } = process.memoryUsage();
    process.send({ rss, hwm: statusKiB('VmHWM') * 1024, heapTotal, heapUsed, external, arrayBuffers, gcMs });
  });
  // The channel must not keep the server alive once it closes.
  process.channel?.unref();
}
