/**
 * `--adapter image:<name>`: the harness runs a local Docker image with testcontainers and drives the
 * adapter in it exactly like `cmd:` (which drives it like `http:`). The container shares the host's
 * network, so the adapter serves the face on a loopback port the harness picked (SWITCHBOARD_PORT,
 * SWITCHBOARD_HOST, as for cmd:) and reaches each scenario's simulator and the event service on
 * 127.0.0.1, as the URLs in POST /sessions say. What it prints goes to
 * `<report folder>/adapter-process.log`; the harness waits for GET /health (the start deadline),
 * and stops and removes the container (SIGTERM, then SIGKILL after 5 s) when the run ends, fails or
 * is interrupted (Ctrl-C, SIGTERM, SIGHUP).
 *
 * The image must be in the local engine: the harness never pulls, so the certificate speaks of the
 * image that was there (its id). testcontainers' reaper (Ryuk) is not used: its image would have to
 * be pulled, and the harness removes what it started itself, finding it by a label of the run.
 */
import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Readable, Writable } from 'node:stream';
import { finished } from 'node:stream/promises';
import type { ContainerRuntimeClient } from 'testcontainers';
import { DEFAULT_FACE_HOST, FACE_ENV } from '../../contract/index.ts';
import { SetupError } from '../errors.ts';
import { ADAPTER_LOG, freePort, indent } from './cmd.ts';
import { connectHttpAdapter, type HttpAdapter } from './http.ts';
import { lastLines } from './process.ts';

/** Labels on every container the harness starts: find leftovers with `docker ps --filter label=org.switchboard.role`. */
export const CONTAINER_LABELS = { role: 'org.switchboard.role', run: 'org.switchboard.run', harnessPid: 'org.switchboard.harness-pid' } as const;
export const ADAPTER_ROLE = 'adapter-under-test';
/** How long a stopping container may take after SIGTERM before the engine kills it. */
const STOP_GRACE_MS = 5000;
/** How long the log capture may take to drain once the container is gone. */
const LOG_DRAIN_MS = 2000;

export interface ImageOptions {
  readonly outDir: string;
  readonly startTimeoutMs: number;
  readonly requestTimeoutMs: number;
}

export interface ImageAdapter extends HttpAdapter {
  readonly url: string;
  readonly containerId: string;
  /** The id of the image the container runs (`sha256:…`). */
  readonly imageId: string;
}

type Testcontainers = typeof import('testcontainers');

export async function startImageAdapter(image: string, options: ImageOptions): Promise<ImageAdapter> {
  const spec = `--adapter image:${image}`;
  // Loaded here, not at import time: only image: runs pay for it.
  const tc = await import('testcontainers');
  const client = await engine(tc, spec);
  await localImage(tc, client, image, spec);

  const host = DEFAULT_FACE_HOST;
  const port = await freePort(host);
  await mkdir(options.outDir, { recursive: true });
  const logFile = join(options.outDir, ADAPTER_LOG);
  const log = createWriteStream(logFile);
  const run = randomUUID();
  const remove = track(run, () => removeRun(client, run));
  let captured: Readable | undefined;
  const stop = async (): Promise<void> => {
    await remove();
    await closeCapture(log, captured, LOG_DRAIN_MS);
  };

  let containerId: string;
  try {
    const started = await new tc.GenericContainer(image)
      .withNetworkMode('host')
      .withEnvironment({ [FACE_ENV.port]: String(port), [FACE_ENV.host]: host })
      .withLabels({ [CONTAINER_LABELS.role]: ADAPTER_ROLE, [CONTAINER_LABELS.run]: run, [CONTAINER_LABELS.harnessPid]: String(process.pid) })
      .withAutoCleanup(false)
      .withLogConsumer((stream: Readable) => {
        captured = stream;
        stream.pipe(log);
      })
      .start();
    containerId = started.getId();
  } catch (error) {
    await stop();
    throw new SetupError('containerNotStarted', `${spec}: the Docker engine could not start a container of it: ${message(error)}`);
  }
  const container = client.container.getById(containerId);
  const imageId = (await client.container.inspect(container)).Image;
  const exited = container.wait().then(
    (result: unknown) => `exited with code ${typeof result === 'object' && result !== null && 'StatusCode' in result ? String(result.StatusCode) : '?'}`,
    (error: unknown) => `could not be watched (${message(error)})`,
  );

  const url = `http://${host}:${port}`;
  let http: HttpAdapter;
  try {
    http = await connectHttpAdapter(url, { requestTimeoutMs: options.requestTimeoutMs, healthWaitMs: options.startTimeoutMs, gaveUp: exited });
  } catch (error) {
    const running = (await client.container.inspect(container).catch(() => undefined))?.State.Running === true;
    await stop();
    const printed = await lastLines(logFile);
    const output = printed === '' ? 'it printed nothing' : `it printed:\n${indent(printed)}`;
    const where = `(all its output: ${logFile})`;
    if (!running) throw new SetupError('adapterExited', `${spec}: the container ${await exited} before answering GET ${url}/health; ${output}\n${where}`);
    throw new SetupError(
      'adapterStartTimeout',
      `${spec}: the container did not answer GET ${url}/health within ${options.startTimeoutMs} ms (last attempt: ${message(error)}); it runs with host networking and must serve the Pega face on 127.0.0.1, port $${FACE_ENV.port} (here ${port}); raise --start-timeout-ms if it is only slow; ${output}\n${where}`,
    );
  }

  let closing: Promise<void> | undefined;
  return {
    ...http,
    url,
    containerId,
    imageId,
    close() {
      closing ??= (async () => {
        await http.close();
        await stop();
      })();
      return closing;
    },
  };
}

async function engine(tc: Testcontainers, spec: string): Promise<ContainerRuntimeClient> {
  try {
    return await tc.getContainerRuntimeClient();
  } catch (error) {
    throw new SetupError(
      'dockerUnavailable',
      `${spec}: no Docker engine answers (${message(error)}); start one (dockerd, Docker Desktop, or DOCKER_HOST pointing at one), or certify the adapter with cmd:<command> or http:<url>`,
    );
  }
}

/** Refuses an image the engine does not have: the harness never pulls. */
async function localImage(tc: Testcontainers, client: ContainerRuntimeClient, image: string, spec: string): Promise<void> {
  try {
    await client.image.inspect(tc.ImageName.fromString(image));
  } catch (error) {
    const why = message(error);
    if (/no such image/i.test(why)) {
      throw new SetupError(
        'imageNotFound',
        `${spec}: the Docker engine has no image ${JSON.stringify(image)}; the harness never pulls: build it (\`npm run images\` builds switchboard/reference-adapter:dev) or \`docker pull\` it first, then check the name with \`docker images\``,
      );
    }
    throw new SetupError('imageNotFound', `${spec}: the Docker engine cannot inspect ${JSON.stringify(image)}: ${why}`);
  }
}

/** Stops (SIGTERM, SIGKILL after the grace period) and removes every container of the run. */
async function removeRun(client: ContainerRuntimeClient, run: string): Promise<void> {
  const found = await client.container.dockerode.listContainers({ all: true, filters: { label: [`${CONTAINER_LABELS.run}=${run}`] } }).catch(() => []);
  await Promise.all(
    found.map(async (info) => {
      const container = client.container.getById(info.Id);
      await container.stop({ t: STOP_GRACE_MS / 1000 }).catch(() => undefined); // 304: it had stopped
      await container.remove({ force: true, v: true }).catch(() => undefined); // 404: it is gone
    }),
  );
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * Closes the file the container's output is piped to. The engine ends the log stream once the
 * container is gone; a stream still open after `drainMs` is cut off before the file is ended, so
 * that nothing writes after its end.
 */
export async function closeCapture(file: Writable, source: Readable | undefined, drainMs: number): Promise<void> {
  if (source !== undefined) {
    await within(
      finished(file).catch(() => undefined),
      drainMs,
    );
    source.unpipe(file);
    source.destroy();
  }
  file.end();
  await finished(file).catch(() => undefined);
}

/**
 * Waits for `promise`, at most `ms`. The timer keeps the event loop alive: an unref'd one let an
 * in-process run end with the log drain still pending when the engine never ended the log stream.
 */
async function within(promise: Promise<unknown>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([promise, new Promise((resolve) => (timer = setTimeout(resolve, ms)))]);
  } finally {
    clearTimeout(timer);
  }
}

// ------------------------------------------------------------------ the guard
// While a container of a run lives, an interrupted harness removes it before dying of the signal,
// and a harness that exits anyway (process.exit, a crash) removes it synchronously with the docker
// CLI, when there is one. As process.ts does for process groups.

const runs = new Map<string, () => Promise<void>>();
const SIGNALS: readonly NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];
let guarded = false;

/** Registers the run's removal with the guard; the returned function removes once and unregisters. */
function track(run: string, removeContainers: () => Promise<void>): () => Promise<void> {
  let removing: Promise<void> | undefined;
  const remove = (): Promise<void> => {
    removing ??= removeContainers().finally(() => {
      runs.delete(run);
      if (runs.size === 0) removeGuard();
    });
    return removing;
  };
  runs.set(run, remove);
  installGuard();
  return remove;
}

function onSignal(signal: NodeJS.Signals): void {
  for (const other of SIGNALS) process.off(other, onSignal); // a second Ctrl-C is not caught: it ends the harness at once
  const removals = [...runs.values()].map((remove) => remove());
  void within(Promise.allSettled(removals), STOP_GRACE_MS + LOG_DRAIN_MS).then(() => process.kill(process.pid, signal));
}

function onExit(): void {
  for (const run of runs.keys()) {
    const listed = spawnSync('docker', ['ps', '--all', '--quiet', '--filter', `label=${CONTAINER_LABELS.run}=${run}`], { encoding: 'utf8', timeout: 5000 });
    const ids = (listed.stdout ?? '').split('\n').filter((id) => id !== '');
    if (ids.length > 0) spawnSync('docker', ['rm', '--force', ...ids], { stdio: 'ignore', timeout: 10_000 });
  }
}

function installGuard(): void {
  if (guarded) return;
  guarded = true;
  for (const signal of SIGNALS) process.on(signal, onSignal);
  process.on('exit', onExit);
}

function removeGuard(): void {
  if (!guarded) return;
  guarded = false;
  for (const signal of SIGNALS) process.off(signal, onSignal);
  process.off('exit', onExit);
}
