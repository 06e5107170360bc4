/**
 * `switchboard simulate --script <file>`: load the script, start the server (and, when asked, the
 * control channel over HTTP), provision, play the timeline, and log every model event as a
 * structured line. The CLI only parses flags and calls this.
 */
import { pino, type Logger } from 'pino';
import type { TlsMaterial } from '../src/platform/http-server.ts';
import { logOptions } from '../src/platform/logging.ts';
import { systemClock, type Clock } from './clock.ts';
import type { Control } from './control/control.ts';
import { generateControlToken, startControlHttp, type ControlHttpServer } from './control/http.ts';
import { loadScript } from './script/loader.ts';
import { runScript, type ScriptRun } from './script/runner.ts';
import type { Dialect } from './dialects/dialect.ts';
import { createSimulator, type SimulatorOptions } from './simulator.ts';

export interface StandaloneOptions {
  readonly scriptPath: string;
  /** Default 127.0.0.1. */
  readonly host?: string;
  /** Default 0 (ephemeral); the URL is logged and returned. */
  readonly port?: number;
  /** Default: pino to stdout at info. */
  readonly logger?: Logger;
  readonly clock?: Clock;
  readonly credentials?: SimulatorOptions['credentials'];
  readonly heartbeatIntervalMs?: number;
  /**
   * Serve the control API over HTTP on `host`, this port (0: a free one); absent: no control channel
   * (simulator/README.md, "Control over the network").
   */
  readonly controlPort?: number;
  /** The bearer token of the control channel; absent: a random one, logged once in the start-up line. */
  readonly controlToken?: string;
  /** Serve wss:// and https:// with this key and certificate. */
  readonly tls?: TlsMaterial;
  /** The CTI link's dialect; default json (WebSocket). */
  readonly dialect?: Dialect;
}

export interface StandaloneHandle {
  readonly url: string;
  /** The control channel's http:// URL and its token, or null without one. */
  readonly controlChannel: { readonly url: string; readonly token: string } | null;
  readonly control: Control;
  /** The timeline; `done` settles when it has played (a refused step rejects it, and is logged). */
  readonly run: ScriptRun;
  /** Cancels the timeline and stops the server. */
  stop(): Promise<void>;
}

/** Throws ScriptError for a bad script, RangeError for a bad control token, before anything listens. */
export async function startStandalone(options: StandaloneOptions): Promise<StandaloneHandle> {
  const logger = options.logger ?? pino(logOptions('info'));
  const clock = options.clock ?? systemClock;
  const script = await loadScript(options.scriptPath);
  const simulator = createSimulator({
    logger,
    clock,
    ...(options.host === undefined ? {} : { host: options.host }),
    ...(options.port === undefined ? {} : { port: options.port }),
    ...(options.credentials === undefined ? {} : { credentials: options.credentials }),
    ...(options.heartbeatIntervalMs === undefined ? {} : { heartbeatIntervalMs: options.heartbeatIntervalMs }),
    ...(options.tls === undefined ? {} : { tls: options.tls }),
    ...(options.dialect === undefined ? {} : { dialect: options.dialect }),
  });
  const generated = options.controlPort !== undefined && options.controlToken === undefined;
  const token = options.controlToken ?? generateControlToken();
  const { url } = await simulator.start();
  let timeline: 'playing' | 'finished' | 'failed' = 'playing';
  let channel: ControlHttpServer | null = null;
  try {
    if (options.controlPort !== undefined) {
      channel = await startControlHttp({
        control: simulator.control,
        clock,
        logger: logger.child({ part: 'control-http' }),
        token,
        port: options.controlPort,
        ...(options.host === undefined ? {} : { host: options.host }),
        ...(options.tls === undefined ? {} : { tls: options.tls }),
        health: () => ({ ctiUrl: url, script: options.scriptPath, timeline }),
      });
    }
    const events = logger.child({ part: 'switch' });
    simulator.control.onModelEvent((event, at) => events.info({ at, event }, `model event ${event.name}`));
    simulator.control.provision(script.provision);
  } catch (error) {
    await channel?.close();
    await simulator.stop();
    throw error;
  }
  const run = runScript(simulator.control, script, clock, { fileName: options.scriptPath });
  run.done.then(
    () => {
      timeline = 'finished';
      logger.info({ script: options.scriptPath }, 'script timeline finished');
    },
    (error: unknown) => {
      timeline = 'failed';
      logger.error({ err: error, script: options.scriptPath }, 'script timeline stopped');
    },
  );
  const ports = { cti: Number(new URL(url).port), ...(channel === null ? {} : { control: channel.port }) };
  // The one line that says where everything is; a generated token is printed here and nowhere else.
  logger.info(
    {
      url,
      ports,
      script: options.scriptPath,
      ...(channel === null ? {} : { controlUrl: channel.url, ...(generated ? { controlToken: token } : { controlTokenFrom: 'given' }) }),
    },
    'simulator running',
  );
  const open = channel;
  return {
    url,
    controlChannel: open === null ? null : { url: open.url, token },
    control: simulator.control,
    run,
    async stop() {
      run.cancel();
      await open?.close();
      await simulator.stop();
    },
  };
}
