/**
 * What the Cucumber run is told by `certify` (world parameters) and what it builds from that once
 * per process: the adapter factory and the logger. Loading is memoised per parameter set so every
 * scenario shares one import of the adapter module.
 */
import pino, { type Logger } from 'pino';
import { isTelephonyMode, type AdapterFactory, type TelephonyMode } from '../contract/index.ts';
import { loadAdapter } from './drivers.ts';
import { SetupError } from './errors.ts';

export interface SuiteParameters {
  readonly adapter: string;
  readonly cwd: string;
  readonly mode: TelephonyMode;
  readonly deadlineMs: number;
  readonly quietMs: number;
  /** Where the adapter and simulator logs go; absent = silent. */
  readonly logFile?: string;
}

export interface SuiteContext {
  readonly factory: AdapterFactory;
  readonly logger: Logger;
}

const contexts = new Map<string, Promise<SuiteContext>>();

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
  const loaded = await loadAdapter(parameters.adapter, parameters.cwd);
  const logger =
    parameters.logFile === undefined
      ? pino({ level: 'silent' })
      : pino({ level: 'debug', redact: { paths: ['*.password', '*.AgentPassword', '*.*.password', '*.*.AgentPassword'], censor: '***' } }, pino.destination({ dest: parameters.logFile, sync: true }));
  return { factory: loaded.factory, logger };
}
