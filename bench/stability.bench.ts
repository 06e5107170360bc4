/**
 * Stability on a busy machine (issue 12, decisions 0022 and 0023): the reference adapter certified
 * in full and agent-state telephony and the Python example in simple telephony, RUNS times each,
 * while six busy-loop processes compete for the cores. Figure: conformant runs / runs under that
 * load (target 1.0); baseline: the same, one run each, without the busy loops, measured beside it.
 * `SWITCHBOARD_STABILITY_RUNS` sets RUNS (default 10).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { cp, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { run } from './certify.bench.ts';
import type { Benchmark } from './support/bench.ts';

const CONFIGS = [
  { name: 'reference full', args: ['--adapter', 'reference', '--mode', 'full'] },
  { name: 'reference agent-state', args: ['--adapter', 'reference', '--mode', 'agent-state'] },
  { name: 'python simple', args: ['--adapter', 'cmd:python3 examples/python-adapter/adapter.py', '--mode', 'simple'] },
] as const;
const BUSY_LOOPS = 6;
/** Where a failed run's report folder is kept (its certificate, counterexample and traces are the evidence). */
const KEPT = fileURLToPath(new URL('../reports/stability-failures/', import.meta.url));

function runsPerConfig(): number {
  const given = process.env['SWITCHBOARD_STABILITY_RUNS'];
  const n = given === undefined ? 10 : Number(given);
  if (!Number.isInteger(n) || n < 1) throw new Error(`SWITCHBOARD_STABILITY_RUNS=${given}: expected a whole number from 1`);
  return n;
}

/**
 * Certifies each configuration `times` times; conformant runs, and what failed, per configuration.
 * `label` names the phase (quiet, busy) so that no run's folder overwrites another's; a failed
 * run's folder is kept under reports/stability-failures/ and named in the note.
 */
async function certifyAll(
  dir: string,
  label: string,
  times: number,
  log: (line: string) => void,
): Promise<{ conformant: number; runs: number; notes: string[] }> {
  let conformant = 0;
  let runs = 0;
  const notes: string[] = [];
  for (const config of CONFIGS) {
    let passed = 0;
    const failed: string[] = [];
    for (let i = 0; i < times; i++) {
      const name = `${label}-${config.name.replace(/ /g, '-')}-${i}`;
      const out = join(dir, name);
      const certified = await run(['bin/switchboard.mjs', 'certify', ...config.args, '--out', out]);
      if (certified.code === 0) passed++;
      else {
        const kept = join(KEPT, name);
        await rm(kept, { recursive: true, force: true });
        await cp(out, kept, { recursive: true });
        failed.push(`${await failuresIn(out)}, exit ${certified.code}, reports in ${kept}`);
      }
      log(
        `  ${label} ${config.name} ${i + 1}/${times}: ${certified.code === 0 ? 'conformant' : `exit ${certified.code}`} (${(certified.ms / 1000).toFixed(0)} s)`,
      );
    }
    conformant += passed;
    runs += times;
    notes.push(`${config.name} ${passed}/${times}${failed.length === 0 ? '' : ` (${failed.join('; ')})`}`);
  }
  return { conformant, runs, notes };
}

async function failuresIn(out: string): Promise<string> {
  try {
    const certificate = JSON.parse(await readFile(join(out, 'certificate.json'), 'utf8')) as {
      properties: { id: string; status: string }[];
      failures: { scenario: string }[];
    };
    const ids = [...certificate.failures.map((f) => f.scenario), ...certificate.properties.filter((p) => p.status === 'failed').map((p) => p.id)];
    return ids.join(', ') || 'no certificate verdict';
  } catch {
    return 'no certificate';
  }
}

export const stability: Benchmark = {
  id: 'stability',
  title: `certify under ${BUSY_LOOPS} busy loops: reference full and agent-state, Python example simple`,
  unit: 'conformant runs / runs',
  baselineTitle: 'the same, one run each, without the busy loops',
  workPerUnit: 'a unit is one certify run, judged conformant or not; the baseline the same runs without the busy loops',
  target: '1.0 (every run conformant)',
  rounds: 1,
  ratio: (figure, baseline) => (baseline === 0 ? 0 : figure / baseline),
  meets: (m) => m.figure === 1 && m.baseline === 1,
  async round({ log }) {
    const dir = await mkdtemp(join(tmpdir(), 'switchboard-bench-stability-'));
    try {
      const quiet = await certifyAll(dir, 'quiet', 1, log);
      const loops = Array.from({ length: BUSY_LOOPS }, () => spawn('/bin/sh', ['-c', 'while :; do :; done'], { stdio: 'ignore' }));
      log(`  ${BUSY_LOOPS} busy loops started (pids ${loops.map((l) => l.pid).join(', ')})`);
      let busy: Awaited<ReturnType<typeof certifyAll>>;
      try {
        busy = await certifyAll(dir, 'busy', runsPerConfig(), log);
      } finally {
        stopLoops(loops);
      }
      return {
        figure: busy.conformant / busy.runs,
        baseline: quiet.conformant / quiet.runs,
        correct: busy.conformant === busy.runs,
        note: `busy: ${busy.notes.join(', ')}; quiet: ${quiet.notes.join(', ')}`,
      };
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  },
};

/** Ends the busy loops this benchmark started, each by its own pid. */
function stopLoops(loops: readonly ChildProcess[]): void {
  for (const loop of loops) loop.kill('SIGKILL');
}
