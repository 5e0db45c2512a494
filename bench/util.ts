/**
 * Small timing helpers shared by the benchmarks. A benchmark is a file
 * `bench/<name>.bench.ts` that runs on its own (`npx tsx bench/<name>.bench.ts`) and prints
 * a table; `npm run bench` runs them all. Benchmarks are not tests: they assert nothing
 * about time, they measure and print.
 */
import { performance } from 'node:perf_hooks';

export interface Measurement {
  readonly name: string;
  /** Operations per run. */
  readonly ops: number;
  /** Median wall time of one run in milliseconds. */
  readonly medianMs: number;
  /** Operations per second at the median. */
  readonly opsPerSec: number;
  /** Peak RSS growth observed during the runs, in MiB. */
  readonly peakRssMiB: number;
}

/** Runs `fn` `runs` times after `warmup` runs and returns the median. */
export function measure(name: string, ops: number, fn: () => void, opts: { runs?: number; warmup?: number } = {}): Measurement {
  const runs = opts.runs ?? 5;
  const warmup = opts.warmup ?? 1;
  for (let i = 0; i < warmup; i++) fn();
  if (global.gc) global.gc();
  const baseRss = process.memoryUsage().rss;
  let peak = baseRss;
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    fn();
    times.push(performance.now() - t0);
    peak = Math.max(peak, process.memoryUsage().rss);
  }
  times.sort((a, b) => a - b);
  const medianMs = times[Math.floor(times.length / 2)];
  return { name, ops, medianMs, opsPerSec: (ops / medianMs) * 1000, peakRssMiB: (peak - baseRss) / (1024 * 1024) };
}

/** Prints a header naming the machine facts that matter for the numbers. */
export function header(title: string): void {
  const cpus = require('node:os').cpus();
  console.log(`\n## ${title}`);
  console.log(`node ${process.version}, ${cpus.length} × ${cpus[0]?.model ?? 'cpu'}, ${process.platform}/${process.arch}`);
}

/** Prints measurements as a table, with ratios against the first (or the named) baseline. */
export function table(rows: readonly Measurement[], baseline?: string): void {
  const base = rows.find((r) => r.name === baseline) ?? rows[0];
  console.log('| case | ops | median ms | ops/s | × baseline time | peak RSS Δ MiB |');
  console.log('| --- | ---: | ---: | ---: | ---: | ---: |');
  for (const r of rows) {
    console.log(`| ${r.name} | ${r.ops} | ${r.medianMs.toFixed(1)} | ${Math.round(r.opsPerSec).toLocaleString('en-US')} | ${(r.medianMs / base.medianMs).toFixed(2)} | ${r.peakRssMiB.toFixed(1)} |`);
  }
}
