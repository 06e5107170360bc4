/** Throughput with pino at info to a file, against the same run at level silent (the events pump). */
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import type { Benchmark } from './support/bench.ts';
import { startPump } from './support/cti-pump.ts';
import { IN_FLIGHT } from './events.bench.ts';

const ROUND_MS = 3000;

async function throughput(level: 'info' | 'silent', file: string): Promise<{ perSecond: number; lossless: boolean; bytes: number }> {
  const destination = pino.destination({ dest: file, sync: false });
  const logger = pino({ level }, destination);
  const pump = await startPump({ extensions: IN_FLIGHT, logger });
  try {
    await pump.throughput(500);
    const measured = await pump.throughput(ROUND_MS);
    return { perSecond: measured.perSecond, lossless: measured.lossless, bytes: 0 };
  } finally {
    await pump.close();
    destination.flushSync();
    destination.end();
  }
}

export const pinoBench: Benchmark = {
  id: 'pino',
  title: 'throughput with pino at info to a file',
  unit: 'events/s',
  baselineTitle: 'the same run at level silent',
  target: 'ratio ≥ 0.85',
  rounds: 5,
  ratio: (figure, baseline) => figure / baseline,
  meets: (m) => m.ratio >= 0.85,
  async round() {
    const dir = await mkdtemp(join(tmpdir(), 'switchboard-bench-pino-'));
    try {
      const file = join(dir, 'log.ndjson');
      const silent = await throughput('silent', join(dir, 'silent.ndjson'));
      const info = await throughput('info', file);
      const bytes = (await stat(file)).size;
      return { figure: info.perSecond, baseline: silent.perSecond, correct: info.lossless && silent.lossless, note: `${(bytes / 1024).toFixed(0)} KiB of log lines at info` };
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  },
};
