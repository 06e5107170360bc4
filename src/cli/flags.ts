/**
 * What every command shell is handed: the process's streams and environment, and each command's
 * flags (the option specs for node:util's parseArgs and the types they parse to). Below main.ts so
 * that the commands can name their flags without importing the dispatcher that imports them.
 */
import { UsageError, type CommandName } from './usage.ts';

export interface Io {
  readonly stdout: NodeJS.WritableStream & { isTTY?: boolean };
  readonly stderr: NodeJS.WritableStream & { isTTY?: boolean };
  readonly env: NodeJS.ProcessEnv;
  readonly cwd: string;
  /** Aborted, with the signal's name (SIGINT, SIGTERM) as its reason, when the user or CI stops the command. */
  readonly signal?: AbortSignal;
}

export type OptionSpec = Record<string, { type: 'string' | 'boolean' }>;

export const CERTIFY_OPTIONS = {
  adapter: { type: 'string' },
  mode: { type: 'string' },
  dialect: { type: 'string' },
  out: { type: 'string' },
  name: { type: 'string' },
  'deadline-ms': { type: 'string' },
  'quiet-ms': { type: 'string' },
  'log-file': { type: 'string' },
  'wire-log': { type: 'boolean' },
  'start-timeout-ms': { type: 'string' },
  seed: { type: 'string' },
  path: { type: 'string' },
  runs: { type: 'string' },
  'time-budget-ms': { type: 'string' },
  'max-time-ms': { type: 'string' },
  'max-commands': { type: 'string' },
  repeat: { type: 'string' },
  'no-properties': { type: 'boolean' },
  'no-scenarios': { type: 'boolean' },
  shard: { type: 'string' },
  'sign-key': { type: 'string' },
} as const satisfies OptionSpec;

export const SIMULATE_OPTIONS = {
  script: { type: 'string' },
  dialect: { type: 'string' },
  host: { type: 'string' },
  port: { type: 'string' },
  'exit-when-done': { type: 'boolean' },
  'control-port': { type: 'string' },
  'control-token': { type: 'string' },
  'allow-remote': { type: 'boolean' },
  'tls-key': { type: 'string' },
  'tls-cert': { type: 'string' },
} as const satisfies OptionSpec;

export const LOAD_OPTIONS = {
  agents: { type: 'string' },
  dialect: { type: 'string' },
  queues: { type: 'string' },
  rate: { type: 'string' },
  duration: { type: 'string' },
  'hold-mean-ms': { type: 'string' },
  'hold-dist': { type: 'string' },
  'acw-ms': { type: 'string' },
  'ring-ms': { type: 'string' },
  seed: { type: 'string' },
  adapter: { type: 'string' },
  mode: { type: 'string' },
  out: { type: 'string' },
  'drain-ms': { type: 'string' },
  'quiet-ms': { type: 'string' },
  'log-file': { type: 'string' },
} as const satisfies OptionSpec;

export const VERIFY_OPTIONS = {
  out: { type: 'string' },
  'log-file': { type: 'string' },
  'start-timeout-ms': { type: 'string' },
  offline: { type: 'boolean' },
  'public-key': { type: 'string' },
} as const satisfies OptionSpec;

export const MERGE_OPTIONS = {
  out: { type: 'string' },
  'sign-key': { type: 'string' },
} as const satisfies OptionSpec;

export const KEYGEN_OPTIONS = {
  out: { type: 'string' },
} as const satisfies OptionSpec;

export const ADAPTER_SERVE_OPTIONS = {
  host: { type: 'string' },
  port: { type: 'string' },
  'allow-remote': { type: 'boolean' },
  'face-token': { type: 'string' },
  'tls-key': { type: 'string' },
  'tls-cert': { type: 'string' },
} as const satisfies OptionSpec;

export const INIT_OPTIONS = {
  lang: { type: 'string' },
} as const satisfies OptionSpec;

export const COMMAND_OPTIONS: Readonly<Record<CommandName, OptionSpec>> = {
  certify: CERTIFY_OPTIONS,
  verify: VERIFY_OPTIONS,
  merge: MERGE_OPTIONS,
  keygen: KEYGEN_OPTIONS,
  simulate: SIMULATE_OPTIONS,
  load: LOAD_OPTIONS,
  'adapter serve': ADAPTER_SERVE_OPTIONS,
  init: INIT_OPTIONS,
};

export type Flags<S extends OptionSpec> = { readonly [K in keyof S]?: S[K]['type'] extends 'boolean' ? boolean : string };
export type CertifyFlags = Flags<typeof CERTIFY_OPTIONS>;
export type SimulateFlags = Flags<typeof SIMULATE_OPTIONS>;
export type AdapterServeFlags = Flags<typeof ADAPTER_SERVE_OPTIONS>;
export type VerifyFlags = Flags<typeof VERIFY_OPTIONS>;
export type MergeFlags = Flags<typeof MERGE_OPTIONS>;
export type InitFlags = Flags<typeof INIT_OPTIONS>;
/** The flags of a command that also takes operands (files, folders). */
export interface WithOperands<F> {
  readonly flags: F;
  readonly operands: readonly string[];
}

/** A duration flag in milliseconds (1 to 600000), or the fallback when it is absent. */
export function positiveInteger(flag: string, value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (!/^\d+$/.test(value) || Number(value) < 1 || Number(value) > 600_000)
    throw new UsageError(`${flag} ${JSON.stringify(value)}: expected a whole number of milliseconds from 1 to 600000`);
  return Number(value);
}
