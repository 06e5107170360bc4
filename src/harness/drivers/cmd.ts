/**
 * `--adapter cmd:<command line>`: the harness picks a free loopback port, starts the command with
 * SWITCHBOARD_PORT and SWITCHBOARD_HOST in its environment, captures what it prints into
 * `<report folder>/adapter-process.log`, waits for GET /health (up to a deadline), then drives it
 * exactly like `http:`. The CTI and event-service URLs reach it per session, in POST /sessions,
 * because every scenario has a simulator of its own.
 */
import { mkdir } from 'node:fs/promises';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { DEFAULT_FACE_HOST, FACE_ENV } from '../../contract/index.ts';
import { SetupError } from '../errors.ts';
import { connectHttpAdapter, type HttpAdapter } from './http.ts';
import { startAdapterProcess, type AdapterProcess, type ProcessExit } from './process.ts';

/** Where a started adapter's output goes, inside the report folder. */
export const ADAPTER_LOG = 'adapter-process.log';

export interface CmdOptions {
  readonly cwd: string;
  readonly outDir: string;
  readonly startTimeoutMs: number;
  readonly requestTimeoutMs: number;
}

export interface CmdAdapter extends HttpAdapter {
  readonly process: AdapterProcess;
  readonly url: string;
}

export async function startCmdAdapter(command: string, options: CmdOptions): Promise<CmdAdapter> {
  const host = DEFAULT_FACE_HOST;
  const port = await freePort(host);
  await mkdir(options.outDir, { recursive: true });
  const logFile = join(options.outDir, ADAPTER_LOG);
  const child = startAdapterProcess(command, { cwd: options.cwd, env: { [FACE_ENV.port]: String(port), [FACE_ENV.host]: host }, logFile });
  const url = `http://${host}:${port}`;
  let http: HttpAdapter;
  try {
    http = await connectHttpAdapter(url, {
      requestTimeoutMs: options.requestTimeoutMs,
      healthWaitMs: options.startTimeoutMs,
      gaveUp: child.exited.then(describeExit),
    });
  } catch (error) {
    const exitedEarly = !child.running;
    await child.stop();
    const printed = await child.tail();
    const output = printed === '' ? 'it printed nothing' : `it printed:\n${indent(printed)}`;
    const where = `(all its output: ${logFile})`;
    if (exitedEarly) {
      throw new SetupError(
        'adapterExited',
        `--adapter cmd:${command} ${describeExit(await child.exited)} before answering GET ${url}/health; ${output}\n${where}`,
      );
    }
    const why = error instanceof Error ? error.message : String(error);
    throw new SetupError(
      'adapterStartTimeout',
      `--adapter cmd:${command} did not answer GET ${url}/health within ${options.startTimeoutMs} ms (last attempt: ${why}); it must serve the Pega face on the port in $${FACE_ENV.port} (here ${port}); raise --start-timeout-ms if it is only slow; ${output}\n${where}`,
    );
  }
  let closing: Promise<void> | undefined;
  return {
    ...http,
    process: child,
    url,
    close() {
      closing ??= (async () => {
        await http.close();
        await child.stop();
      })();
      return closing;
    },
  };
}

function describeExit(exit: ProcessExit): string {
  if (exit.signal !== null) return `was killed by ${exit.signal}`;
  return exit.code === null ? 'could not be started' : `exited with code ${exit.code}`;
}

/** Quotes what an adapter printed under a setup error's message. */
export function indent(text: string): string {
  return text
    .split('\n')
    .map((line) => `  | ${line}`)
    .join('\n');
}

/** A port nobody listens on right now (the adapter binds it a moment later). */
export function freePort(host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, host, () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}
