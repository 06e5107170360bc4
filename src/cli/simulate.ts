/**
 * `switchboard simulate --script <file>`: the simulator standalone on loopback until Ctrl-C (or the
 * timeline ends); with `--control-port`, also the control API over HTTP, guarded by a bearer token
 * from `--control-token`, else $SWITCHBOARD_CONTROL_TOKEN, else a random one logged once at start.
 */
import { resolve } from 'node:path';
import { simulatorDialect } from '../harness/dialect.ts';
import { dialectOf } from './dialect-flag.ts';
import { CONTROL_TOKEN_ENV, controlTokenProblem, DEFAULT_CREDENTIALS, ScriptError, startStandalone, type Credentials } from '../../simulator/index.ts';
import { exposureProblem } from '../platform/exposure.ts';
import { consoleLogger } from '../platform/logging.ts';
import type { Io, SimulateFlags } from './flags.ts';
import { tlsFromFlags } from './serving-flags.ts';
import { UsageError } from './usage.ts';

/** Where the CTI link's credentials come from (never a flag: a password on a command line shows in `ps`). */
export const CTI_USER_ENV = 'SWITCHBOARD_CTI_USER';
export const CTI_PASSWORD_ENV = 'SWITCHBOARD_CTI_PASSWORD';

/** The CTI credentials from the environment (both or neither), else undefined: the defaults. */
function ctiCredentials(env: NodeJS.ProcessEnv): Credentials | undefined {
  const user = env[CTI_USER_ENV];
  const password = env[CTI_PASSWORD_ENV];
  if ((user ?? '') === '' && (password ?? '') === '') return undefined;
  if (user === undefined || user === '' || password === undefined || password === '')
    throw new UsageError(`$${CTI_USER_ENV} and $${CTI_PASSWORD_ENV} go together: expected both, or neither`);
  return { user, password };
}

function portFlag(name: string, text: string): number {
  const port = Number(text);
  if (!/^\d{1,5}$/.test(text) || port > 65535) throw new UsageError(`--${name} ${JSON.stringify(text)}: expected a port number from 0 to 65535`);
  return port;
}

/** The control channel's settings from the flags and the environment; the token is checked, never echoed. */
function controlSettings(flags: SimulateFlags, env: NodeJS.ProcessEnv): { controlPort?: number; controlToken?: string } {
  const fromFlag = flags['control-token'];
  if (flags['control-port'] === undefined) {
    if (fromFlag !== undefined) throw new UsageError('--control-token is given without --control-port: expected both, or neither');
    return {};
  }
  const controlPort = portFlag('control-port', flags['control-port']);
  const [token, source] = fromFlag !== undefined ? [fromFlag, '--control-token'] : [env[CONTROL_TOKEN_ENV], `$${CONTROL_TOKEN_ENV}`];
  if (token === undefined || (source !== '--control-token' && token === '')) return { controlPort };
  const problem = controlTokenProblem(token);
  if (problem !== null) throw new UsageError(`${source}: ${problem}`);
  return { controlPort, controlToken: token };
}

const LISTEN_ERRORS: Readonly<Record<string, string>> = {
  EADDRINUSE: 'the address is in use',
  EACCES: 'permission denied',
  EADDRNOTAVAIL: 'the address is not on this machine',
};

export async function runSimulate(flags: SimulateFlags, io: Io): Promise<number> {
  if (flags.script === undefined) throw new UsageError('--script is missing: expected the path of a YAML or JSON scenario script');
  const port = flags.port === undefined ? 0 : portFlag('port', flags.port);
  const dialect = simulatorDialect(dialectOf(flags.dialect));
  const control = controlSettings(flags, io.env);
  const credentials = ctiCredentials(io.env);
  // Off loopback only on purpose, and then only with authentication on every server (checked before anything binds).
  const exposed = exposureProblem(flags.host ?? '127.0.0.1', flags['allow-remote'] === true, [
    {
      server: 'the CTI link',
      missing:
        credentials === undefined || credentials.password === DEFAULT_CREDENTIALS.password
          ? `non-default credentials: set $${CTI_USER_ENV} and $${CTI_PASSWORD_ENV}`
          : null,
    },
    ...(control.controlPort === undefined
      ? []
      : [
          {
            server: 'the control channel',
            missing:
              control.controlToken === undefined ? `a token: give --control-token or $${CONTROL_TOKEN_ENV} (a generated one would only be in the log)` : null,
          },
        ]),
  ]);
  if (exposed !== null) throw new UsageError(exposed);
  const tls = await tlsFromFlags(flags, io.cwd);
  // Human-readable on a terminal, JSON lines otherwise (for pipes and CI).
  const logger = consoleLogger(io.stdout);
  let handle;
  try {
    handle = await startStandalone({
      scriptPath: resolve(io.cwd, flags.script),
      port,
      ...dialect,
      logger,
      ...control,
      ...(flags.host === undefined ? {} : { host: flags.host }),
      ...(credentials === undefined ? {} : { credentials }),
      ...(tls === undefined ? {} : { tls }),
    });
  } catch (error) {
    if (error instanceof ScriptError) {
      io.stderr.write(`switchboard: ${error.message}\n`);
      return 2;
    }
    const code = typeof error === 'object' && error !== null && 'code' in error && typeof error.code === 'string' ? error.code : '';
    const why = LISTEN_ERRORS[code];
    if (why !== undefined && error instanceof Error) {
      io.stderr.write(`switchboard: cannot listen (${why}): ${error.message}; choose another --host, --port or --control-port\n`);
      logger.flush?.();
      return 2;
    }
    throw error;
  }
  const stopped = new Promise<void>((resolveStop) => {
    const stop = (): void => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolveStop();
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
    if (flags['exit-when-done'] === true) handle.run.done.then(stop, stop);
  });
  await stopped;
  await handle.stop();
  const failed = await handle.run.done.then(
    () => false,
    () => true,
  );
  logger.flush?.();
  return failed && flags['exit-when-done'] === true ? 1 : 0;
}
