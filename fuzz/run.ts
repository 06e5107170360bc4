/**
 * `npm run fuzz`: hostile frames and requests against the lab's six servers — the simulator's CTI
 * link in each dialect (json over WebSocket, AMI and CSTA XML over TCP), its HTTP control channel,
 * the HTTP Pega face (`adapter serve`), the harness's event service — each in its own process on
 * 127.0.0.1, with a well-behaved client alongside. Prints a report per server, writes report.json,
 * report.md and the servers' logs to --out, and with --record appends the figures to
 * bench/RESULTS.md.
 *
 *   npm run fuzz -- [--count 1000000] [--time-budget-ms 600000] [--seed N] [--only cti,control,face,events,ami,csta-xml] [--out reports/fuzz] [--record]
 */
import { spawn } from 'node:child_process';
import { appendFile, mkdir, rm, writeFile } from 'node:fs/promises';
import { cpus, loadavg, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { runCampaign, type ServerReport } from './campaign.ts';
import { TARGETS, type LoopStall, type TargetInfo, type TargetKind } from './secrets.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
/** How long a target may take to stop on SIGTERM (its servers close every connection within a second). */
const STOP_MS = 10_000;

export interface FuzzOptions {
  readonly count: number;
  readonly timeBudgetMs: number;
  readonly seed: number;
  readonly only: readonly TargetKind[];
  readonly out: string;
  /** Hostile connections per server, and items per pipelined batch. */
  readonly workers?: number;
  readonly batch?: number;
  /** Run the socket-level classes too (default true). */
  readonly onceOff?: boolean;
}

/** Starts one target process and resolves once it says where it listens. */
async function startTarget(
  kind: TargetKind,
  logFile: string,
): Promise<{
  info: TargetInfo;
  pid: number;
  died: Promise<string>;
  memory: () => NodeJS.MemoryUsage | null;
  stall: () => LoopStall;
  collected: () => Promise<NodeJS.MemoryUsage>;
  stop: () => Promise<string | null>;
}> {
  // --expose-gc only lets the campaign ask for a full GC before it reads what is retained. Node flags
  // for the target alone (`--cpu-prof --cpu-prof-dir=…` to profile a server under fuzz) come from
  // FUZZ_TARGET_NODE_ARGS: NODE_OPTIONS would reach the harness too, and refuses --cpu-prof.
  const flags = (process.env['FUZZ_TARGET_NODE_ARGS'] ?? '').split(' ').filter((f) => f !== '');
  const child = spawn(process.execPath, ['--expose-gc', ...flags, '--import', 'tsx', join(ROOT, 'fuzz/target.ts'), kind, logFile], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  });
  const { stdout, stderr: errors } = child;
  if (stdout === null || errors === null) throw new Error(`the ${kind} target has no stdout or stderr`);
  let memory: NodeJS.MemoryUsage | null = null;
  let stall: LoopStall = { ms: 0, cpuMs: 0 };
  const afterGc: ((m: NodeJS.MemoryUsage) => void)[] = [];
  child.on('message', (m: unknown) => {
    if (typeof m !== 'object' || m === null) return;
    if ('memory' in m) memory = m.memory as NodeJS.MemoryUsage;
    if ('stall' in m && (m.stall as LoopStall).ms > stall.ms) stall = m.stall as LoopStall;
    if ('collected' in m) afterGc.shift()?.(m.collected as NodeJS.MemoryUsage);
  });
  let stopping = false;
  let stderr = '';
  errors.on('data', (c: Buffer) => (stderr = (stderr + c.toString('utf8')).slice(-2000)));
  const exited = new Promise<string>((done) => child.once('exit', (code, signal) => done(`exit ${code ?? signal ?? '?'}: ${stderr.trim().slice(-500)}`)));
  const died = exited.then((why) => (stopping ? new Promise<string>(() => undefined) : why));
  const line = await new Promise<string>((done, fail) => {
    createInterface({ input: stdout }).once('line', done);
    void exited.then((why) => fail(new Error(`the ${kind} target did not start: ${why}`)));
  });
  return {
    info: JSON.parse(line) as TargetInfo,
    pid: child.pid ?? 0,
    died,
    memory: () => memory,
    /** The longest stall reported since the last call. */
    stall: () => {
      const longest = stall;
      stall = { ms: 0, cpuMs: 0 };
      return longest;
    },
    collected: () =>
      new Promise((resolve) => {
        afterGc.push(resolve);
        child.send('gc');
      }),
    /** SIGTERM; a target that has not exited within STOP_MS is killed, and that is returned as a finding. */
    async stop() {
      stopping = true;
      child.kill('SIGTERM');
      let timer: NodeJS.Timeout | undefined;
      const late = new Promise<string>((resolve) => (timer = setTimeout(() => resolve('late'), STOP_MS)));
      const outcome = await Promise.race([exited.then(() => 'exited'), late]);
      clearTimeout(timer);
      if (outcome === 'exited') return null;
      child.kill('SIGKILL');
      await exited;
      return `the server did not exit within ${STOP_MS / 1000} s of SIGTERM; killed`;
    },
  };
}

export async function runFuzz(options: FuzzOptions): Promise<ServerReport[]> {
  await rm(options.out, { recursive: true, force: true });
  await mkdir(options.out, { recursive: true });
  const reports: ServerReport[] = [];
  for (const kind of options.only) {
    const target = await startTarget(kind, join(options.out, `${kind}.log`));
    try {
      reports.push(
        await runCampaign({
          target: target.info,
          pid: target.pid,
          count: options.count,
          timeBudgetMs: options.timeBudgetMs,
          // A labelled sub-seed per server: adding a server does not shift the others' inputs.
          seed: options.seed + (TARGETS.indexOf(kind) + 1) * 100_000_007,
          workers: options.workers ?? 4,
          batch: options.batch ?? 100,
          died: target.died,
          memory: target.memory,
          stall: target.stall,
          collected: target.collected,
          ...(options.onceOff === undefined ? {} : { onceOff: options.onceOff }),
        }),
      );
    } finally {
      const finding = await target.stop();
      const report = reports.at(-1);
      if (finding !== null && report?.server === kind) report.onceOff.push(finding);
    }
  }
  await writeFile(join(options.out, 'report.json'), `${JSON.stringify({ seed: options.seed, count: options.count, reports }, null, 2)}\n`);
  await writeFile(join(options.out, 'report.md'), table(reports));
  return reports;
}

const pct = (part: number, whole: number): string => (whole === 0 ? 'n/a' : `${((100 * part) / whole).toFixed(3)}%`);

/** The clear-error rate: clear errors among answers that refused something. */
export function clearRate(r: ServerReport): number {
  const refused = r.clear + r.unclear;
  return refused === 0 ? 1 : r.clear / refused;
}

function memoryLine(r: ServerReport): string {
  const { idleMemory: idle, peakMemory: peak } = r;
  if (idle === null || peak === null) return 'not reported';
  const split = (['rss', 'heapTotal', 'heapUsed', 'external', 'arrayBuffers'] as const).map((k) => `${k} ${idle[k]} → ${peak[k]}`).join(', ');
  const kept = r.retained === null ? '' : `; heapUsed after a full GC, before → after the run: ${r.retained.before} → ${r.retained.after}`;
  return `${split}${kept}`;
}

export function table(reports: readonly ServerReport[]): string {
  const rows = reports.map((r) =>
    [
      r.server,
      r.sent.toLocaleString('en'),
      `${(r.durationMs / 1000).toFixed(1)} s`,
      r.crashes,
      `${r.hangs} (max ${r.maxHealthMs} ms of ${r.healthChecks})`,
      `${r.peakRssMb} MB / ${r.idleRssMb} MB = ${(r.peakRssMb / Math.max(1, r.idleRssMb)).toFixed(2)}`,
      `${r.wellBehavedFailed} of ${r.wellBehavedOk + r.wellBehavedFailed}`,
      `${pct(r.clear, r.clear + r.unclear)} (${r.unclear} unclear, ${r.accepted} accepted, ${r.closedWithoutAnswer} closed${r.refusedConnections > 0 ? `, ${r.refusedConnections} worker connections refused at login` : ''})`,
    ].join(' | '),
  );
  const notes = reports.flatMap((r) => [
    ...r.onceOff.map((o) => `- ${r.server}: ${o}`),
    ...r.unclearSamples.map((s) => `- ${r.server} unclear: ${JSON.stringify(s)}`),
    `- ${r.server} memory in MB, idle → peak (during ${r.peakDuring || 'nothing'}): ${memoryLine(r)}`,
    ...(r.longestStall === null
      ? []
      : [
          `- ${r.server} event loop: longest stall during the hostile run ${r.longestStall.ms} ms (while ${r.longestStall.during} ran), the process running ${r.longestStall.cpuMs} ms of CPU meanwhile (${r.longestStall.cpuMs >= r.longestStall.ms / 2 ? 'its own work' : 'mostly waiting for a core: the machine'})`,
        ]),
    ...r.wellBehavedFailures.slice(0, 10).map((f) => `- ${r.server} well-behaved failure at ${f.at}: ${f.request} → ${f.outcome} (running: ${f.hostile})`),
  ]);
  return [
    '| server | hostile sent | time | crashes | hangs (>2 s) | peak RSS / idle RSS | well-behaved failures | clear-error rate |',
    '|---|---|---|---|---|---|---|---|',
    ...rows.map((row) => `| ${row} |`),
    '',
    ...notes,
    '',
  ].join('\n');
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      count: { type: 'string' },
      'time-budget-ms': { type: 'string' },
      seed: { type: 'string' },
      only: { type: 'string' },
      out: { type: 'string' },
      record: { type: 'boolean' },
      workers: { type: 'string' },
    },
    strict: true,
  });
  const only = (values.only?.split(',') ?? [...TARGETS]) as TargetKind[];
  const unknown = only.filter((k) => !TARGETS.includes(k));
  if (unknown.length > 0) throw new Error(`--only ${unknown.join(',')}: expected some of ${TARGETS.join(', ')}`);
  const seed = values.seed === undefined ? Math.floor(Math.random() * 2 ** 31) : Number(values.seed);
  const options: FuzzOptions = {
    count: Number(values.count ?? 1_000_000),
    timeBudgetMs: Number(values['time-budget-ms'] ?? 600_000),
    seed,
    only,
    out: resolve(values.out ?? 'reports/fuzz'),
    ...(values.workers === undefined ? {} : { workers: Number(values.workers) }),
  };
  const load = loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');
  process.stdout.write(
    `fuzz: seed ${seed} (replay: npm run fuzz -- --seed ${seed}), up to ${options.count} per server in ${options.timeBudgetMs} ms each, loopback only\n`,
  );
  const reports = await runFuzz(options);
  const text = table(reports);
  process.stdout.write(`${text}\nreports and logs: ${options.out}\n`);
  if (values.record === true) {
    const command = ['npm run fuzz', ...(process.argv.length > 2 ? ['--', ...process.argv.slice(2)] : [])].join(' ');
    const machine = `${cpus()[0]?.model.split(' ').slice(0, 2).join(' ') ?? '?'}, ${cpus().length} cores, ${(totalmem() / 2 ** 30).toFixed(1)} GiB RAM, Node ${process.version}`;
    await appendFile(
      join(ROOT, 'bench/RESULTS.md'),
      `\n### ${new Date().toISOString()} — fuzz (hostile input)\n\n- machine: ${machine}\n- load average before the run: ${load}\n- command: \`${command}\` (seed ${seed})\n\n${text}`,
    );
  }
  const bad = reports.some((r) => r.crashes > 0 || r.hangs > 0 || r.wellBehavedFailed > 0 || clearRate(r) < 1);
  return bad ? 1 : 0;
}

if (import.meta.url === `file://${process.argv[1]}`) process.exitCode = await main();
