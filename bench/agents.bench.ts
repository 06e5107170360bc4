/**
 * Logged-in simulated agents in one simulator process, RSS per agent; baseline: RSS per idle
 * loopback TCP connection pair. Each side runs in a child process of its own (clean RSS, --expose-gc).
 */
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { Benchmark } from './support/bench.ts';

export const AGENTS = 20_000;
/** Enough pairs for a stable per-pair figure, well inside the file-descriptor limit. */
const PAIRS = 5_000;
const CHILD = fileURLToPath(new URL('./agents-child.ts', import.meta.url));
const ROOT = fileURLToPath(new URL('../', import.meta.url));

interface ChildResult {
  readonly count: number;
  readonly perItem: number;
  readonly ms: number;
}

function child(what: 'agents' | 'tcp', count: number): Promise<ChildResult> {
  return new Promise((resolve, reject) => {
    execFile(process.execPath, ['--expose-gc', '--import', 'tsx', CHILD, what, String(count)], { cwd: ROOT, timeout: 30 * 60_000, maxBuffer: 1 << 20 }, (error, stdout, stderr) => {
      if (error !== null) return reject(new Error(`${what} child failed: ${error.message}\n${stderr}`));
      resolve(JSON.parse(stdout.trim().split('\n').at(-1) ?? '{}') as ChildResult);
    });
  });
}

export const agents: Benchmark = {
  id: 'agents',
  title: `logged-in simulated agents in one simulator process (${AGENTS.toLocaleString('en')}), RSS per agent`,
  unit: 'KB/agent',
  baselineTitle: `RSS per idle loopback TCP connection pair (${PAIRS.toLocaleString('en')} pairs)`,
  target: `≥ ${AGENTS.toLocaleString('en')} agents; ≤ 16 KB each`,
  rounds: 1,
  ratio: (figure, baseline) => figure / baseline,
  meets: (m) => m.figure <= 16,
  async round() {
    const logged = await child('agents', AGENTS);
    const pairs = await child('tcp', PAIRS);
    return {
      figure: logged.perItem / 1024,
      baseline: pairs.perItem / 1024,
      correct: logged.count === AGENTS,
      note: `logging ${AGENTS} agents in took ${(logged.ms / 1000).toFixed(1)} s; ${PAIRS} pairs took ${(pairs.ms / 1000).toFixed(1)} s`,
    };
  },
};
