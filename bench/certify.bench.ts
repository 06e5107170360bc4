/**
 * P4: whole certify (every certifiable mode, the reference adapter, the CLI's defaults: the
 * property run's 10 s time budget included), wall time, one process per mode, as many at once as
 * the machine has cores; baseline: the same number of no-op Cucumber scenarios through Cucumber's
 * runner with the same formatters, one process per mode, the same number at once.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Benchmark } from './support/bench.ts';

/** Longest first (the most scenarios): with fewer cores than modes, the shorter two then share a core while the longest runs. */
export const MODES = ['full', 'agent-state', 'simple'] as const;
const ROOT = fileURLToPath(new URL('../', import.meta.url));

/** Runs node with `args` in the project's folder: wall time and exit code. */
export function run(args: readonly string[]): Promise<{ ms: number; code: number }> {
  const started = performance.now();
  return new Promise((resolve) => {
    execFile(process.execPath, args, { cwd: ROOT, timeout: 10 * 60_000, maxBuffer: 16 << 20 }, (error) => {
      const code = error === null ? 0 : typeof error.code === 'number' ? error.code : 1;
      resolve({ ms: performance.now() - started, code });
    });
  });
}

/** Runs `job` on every item, at most `width` at once; the results in the items' order. */
async function pooled<T, R>(items: readonly T[], width: number, job: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = [];
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const i = next++;
      results[i] = await job(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(width, items.length) }, worker));
  return results;
}

/** Processes at once: one per core. */
const WIDTH = availableParallelism();

export const certify: Benchmark = {
  id: 'certify',
  title: `P4 whole certify, all modes (${MODES.join(', ')}), reference adapter`,
  unit: 's',
  baselineTitle: `the same number of no-op Cucumber scenarios, one process per mode, ${WIDTH} at once`,
  workPerUnit:
    'a unit is one second of wall time: every scenario of the mode (a lab, a simulator and desktops each) and the property run, with the formatters, against the same number of no-op scenarios through the same runner and formatters',
  target: 'P4: ≤ 30 s; ratio ≤ 10',
  rounds: 3,
  ratio: (figure, baseline) => figure / baseline,
  meets: (m) => m.figure <= 30 && m.ratio <= 10,
  async round() {
    const dir = await mkdtemp(join(tmpdir(), 'switchboard-bench-certify-'));
    try {
      const certifyStarted = performance.now();
      const certified = await pooled(MODES, WIDTH, async (mode) => {
        const out = join(dir, mode);
        const { ms, code } = await run(['bin/switchboard.mjs', 'certify', '--adapter', 'reference', '--mode', mode, '--out', out]);
        const certificate = JSON.parse(await readFile(join(out, 'certificate.json'), 'utf8')) as {
          scenarios: { total: number };
          propertyRun?: { sequences: number; durationMs: number } | null;
        };
        return { mode, ms, code, total: certificate.scenarios.total, properties: certificate.propertyRun ?? undefined };
      });
      const certifyMs = performance.now() - certifyStarted;
      const baselineStarted = performance.now();
      await pooled(certified, WIDTH, async ({ mode, total }) => {
        const noop = await run(['--import', 'tsx', fileURLToPath(new URL('./noop-cucumber.ts', import.meta.url)), join(dir, `noop-${mode}`), String(total)]);
        if (noop.code !== 0) throw new Error(`the no-op baseline failed for ${mode}`);
      });
      const baselineMs = performance.now() - baselineStarted;
      const counts = certified.map(
        (c) =>
          `${c.mode} ${c.total} (${(c.ms / 1000).toFixed(1)} s${c.properties === undefined ? '' : `, properties ${c.properties.sequences} in ${(c.properties.durationMs / 1000).toFixed(1)} s`})`,
      );
      return {
        figure: certifyMs / 1000,
        baseline: baselineMs / 1000,
        correct: certified.every((c) => c.code === 0),
        note: `${WIDTH} at once; scenarios: ${counts.join(', ')}`,
      };
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  },
};
