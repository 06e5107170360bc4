/**
 * Whole certify (every certifiable mode, the reference adapter), wall time; baseline: the same
 * number of no-op Cucumber scenarios through Cucumber's runner with the same formatters, one
 * process per mode as certify runs.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Benchmark } from './support/bench.ts';

export const MODES = ['simple', 'agent-state', 'full'] as const;
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

export const certify: Benchmark = {
  id: 'certify',
  title: `P4 whole certify, all modes (${MODES.join(', ')}), reference adapter`,
  unit: 's',
  baselineTitle: 'the same number of no-op Cucumber scenarios, one process per mode',
  workPerUnit: 'a unit is one second of wall time: every scenario of the mode (a lab, a simulator and desktops each) and the property run, with the formatters, against the same number of no-op scenarios through the same runner and formatters',
  target: 'P4: ≤ 30 s; ratio ≤ 10',
  rounds: 3,
  ratio: (figure, baseline) => figure / baseline,
  meets: (m) => m.figure <= 30 && m.ratio <= 10,
  async round() {
    const dir = await mkdtemp(join(tmpdir(), 'switchboard-bench-certify-'));
    try {
      let certifyMs = 0;
      let baselineMs = 0;
      let conformant = true;
      const counts: string[] = [];
      for (const mode of MODES) {
        const out = join(dir, mode);
        const certified = await run(['bin/switchboard.mjs', 'certify', '--adapter', 'reference', '--mode', mode, '--out', out]);
        certifyMs += certified.ms;
        conformant &&= certified.code === 0;
        const certificate = JSON.parse(await readFile(join(out, 'certificate.json'), 'utf8')) as { scenarios: { total: number } };
        const total = certificate.scenarios.total;
        counts.push(`${mode} ${total} (${(certified.ms / 1000).toFixed(1)} s)`);
        const noop = await run(['--import', 'tsx', fileURLToPath(new URL('./noop-cucumber.ts', import.meta.url)), join(dir, `noop-${mode}`), String(total)]);
        if (noop.code !== 0) throw new Error(`the no-op baseline failed for ${mode}`);
        baselineMs += noop.ms;
      }
      return { figure: certifyMs / 1000, baseline: baselineMs / 1000, correct: conformant, note: `scenarios: ${counts.join(', ')}` };
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  },
};
