/**
 * The `switchboard` command: a thin shell that parses flags, checks them, and hands over to
 * in-process functions. Usage and setup errors exit 2 with a message saying what to fix.
 */
import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { LabFailure } from '../certify/run-certification.ts';
import { SetupError } from '../harness/errors.ts';
import { runAdapterServe } from './adapter-serve.ts';
import { runCertify } from './certify.ts';
import { runInit } from './init.ts';
import { runLoadCommand } from '../load/command.ts';
import { runKeygen } from './keys.ts';
import { runMerge } from './merge.ts';
import { runSimulate } from './simulate.ts';
import { runVerify } from './verify.ts';
import { commandUsage, COMMANDS, isCommandName, UsageError, USAGE, type CommandName } from './usage.ts';

export interface Io {
  readonly stdout: NodeJS.WritableStream & { isTTY?: boolean };
  readonly stderr: NodeJS.WritableStream & { isTTY?: boolean };
  readonly env: NodeJS.ProcessEnv;
  readonly cwd: string;
  /** Aborted, with the signal's name (SIGINT, SIGTERM) as its reason, when the user or CI stops the command. */
  readonly signal?: AbortSignal;
}

export async function main(argv: readonly string[], io: Io): Promise<number> {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case 'adapter': {
        const [sub, ...args] = rest;
        if (sub === 'serve') return await runCommand('adapter serve', args, io);
        if (sub !== undefined && ['--help', '-h', '--version', '-V'].includes(sub)) return await runCommand('adapter serve', [sub], io);
        throw new UsageError(`adapter ${sub === undefined ? 'needs a subcommand' : `${JSON.stringify(sub)} is not a subcommand`}: expected adapter serve`);
      }
      case 'help':
      case '--help':
      case '-h':
        return help(rest, io);
      case '--version':
      case '-V':
        io.stdout.write(`${await version()}\n`);
        return 0;
      case undefined:
        throw new UsageError(`a command is missing: expected ${COMMANDS.join(', ')}`);
      default:
        // `adapter serve` is two words, matched above.
        if (isCommandName(command) && command !== 'adapter serve') return await runCommand(command, rest, io);
        throw new UsageError(`unknown command ${JSON.stringify(command)}: expected ${COMMANDS.join(', ')} or help`);
    }
  } catch (error) {
    if (error instanceof LabFailure) {
      io.stderr.write(`switchboard: ${error.message}\n`);
      return 2;
    }
    if (error instanceof UsageError || error instanceof SetupError) {
      io.stderr.write(`switchboard: ${error.message}\n${error instanceof UsageError ? `Run \`${usageHint(command)}\` for usage.\n` : ''}`);
      return 2;
    }
    throw error;
  }
}

/** `switchboard help [<command>]`: every command's usage, or one's. */
function help(args: readonly string[], io: Io): number {
  const asked = args.join(' ');
  if (asked === '' || asked === '--help' || asked === '-h') {
    io.stdout.write(`${USAGE}\n`);
    return 0;
  }
  if (!isCommandName(asked)) throw new UsageError(`help ${JSON.stringify(asked)}: expected one of ${COMMANDS.join(', ')}`);
  io.stdout.write(`${commandUsage(asked)}\n`);
  return 0;
}

/** Which help a usage error points to: the command's own when there is one. */
function usageHint(command: string | undefined): string {
  if (command === 'adapter') return 'switchboard adapter serve --help';
  return command !== undefined && isCommandName(command) ? `switchboard ${command} --help` : 'switchboard help';
}

/** A command's --help and --version answer before its flags are checked, wherever they appear among them. */
async function runCommand(command: CommandName, args: readonly string[], io: Io): Promise<number> {
  const spec: OptionSpec = COMMAND_OPTIONS[command];
  const { values } = parseArgs({ args: [...args], options: { ...spec, help: { type: 'boolean', short: 'h' }, version: { type: 'boolean', short: 'V' } }, strict: false, allowPositionals: true });
  if (values['help'] === true) {
    io.stdout.write(`${commandUsage(command)}\n`);
    return 0;
  }
  if (values['version'] === true) {
    io.stdout.write(`${await version()}\n`);
    return 0;
  }
  switch (command) {
    case 'certify':
      return await runCertify(parse(args, CERTIFY_OPTIONS), io);
    case 'verify':
      return await runVerify(parseWithPositionals(args, VERIFY_OPTIONS), io);
    case 'merge':
      return await runMerge(parseWithPositionals(args, MERGE_OPTIONS), io);
    case 'keygen':
      return await runKeygen(parse(args, KEYGEN_OPTIONS).out, io);
    case 'simulate':
      return await runSimulate(parse(args, SIMULATE_OPTIONS), io);
    case 'load':
      return await runLoadCommand(parse(args, LOAD_OPTIONS), io);
    case 'adapter serve':
      return await runAdapterServe(parse(args, ADAPTER_SERVE_OPTIONS), io);
    case 'init':
      return await runInit(parseWithPositionals(args, INIT_OPTIONS), io);
  }
}

type OptionSpec = Record<string, { type: 'string' | 'boolean' }>;

const CERTIFY_OPTIONS = {
  adapter: { type: 'string' },
  mode: { type: 'string' },
  dialect: { type: 'string' },
  out: { type: 'string' },
  name: { type: 'string' },
  'deadline-ms': { type: 'string' },
  'quiet-ms': { type: 'string' },
  'log-file': { type: 'string' },
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

const SIMULATE_OPTIONS = {
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

const LOAD_OPTIONS = {
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

const VERIFY_OPTIONS = {
  out: { type: 'string' },
  'log-file': { type: 'string' },
  'start-timeout-ms': { type: 'string' },
  offline: { type: 'boolean' },
  'public-key': { type: 'string' },
} as const satisfies OptionSpec;

const MERGE_OPTIONS = {
  out: { type: 'string' },
  'sign-key': { type: 'string' },
} as const satisfies OptionSpec;

const KEYGEN_OPTIONS = {
  out: { type: 'string' },
} as const satisfies OptionSpec;

const ADAPTER_SERVE_OPTIONS = {
  host: { type: 'string' },
  port: { type: 'string' },
  'allow-remote': { type: 'boolean' },
  'face-token': { type: 'string' },
  'tls-key': { type: 'string' },
  'tls-cert': { type: 'string' },
} as const satisfies OptionSpec;

const INIT_OPTIONS = {
  lang: { type: 'string' },
} as const satisfies OptionSpec;

const COMMAND_OPTIONS: Readonly<Record<CommandName, OptionSpec>> = {
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

function parse<S extends OptionSpec>(args: readonly string[], options: S): Flags<S> {
  return parseCommand(args, options, false).flags;
}

function parseWithPositionals<S extends OptionSpec>(args: readonly string[], options: S): WithOperands<Flags<S>> {
  return parseCommand(args, options, true);
}

function parseCommand<S extends OptionSpec>(args: readonly string[], options: S, allowPositionals: boolean): WithOperands<Flags<S>> {
  try {
    const parsed = parseArgs({ args: [...args], options, strict: true, allowPositionals });
    return { flags: parsed.values as Flags<S>, operands: parsed.positionals };
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
}

async function version(): Promise<string> {
  const text = await readFile(new URL('../../package.json', import.meta.url), 'utf8');
  const parsed: unknown = JSON.parse(text);
  return typeof parsed === 'object' && parsed !== null && 'version' in parsed ? String(parsed.version) : 'unknown';
}
