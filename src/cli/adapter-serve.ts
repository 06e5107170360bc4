/**
 * `switchboard adapter serve`: the reference adapter behind the HTTP Pega face
 * (docs/pega-face.md) until Ctrl-C or SIGTERM. Started by the harness (`--adapter cmd:…`), it
 * takes its port and address from SWITCHBOARD_PORT and SWITCHBOARD_HOST.
 */
import { readFile } from 'node:fs/promises';
import { DEFAULT_FACE_HOST, FACE_ENV } from '../contract/index.ts';
import { SetupError } from '../harness/errors.ts';
import { startFaceServer } from '../http-face/server.ts';
import { exposureProblem } from '../platform/exposure.ts';
import { consoleLogger } from '../platform/logging.ts';
import { tokenProblem } from '../platform/tokens.ts';
import type { AdapterServeFlags, Io } from './flags.ts';
import { tlsFromFlags } from './serving-flags.ts';
import { UsageError } from './usage.ts';

export const DEFAULT_FACE_PORT = 7010;
/** Where the face token is read from when --face-token is not given. */
export const FACE_TOKEN_ENV = 'SWITCHBOARD_FACE_TOKEN';

/** The face token from the flag or the environment, checked (never echoed), or undefined. */
function faceToken(flags: AdapterServeFlags, env: NodeJS.ProcessEnv): string | undefined {
  const [token, source] = flags['face-token'] !== undefined ? [flags['face-token'], '--face-token'] : [env[FACE_TOKEN_ENV], `$${FACE_TOKEN_ENV}`];
  if (token === undefined || (source !== '--face-token' && token === '')) return undefined;
  const problem = tokenProblem(token);
  if (problem !== null) throw new UsageError(`${source}: ${problem}`);
  return token;
}

export async function runAdapterServe(flags: AdapterServeFlags, io: Io): Promise<number> {
  const host = flags.host ?? io.env[FACE_ENV.host] ?? DEFAULT_FACE_HOST;
  const portText = flags.port ?? io.env[FACE_ENV.port] ?? String(DEFAULT_FACE_PORT);
  const from = flags.port !== undefined ? '--port' : io.env[FACE_ENV.port] !== undefined ? FACE_ENV.port : 'the default port';
  if (!/^\d{1,5}$/.test(portText) || Number(portText) > 65535)
    throw new UsageError(`${from} ${JSON.stringify(portText)}: expected a port number from 0 to 65535`);
  const token = faceToken(flags, io.env);
  // Off loopback only on purpose, and then only behind a token (checked before anything binds).
  const exposed = exposureProblem(host, flags['allow-remote'] === true, [
    { server: 'the Pega face', missing: token === undefined ? `a token: give --face-token or $${FACE_TOKEN_ENV}` : null },
  ]);
  if (exposed !== null) throw new UsageError(exposed);
  const tls = await tlsFromFlags(flags, io.cwd);
  // Human-readable on a terminal, JSON lines otherwise (for pipes, CI and the harness's capture).
  const logger = consoleLogger(io.stdout);
  const { createAdapter, DEFAULT_APPLICATION_ID } = await import('../adapter/index.ts');
  let face;
  try {
    face = await startFaceServer({
      factory: createAdapter,
      logger,
      host,
      port: Number(portText),
      identity: { name: DEFAULT_APPLICATION_ID, version: await packageVersion() },
      ...(token === undefined ? {} : { token }),
      ...(tls === undefined ? {} : { tls }),
    });
  } catch (error) {
    const code = error instanceof Error && 'code' in error ? String(error.code) : '';
    const why =
      code === 'EADDRINUSE'
        ? 'the port is in use'
        : code === 'EADDRNOTAVAIL'
          ? 'the address is not on this machine'
          : error instanceof Error
            ? error.message
            : String(error);
    throw new SetupError('badOption', `cannot serve the Pega face on ${host}:${portText}: ${why}`);
  }
  await new Promise<void>((resolve) => {
    const stop = (): void => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve();
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  await face.close();
  logger.flush?.();
  return 0;
}

async function packageVersion(): Promise<string> {
  const parsed: unknown = JSON.parse(await readFile(new URL('../../package.json', import.meta.url), 'utf8'));
  return typeof parsed === 'object' && parsed !== null && 'version' in parsed ? String(parsed.version) : 'unknown';
}
