/**
 * A load run's configuration: the flags of `switchboard load`, checked at the edge, and the plan
 * drawn from them — every call's arrival, queue, ring, holding and after-call-work time, decided up
 * front from the seed, so the same seed offers the same traffic whatever the timing of the run.
 */
import { DIALECT_NAMES, isDialectName, type DialectName } from '../../simulator/index.ts';
import { TELEPHONY_MODES, type TelephonyMode } from '../contract/index.ts';
import { below, exponential, lognormal, MAX_SEED, stream } from './random.ts';

export type HoldDistribution = 'exponential' | 'lognormal';

export interface LoadConfig {
  readonly agents: number;
  readonly queues: number;
  /** Mean call arrivals per second (Poisson). */
  readonly rate: number;
  readonly durationMs: number;
  readonly holdMeanMs: number;
  readonly holdDistribution: HoldDistribution;
  /** Mean after-call work (exponential); 0 = the agent is Ready again at once. */
  readonly acwMeanMs: number;
  /** How long a call rings before it is answered (fixed). */
  readonly ringMs: number;
  readonly seed: number;
  readonly adapter: string;
  readonly mode: TelephonyMode;
  /** The CTI link's dialect (`--dialect`). */
  readonly dialect: DialectName;
  readonly outDir: string;
  /** How long the run waits for stragglers: the switch idle, then the desktops to catch up. */
  readonly drainMs: number;
  /** Silence after the desktops caught up, in which a late duplicate would still be counted. */
  readonly quietMs: number;
}

/** Log-space spread of lognormal holding times (a long right tail, as real calls have). */
export const LOGNORMAL_SIGMA = 0.8;

export const LOAD_DEFAULTS = {
  agents: 50,
  rate: 5,
  durationMs: 30_000,
  holdMeanMs: 4_000,
  holdDistribution: 'exponential',
  acwMeanMs: 1_000,
  ringMs: 100,
  adapter: 'reference',
  mode: 'simple',
  out: 'reports',
  drainMs: 10_000,
  quietMs: 200,
} as const;

/** Limits that keep one run on one machine: a bad flag is refused, not attempted. */
export const LOAD_LIMITS = { agents: 50_000, queues: 1_000, rate: 10_000, durationMs: 3_600_000, timeMs: 3_600_000 } as const;

/** A bad flag; the CLI turns it into exit 2. */
export class LoadConfigError extends Error {
  override readonly name = 'LoadConfigError';
}

export interface LoadFlags {
  readonly agents?: string | undefined;
  readonly queues?: string | undefined;
  readonly rate?: string | undefined;
  readonly duration?: string | undefined;
  readonly 'hold-mean-ms'?: string | undefined;
  readonly 'hold-dist'?: string | undefined;
  readonly 'acw-ms'?: string | undefined;
  readonly 'ring-ms'?: string | undefined;
  readonly seed?: string | undefined;
  readonly adapter?: string | undefined;
  readonly mode?: string | undefined;
  readonly dialect?: string | undefined;
  readonly out?: string | undefined;
  readonly 'drain-ms'?: string | undefined;
  readonly 'quiet-ms'?: string | undefined;
}

/** Resolves the flags into a complete configuration; `freshSeed` is asked only when --seed is absent. */
export function loadConfig(flags: LoadFlags, resolveOut: (dir: string) => string, freshSeed: () => number): LoadConfig {
  const agents = wholeNumber('--agents', flags.agents, LOAD_DEFAULTS.agents, 1, LOAD_LIMITS.agents, 'agents');
  const queues = wholeNumber(
    '--queues',
    flags.queues,
    Math.max(1, Math.ceil(agents / 25)),
    1,
    Math.min(agents, LOAD_LIMITS.queues),
    'queues (at most one per agent)',
  );
  const rate = positiveNumber('--rate', flags.rate, LOAD_DEFAULTS.rate, LOAD_LIMITS.rate, 'calls per second');
  const durationMs = duration('--duration', flags.duration, LOAD_DEFAULTS.durationMs);
  const holdMeanMs = wholeNumber('--hold-mean-ms', flags['hold-mean-ms'], LOAD_DEFAULTS.holdMeanMs, 0, LOAD_LIMITS.timeMs, 'milliseconds');
  const acwMeanMs = wholeNumber('--acw-ms', flags['acw-ms'], LOAD_DEFAULTS.acwMeanMs, 0, LOAD_LIMITS.timeMs, 'milliseconds');
  const ringMs = wholeNumber('--ring-ms', flags['ring-ms'], LOAD_DEFAULTS.ringMs, 0, LOAD_LIMITS.timeMs, 'milliseconds');
  const drainMs = wholeNumber('--drain-ms', flags['drain-ms'], LOAD_DEFAULTS.drainMs, 1, LOAD_LIMITS.timeMs, 'milliseconds');
  const quietMs = wholeNumber('--quiet-ms', flags['quiet-ms'], LOAD_DEFAULTS.quietMs, 0, LOAD_LIMITS.timeMs, 'milliseconds');
  const holdDistribution = flags['hold-dist'] ?? LOAD_DEFAULTS.holdDistribution;
  if (holdDistribution !== 'exponential' && holdDistribution !== 'lognormal') {
    throw new LoadConfigError(`--hold-dist ${JSON.stringify(holdDistribution)}: expected exponential or lognormal`);
  }
  const mode = flags.mode ?? LOAD_DEFAULTS.mode;
  if (!(TELEPHONY_MODES as readonly string[]).includes(mode))
    throw new LoadConfigError(`--mode ${JSON.stringify(mode)} is not a telephony mode: expected one of ${TELEPHONY_MODES.join(', ')}`);
  const dialect = flags.dialect ?? 'json';
  if (!isDialectName(dialect)) throw new LoadConfigError(`--dialect ${JSON.stringify(dialect)} is not a dialect: expected one of ${DIALECT_NAMES.join(', ')}`);
  const seed = flags.seed === undefined ? freshSeed() : wholeNumber('--seed', flags.seed, 0, 0, MAX_SEED, 'a seed');
  const adapter = flags.adapter ?? LOAD_DEFAULTS.adapter;
  if (adapter.trim() === '')
    throw new LoadConfigError('--adapter is empty: expected reference, module:<path>, http:<url>, cmd:<command line> or image:<docker image>');
  return {
    agents,
    queues,
    rate,
    durationMs,
    holdMeanMs,
    holdDistribution,
    acwMeanMs,
    ringMs,
    seed,
    adapter,
    mode: mode as TelephonyMode,
    dialect,
    outDir: resolveOut(flags.out ?? LOAD_DEFAULTS.out),
    drainMs,
    quietMs,
  };
}

function wholeNumber(flag: string, value: string | undefined, fallback: number, min: number, max: number, what: string): number {
  if (value === undefined) return fallback;
  if (!/^\d+$/.test(value) || Number(value) < min || Number(value) > max) {
    throw new LoadConfigError(`${flag} ${JSON.stringify(value)}: expected a whole number from ${min} to ${max} (${what})`);
  }
  return Number(value);
}

function positiveNumber(flag: string, value: string | undefined, fallback: number, max: number, what: string): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!/^\d+(\.\d+)?$/.test(value) || !(n > 0) || n > max)
    throw new LoadConfigError(`${flag} ${JSON.stringify(value)}: expected a number above 0, at most ${max} (${what})`);
  return n;
}

/** "30", "30s", "1500ms", "2m": seconds when no unit. */
function duration(flag: string, value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  const match = /^(\d+(?:\.\d+)?)(ms|s|m)?$/.exec(value);
  const ms = match === null ? NaN : Number(match[1]) * (match[2] === 'ms' ? 1 : match[2] === 'm' ? 60_000 : 1000);
  if (!(ms >= 1 && ms <= LOAD_LIMITS.durationMs)) {
    throw new LoadConfigError(`${flag} ${JSON.stringify(value)}: expected a duration from 1ms to 60m, e.g. 30 (seconds), 30s, 1500ms or 2m`);
  }
  return Math.round(ms);
}

// ------------------------------------------------------------------ the switch's population and the plan

export interface Population {
  readonly extensions: readonly string[];
  readonly queues: readonly { readonly id: string; readonly dialledNumber: string; readonly members: readonly string[] }[];
  readonly agents: readonly { readonly id: string; readonly password: string; readonly extension: string; readonly queue: string }[];
}

/** Agent i works on extension 100000+i and serves queue i mod Q (Q queues, dialled 80000+q). */
export function population(config: Pick<LoadConfig, 'agents' | 'queues'>): Population {
  const agents = Array.from({ length: config.agents }, (_, i) => ({
    id: `A${i + 1}`,
    password: `pw${i + 1}`,
    extension: String(100_000 + i),
    queue: `Q${(i % config.queues) + 1}`,
  }));
  const queues = Array.from({ length: config.queues }, (_, q) => ({
    id: `Q${q + 1}`,
    dialledNumber: String(80_000 + q),
    members: agents.filter((a) => a.queue === `Q${q + 1}`).map((a) => a.extension),
  }));
  return { extensions: agents.map((a) => a.extension), queues, agents };
}

/**
 * The share of calls dialled straight to an agent who is on a call instead of to a queue: a second
 * call alerting during a conversation (call waiting, decision 0061). Queue calls never wait.
 */
export const CALL_WAITING_SHARE = 0.1;

/** The extensions of `agents` with exactly one call, connected: where a waiting call can ring now. */
export function talkingAlone(
  calls: Iterable<{ readonly connections: readonly { readonly device: string; readonly state: string }[] }>,
  agents: ReadonlyMap<string, unknown>,
): string[] {
  const states = new Map<string, string[]>();
  for (const call of calls) for (const c of call.connections) if (agents.has(c.device)) states.set(c.device, [...(states.get(c.device) ?? []), c.state]);
  return [...states].filter(([, here]) => here.length === 1 && here[0] === 'connected').map(([extension]) => extension);
}

export interface PlannedCall {
  readonly index: number;
  /** Dialled to an agent already on a call (call waiting) rather than to `queue`; to the queue when no agent is on one alone. */
  readonly waiting: boolean;
  /** Milliseconds after the traffic starts. */
  readonly atMs: number;
  readonly queue: string;
  readonly from: string;
  readonly holdMs: number;
  readonly acwMs: number;
}

/** Every call of the run, from labelled streams of the seed: the same seed, the same calls. */
export function plan(config: Pick<LoadConfig, 'rate' | 'durationMs' | 'queues' | 'holdMeanMs' | 'holdDistribution' | 'acwMeanMs' | 'seed'>): PlannedCall[] {
  const arrivals = stream(config.seed, 'arrivals');
  const queues = stream(config.seed, 'queues');
  const holding = stream(config.seed, 'holding');
  const acw = stream(config.seed, 'after-call-work');
  // Its own stream: call waiting changes no other draw of the seed.
  const waiting = stream(config.seed, 'call-waiting');
  const calls: PlannedCall[] = [];
  const gapMean = 1000 / config.rate;
  for (let at = exponential(arrivals, gapMean); at < config.durationMs; at += exponential(arrivals, gapMean)) {
    const index = calls.length;
    const holdMs = config.holdDistribution === 'lognormal' ? lognormal(holding, config.holdMeanMs, LOGNORMAL_SIGMA) : exponential(holding, config.holdMeanMs);
    calls.push({
      index,
      waiting: waiting.next() < CALL_WAITING_SHARE,
      atMs: at,
      queue: `Q${below(queues, config.queues) + 1}`,
      from: `+1617555${String(index % 10_000).padStart(4, '0')}`,
      holdMs: Math.round(holdMs),
      acwMs: Math.round(exponential(acw, config.acwMeanMs)),
    });
  }
  return calls;
}

/** Offered load per agent: arrivals × (ring + hold + after-call work) / agents; above 1 the queues only grow. */
export function utilisation(config: Pick<LoadConfig, 'rate' | 'ringMs' | 'holdMeanMs' | 'acwMeanMs' | 'agents'>): number {
  return (config.rate * (config.ringMs + config.holdMeanMs + config.acwMeanMs)) / 1000 / config.agents;
}
