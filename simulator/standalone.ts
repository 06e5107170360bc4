/**
 * `switchboard simulate --script <file>`: load the script, start the server, provision, play the
 * timeline, and log every model event as a structured line. The CLI only parses flags and calls this.
 */
import { pino, type Logger } from 'pino';
import { systemClock, type Clock } from './clock.ts';
import type { Control } from './control/control.ts';
import { loadScript } from './script/loader.ts';
import { runScript, type ScriptRun } from './script/runner.ts';
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
}

export interface StandaloneHandle {
  readonly url: string;
  readonly control: Control;
  /** The timeline; `done` settles when it has played (a refused step rejects it, and is logged). */
  readonly run: ScriptRun;
  /** Cancels the timeline and stops the server. */
  stop(): Promise<void>;
}

/** Throws ScriptError for a bad script before anything listens. */
export async function startStandalone(options: StandaloneOptions): Promise<StandaloneHandle> {
  const logger = options.logger ?? pino({ level: 'info' });
  const clock = options.clock ?? systemClock;
  const script = await loadScript(options.scriptPath);
  const simulator = createSimulator({
    logger,
    clock,
    ...(options.host === undefined ? {} : { host: options.host }),
    ...(options.port === undefined ? {} : { port: options.port }),
    ...(options.credentials === undefined ? {} : { credentials: options.credentials }),
    ...(options.heartbeatIntervalMs === undefined ? {} : { heartbeatIntervalMs: options.heartbeatIntervalMs }),
  });
  const { url } = await simulator.start();
  const events = logger.child({ part: 'switch' });
  simulator.control.onModelEvent((event, at) => events.info({ at, event }, `model event ${event.name}`));
  try {
    simulator.control.provision(script.provision);
  } catch (error) {
    await simulator.stop();
    throw error;
  }
  const run = runScript(simulator.control, script, clock, { fileName: options.scriptPath });
  run.done.then(
    () => logger.info({ script: options.scriptPath }, 'script timeline finished'),
    (error: unknown) => logger.error({ err: error, script: options.scriptPath }, 'script timeline stopped'),
  );
  logger.info({ url, script: options.scriptPath }, 'simulator running');
  return {
    url,
    control: simulator.control,
    run,
    async stop() {
      run.cancel();
      await simulator.stop();
    },
  };
}
