/**
 * `switchboard load`: checks the flags, runs the load in process with live progress on the console,
 * writes the summary to the report folder, and says whether every notification and request was
 * accounted for. Exit 0 correct, 1 lost / duplicated / invented notifications or requests without
 * their outcome, 2 a usage or setup error.
 */
import { isAbsolute, relative, resolve } from 'node:path';
import { fileLogger } from '../platform/logging.ts';
import type { Io } from './flags.ts';
import { UsageError } from './usage.ts';
import { loadConfig, LoadConfigError, utilisation, type LoadConfig, type LoadFlags } from '../load/config.ts';
import { freshSeed } from '../load/random.ts';
import { writeLoadReports } from '../load/report.ts';
import { LoadSetupFailed, type Progress } from '../load/load-types.ts';
import { runLoad } from '../load/run.ts';

export async function runLoadCommand(flags: LoadFlags & { readonly 'log-file'?: string | undefined }, io: Io): Promise<number> {
  let config: LoadConfig;
  try {
    config = loadConfig(flags, (dir) => (isAbsolute(dir) ? dir : resolve(io.cwd, dir)), freshSeed);
  } catch (error) {
    if (error instanceof LoadConfigError) throw new UsageError(error.message);
    throw error;
  }
  const replay = replayCommand(config, io.cwd);
  io.stdout.write(
    `switchboard load: ${config.agents} agents in ${config.queues} queues, ${config.rate} calls/s for ${config.durationMs / 1000} s, adapter ${config.adapter} (${config.mode}), seed ${config.seed}\n`,
  );
  const load = utilisation(config);
  if (load >= 1)
    io.stdout.write(
      `  warning: the offered load per agent is ${load.toFixed(2)} (≥ 1): calls will queue faster than agents free up, and the drain will take long\n`,
    );
  const logger = flags['log-file'] === undefined ? undefined : fileLogger(resolve(io.cwd, flags['log-file']), 'info', { sync: false, mkdir: true });
  const tty = io.stdout.isTTY === true;
  let result;
  try {
    result = await runLoad(config, {
      cwd: io.cwd,
      onProgress: (p) => io.stdout.write(tty ? `\r\x1b[2K${progressLine(p)}` : `${progressLine(p)}\n`),
      ...(logger === undefined ? {} : { logger }),
    });
  } catch (error) {
    if (tty) io.stdout.write('\n');
    if (error instanceof LoadSetupFailed) {
      io.stderr.write(`switchboard: the load could not start: ${error.message}\n`);
      return 2;
    }
    throw error;
  } finally {
    logger?.flush();
  }
  if (tty) io.stdout.write('\n');
  const files = await writeLoadReports(result, replay);
  const d = result.counts.desktop;
  io.stdout.write(
    [
      `calls: ${result.counts.callsOffered} offered, ${result.counts.callsWaiting} waiting, ${result.counts.callsAnswered} answered, ${result.counts.callsCompleted} completed`,
      `screen pops: ${d.pops.expected} owed, ${d.pops.once} exactly once, ${d.pops.duplicated} more than once, ${d.pops.lost} lost, ${d.pops.unexpected} never owed`,
      `requests: ${d.requests.sent} sent, ${d.requests.withOneOutcome} with their one outcome, ${d.requests.pending} without`,
      `events: ${d.eventsDelivered} delivered, ${result.eventsPerSecond.mean.toFixed(0)}/s mean, latency p50 ${result.latencyMs.p50.toFixed(2)} ms, p99 ${result.latencyMs.p99.toFixed(2)} ms`,
      result.verdict.kind === 'correct'
        ? 'verdict: CORRECT — every notification exactly once, every request answered'
        : `verdict: INCORRECT\n${result.verdict.problems.map((p) => `  - ${p}`).join('\n')}`,
      `reports: ${files.map((f) => shown(io.cwd, f)).join(', ')}`,
      `replay: ${replay}`,
      '',
    ].join('\n'),
  );
  return result.verdict.kind === 'correct' ? 0 : 1;
}

export function progressLine(p: Progress): string {
  const seconds = String(Math.floor(p.elapsedMs / 1000)).padStart(4);
  const latency = p.latency.count === 0 ? 'latency –' : `latency p50 ${p.latency.p50.toFixed(2)} ms p99 ${p.latency.p99.toFixed(2)} ms`;
  return `${seconds}s ${p.phase.padEnd(7)} offered ${p.offered}/${p.planned}  answered ${p.answered}  waiting ${p.waiting}  events/s ${p.eventsPerSecond.toFixed(0)}  ${latency}  behind ${p.behind}  duplicates ${p.duplicates}`;
}

function replayCommand(config: LoadConfig, cwd: string): string {
  const out = shown(cwd, config.outDir);
  const words = [
    'npx switchboard load',
    `--agents ${config.agents}`,
    `--queues ${config.queues}`,
    `--rate ${config.rate}`,
    `--duration ${config.durationMs}ms`,
    `--hold-mean-ms ${config.holdMeanMs}`,
    `--hold-dist ${config.holdDistribution}`,
    `--acw-ms ${config.acwMeanMs}`,
    `--ring-ms ${config.ringMs}`,
    `--mode ${config.mode}`,
    ...(config.dialect === 'json' ? [] : [`--dialect ${config.dialect}`]),
    `--adapter ${shellWord(config.adapter)}`,
    `--seed ${config.seed}`,
    `--out ${shellWord(out)}`,
  ];
  return words.join(' ');
}

/** A path as the user would type it: relative under the working directory, absolute elsewhere. */
function shown(cwd: string, path: string): string {
  const rel = relative(cwd, path);
  return rel === '' ? '.' : rel.startsWith('..') || isAbsolute(rel) ? path : rel;
}

function shellWord(value: string): string {
  return /^[\w@%+=:,./-]+$/.test(value) ? value : `'${value.replace(/'/g, `'\\''`)}'`;
}
