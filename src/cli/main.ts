/**
 * The `switchboard` command: a thin shell that parses flags, checks them, and hands over to
 * in-process functions. Usage and setup errors exit 2 with a message saying what to fix.
 */
import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { LabFailure } from '../certify/certification-types.ts';
import { SetupError } from '../harness/errors.ts';
import { runAdapterServe } from './adapter-serve.ts';
import { runCertify } from './certify.ts';
import { runInit } from './init.ts';
import { runKeygen } from './keys.ts';
import { runLoadCommand } from './load.ts';
import { runMerge } from './merge.ts';
import { runSimulate } from './simulate.ts';
import { runVerify } from './verify.ts';
import { commandUsage, COMMANDS, isCommandName, UsageError, USAGE, type CommandName } from './usage.ts';
import {
  ADAPTER_SERVE_OPTIONS,
  CERTIFY_OPTIONS,
  COMMAND_OPTIONS,
  INIT_OPTIONS,
  KEYGEN_OPTIONS,
  LOAD_OPTIONS,
  MERGE_OPTIONS,
  SIMULATE_OPTIONS,
  VERIFY_OPTIONS,
  type Flags,
  type Io,
  type OptionSpec,
  type WithOperands,
} from './flags.ts';

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
  const { values } = parseArgs({
    args: [...args],
    options: { ...spec, help: { type: 'boolean', short: 'h' }, version: { type: 'boolean', short: 'V' } },
    strict: false,
    allowPositionals: true,
  });
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

function parse<S extends OptionSpec>(args: readonly string[], options: S): Flags<S> {
  return parseCommand(args, options, false).flags;
}

function parseWithPositionals<S extends OptionSpec>(args: readonly string[], options: S): WithOperands<Flags<S>> {
  return parseCommand(args, options, true);
}

function parseCommand<S extends OptionSpec>(args: readonly string[], options: S, allowPositionals: boolean): WithOperands<Flags<S>> {
  try {
    const parsed = parseArgs({ args: [...args], options, strict: true, allowPositionals });
    return { flags: parsed.values, operands: parsed.positionals };
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
}

async function version(): Promise<string> {
  const text = await readFile(new URL('../../package.json', import.meta.url), 'utf8');
  const parsed: unknown = JSON.parse(text);
  return typeof parsed === 'object' && parsed !== null && 'version' in parsed ? String(parsed.version) : 'unknown';
}
