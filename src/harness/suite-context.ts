/**
 * What the Cucumber run is told by `certify` (world parameters) and what it builds from that once
 * per run: the adapter and the logger. The adapter is shared for the whole run — one import of a
 * module, one started process, one event service — from the preflight until the run's
 * SuiteResources are released, which the certification does once the run is over (also when it
 * fails).
 */
import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import { fileLogger } from '../platform/logging.ts';
import type { DialectName } from '../../simulator/index.ts';
import { isTelephonyMode, type AdapterFactory, type TelephonyMode } from '../contract/index.ts';
import { loadAdapter, type DriverOptions, type LoadedAdapter } from './drivers.ts';
import { SetupError } from './errors.ts';
import type { WireLog } from './wire-log.ts';

export interface SuiteParameters {
  /** The run's SuiteResources (openSuite): its adapter, shared with its preflight and property run. */
  readonly suiteId: string;
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
  /** Where every scenario's CTI frames go (`certify --wire-log`); absent: nowhere. */
  readonly wireLog?: WireLog;
}

/**
 * The runs under way in this process, by id: the one way a scenario finds its run's live adapter,
 * since Cucumber hands every World a structured clone of the world parameters (JSON data only).
 * An entry lives from openSuite() to its release() (docs/decisions/0040).
 */
const runs = new Map<string, SuiteResources>();

/**
 * A run's resources, registered so that its scenarios (world parameter suiteId) find them. A wire
 * log given here is the run's: its owner opened it and closes it once the run is over.
 */
export function openSuite(options: { readonly wireLog?: WireLog } = {}): SuiteResources {
  const resources = new SuiteResources(randomUUID(), options.wireLog);
  runs.set(resources.id, resources);
  return resources;
}

/**
 * What one certification run shares between its preflight, its scenarios and its property run: the
 * loaded adapters and the contexts built from them. Opened per run by its owner (openSuite), who
 * calls release() once the run is over.
 */
export class SuiteResources {
  readonly id: string;
  /** Where the scenarios' CTI frames go, when the run keeps a wire log. */
  readonly wireLog: WireLog | undefined;
  readonly #adapters = new Map<string, Promise<LoadedAdapter>>();
  readonly #contexts = new Map<string, Promise<SuiteContext>>();

  constructor(id: string, wireLog?: WireLog) {
    this.id = id;
    this.wireLog = wireLog;
  }

  /** The adapter for `spec`, loaded (or started) once until release(). */
  adapter(spec: string, options: DriverOptions): Promise<LoadedAdapter> {
    const key = JSON.stringify([spec, options.cwd, options.outDir]);
    let loaded = this.#adapters.get(key);
    if (loaded === undefined) {
      loaded = loadAdapter(spec, options);
      this.#adapters.set(key, loaded);
    }
    return loaded;
  }

  context(parameters: SuiteParameters): Promise<SuiteContext> {
    const key = JSON.stringify(parameters);
    let context = this.#contexts.get(key);
    if (context === undefined) {
      context = build(this, parameters);
      this.#contexts.set(key, context);
    }
    return context;
  }

  /** Closes every adapter loaded here (stops started processes and event services) and forgets the contexts. */
  async release(): Promise<void> {
    runs.delete(this.id);
    const loaded = [...this.#adapters.values()];
    this.#adapters.clear();
    this.#contexts.clear();
    await Promise.all(
      loaded.map((adapter) =>
        adapter.then(
          (a) => a.close(),
          () => undefined,
        ),
      ),
    );
  }
}

/** The context of the run a scenario belongs to (world parameter suiteId). */
export function suiteContext(parameters: SuiteParameters): Promise<SuiteContext> {
  if (!isTelephonyMode(parameters.mode)) throw new SetupError('unknownMode', `world parameter mode ${JSON.stringify(parameters.mode)} is not a telephony mode`);
  const resources = runs.get(parameters.suiteId);
  if (resources === undefined)
    throw new Error(
      `world parameter suiteId ${JSON.stringify(parameters.suiteId)} names no run under way: open one with openSuite() and release it after the run`,
    );
  return resources.context(parameters);
}

async function build(resources: SuiteResources, parameters: SuiteParameters): Promise<SuiteContext> {
  const loaded = await resources.adapter(parameters.adapter, {
    cwd: parameters.cwd,
    outDir: parameters.outDir,
    ...(parameters.startTimeoutMs === undefined ? {} : { startTimeoutMs: parameters.startTimeoutMs }),
  });
  const logger = fileLogger(parameters.logFile, 'debug');
  return {
    factory: loaded.factory,
    logger,
    releaseSessions: () => loaded.releaseSessions(),
    ...(resources.wireLog === undefined ? {} : { wireLog: resources.wireLog }),
  };
}
