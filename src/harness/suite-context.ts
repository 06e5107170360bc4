/**
 * What the Cucumber run is told by `certify` (world parameters) and what it builds from that once
 * per process: the adapter and the logger. The adapter is shared for the whole run — one import of
 * a module, one started process, one event service — from the preflight until `releaseSuite()`,
 * which the certification calls once the run is over (also when it fails).
 */
import { logOptions } from '../platform/logging.ts';
import pino, { type Logger } from 'pino';
import type { DialectName } from '../../simulator/index.ts';
import { isTelephonyMode, type AdapterFactory, type TelephonyMode } from '../contract/index.ts';
import { loadAdapter, type DriverOptions, type LoadedAdapter } from './drivers.ts';
import { SetupError } from './errors.ts';

export interface SuiteParameters {
  readonly adapter: string;
  readonly cwd: string;
  /** The report folder (a started adapter's output is captured there). */
  readonly outDir: string;
  readonly mode: TelephonyMode;
  readonly deadlineMs: number;
  readonly quietMs: number;
  /** Where the adapter and simulator logs go; absent = silent. */
  readonly logFile?: string;
  /** How long a cmd: adapter may take to answer GET /health. */
  readonly startTimeoutMs?: number;
  /** The CTI link's dialect; absent = json. */
  readonly dialect?: DialectName;
}

export interface SuiteContext {
  readonly factory: AdapterFactory;
  readonly logger: Logger;
  /** Ends what the previous scenario left open on the adapter (HTTP sessions). */
  releaseSessions(): Promise<void>;
}

const adapters = new Map<string, Promise<LoadedAdapter>>();
const contexts = new Map<string, Promise<SuiteContext>>();

/** The adapter for `spec`, loaded (or started) once per process until releaseSuite(). */
export function sharedAdapter(spec: string, options: DriverOptions): Promise<LoadedAdapter> {
  const key = JSON.stringify([spec, options.cwd, options.outDir]);
  let loaded = adapters.get(key);
  if (loaded === undefined) {
    loaded = loadAdapter(spec, options);
    adapters.set(key, loaded);
  }
  return loaded;
}

/** Closes every shared adapter (stops started processes and event services) and forgets the contexts. */
export async function releaseSuite(): Promise<void> {
  const loaded = [...adapters.values()];
  adapters.clear();
  contexts.clear();
  await Promise.all(loaded.map((adapter) => adapter.then((a) => a.close(), () => undefined)));
}

export function suiteContext(parameters: SuiteParameters): Promise<SuiteContext> {
  if (!isTelephonyMode(parameters.mode)) throw new SetupError('unknownMode', `world parameter mode ${JSON.stringify(parameters.mode)} is not a telephony mode`);
  const key = JSON.stringify(parameters);
  let context = contexts.get(key);
  if (context === undefined) {
    context = build(parameters);
    contexts.set(key, context);
  }
  return context;
}

async function build(parameters: SuiteParameters): Promise<SuiteContext> {
  const loaded = await sharedAdapter(parameters.adapter, {
    cwd: parameters.cwd,
    outDir: parameters.outDir,
    ...(parameters.startTimeoutMs === undefined ? {} : { startTimeoutMs: parameters.startTimeoutMs }),
  });
  const logger =
    parameters.logFile === undefined
      ? pino({ level: 'silent' })
      : pino(logOptions('debug'), pino.destination({ dest: parameters.logFile, sync: true }));
  return { factory: loaded.factory, logger, releaseSessions: () => loaded.releaseSessions() };
}
