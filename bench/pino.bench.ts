/**
 * P6: throughput with pino at info to a file, logging what a deployment logs at info — a line per
 * call state change (the desktop side), per request (the adapter's AnswerCall, the simulator's
 * applied request), per link event (sessions, monitors) — against the same run at level silent.
 * The desktop answers every call (AnswerCall through the adapter), so every call carries a request.
 * The figure is notifications per CPU-second of the process: the wall rate, one request at a time,
 * swung both ways by 2–6× between levels on the shared machine (bench/README.md).
 */
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { logOptions } from '../src/platform/logging.ts';
import type { Benchmark } from './support/bench.ts';
import { startPump } from './support/cti-pump.ts';
import { IN_FLIGHT } from './events.bench.ts';

const ROUND_MS = 2000;

interface Measured {
  readonly perSecond: number;
  /** Notifications per second of this process's CPU time (all its threads: pino's writes included). */
  readonly perCpuSecond: number;
  readonly lossless: boolean;
  readonly calls: number;
}

async function throughput(level: 'info' | 'silent', file: string): Promise<Measured> {
  // The options the shipped servers log with (redaction, long fields cut), to a file as `switchboard load --log-file` writes one.
  const destination = pino.destination({ dest: file, sync: false });
  const logger = pino(logOptions(level), destination);
  const pump = await startPump({ extensions: IN_FLIGHT, logger, answerBy: 'desktop' });
  try {
    const warm = await pump.throughput(500);
    const cpu = process.cpuUsage();
    const measured = await pump.throughput(ROUND_MS);
    const { user, system } = process.cpuUsage(cpu);
    return {
      perSecond: measured.perSecond,
      perCpuSecond: measured.notifications / ((user + system) / 1e6),
      lossless: warm.lossless && measured.lossless,
      calls: warm.calls + measured.calls,
    };
  } finally {
    await pump.close();
    destination.flushSync();
    destination.end();
  }
}

/** Log lines in a file of newline-ended JSON lines. */
async function lines(file: string): Promise<number> {
  const text = await readFile(file, 'utf8');
  return text.split('\n').length - 1;
}

export const pinoBench: Benchmark = {
  id: 'pino',
  title: 'P6 throughput per CPU-second with pino at info to a file, realistic logging',
  unit: 'events/CPU-s',
  baselineTitle: 'the same run at level silent',
  workPerUnit:
    'a unit is one notification of a call answered by the desktop (AnswerCall): the same calls, requests and frames on both sides; at info each call also writes its JSON lines to a file (3 call state changes, the AnswerCall request at the adapter and at the simulator; lines a call in the note), silent writes none. Counted per second of the process CPU time (every thread, the writes of pino included), not of wall time: on a shared machine the wall rate of this request-bound loop measures the scheduler more than the logging',
  target: 'P6: ratio ≥ 0.85',
  rounds: 5,
  ratio: (figure, baseline) => figure / baseline,
  meets: (m) => m.ratio >= 0.85,
  async round() {
    const dir = await mkdtemp(join(tmpdir(), 'switchboard-bench-pino-'));
    try {
      // Each level runs twice, in the order silent, info, info, silent: neither side always gets the colder process or the quieter seconds.
      const silent1 = await throughput('silent', join(dir, 'silent-1.ndjson'));
      const info1 = await throughput('info', join(dir, 'info-1.ndjson'));
      const info2 = await throughput('info', join(dir, 'info-2.ndjson'));
      const silent2 = await throughput('silent', join(dir, 'silent-2.ndjson'));
      const bytes = (await stat(join(dir, 'info-1.ndjson'))).size;
      const written = await lines(join(dir, 'info-1.ndjson'));
      return {
        figure: (info1.perCpuSecond + info2.perCpuSecond) / 2,
        baseline: (silent1.perCpuSecond + silent2.perCpuSecond) / 2,
        correct: [silent1, info1, info2, silent2].every((r) => r.lossless),
        note: `wall: ${Math.round((info1.perSecond + info2.perSecond) / 2)}/s at info, ${Math.round((silent1.perSecond + silent2.perSecond) / 2)}/s silent; ${written} lines, ${(bytes / 2 ** 20).toFixed(1)} MiB at info for ${info1.calls} calls: ${(written / info1.calls).toFixed(1)} lines a call`,
      };
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  },
};
