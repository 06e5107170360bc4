/**
 * The reference Pega Call OpenCTI adapter. `createAdapter` is the module contract (one instance
 * per CSR session); `createReferenceAdapter` also lets a variant replace pipeline stages or the
 * device capabilities. The adapter meets the CTI server only on the wire (src/contract/cti-wire).
 */
import type { AdapterContext, AdapterFactory, PegaCallAdapter } from '../contract/pega/face.ts';
import { buildActivities } from './activities/build.ts';
import { implementations } from './activities/implementations.ts';
import { loggableSettings, parseSettings } from './config/settings.ts';
import { ALL_CAPABILITIES } from './pipeline/filter-capabilities.ts';
import { withStages } from './pipeline/defaults.ts';
import type { DeviceCapabilities, PipelineStages } from './pipeline/types.ts';
import type { RandomSource } from './random.ts';
import { AdapterSession } from './session.ts';
import { REAL_TIMERS, type Timers } from './timers.ts';

export interface ReferenceAdapterOverrides {
  /** Stages to use instead of the reference ones; the others stay. */
  readonly stages?: Partial<PipelineStages>;
  /** Events the device does not support (FilterEventsOnDeviceCapabilities); default: all supported. */
  readonly capabilities?: DeviceCapabilities;
  /** The clock and timers behind every deadline, the heartbeat watchdog and the reconnect backoff; default: the real ones. */
  readonly timers?: Timers;
  /** The reconnect jitter's random source; default: seeded from the settings and the subscribed extensions (decision 0014). */
  readonly random?: RandomSource;
}

/** Throws AdapterConfigError when the settings are refused. */
export function createReferenceAdapter(context: AdapterContext, overrides: ReferenceAdapterOverrides = {}): PegaCallAdapter {
  const settings = parseSettings(context.settings);
  const { sink, logger } = context;
  logger.info({ settings: loggableSettings(settings) }, 'reference adapter created');
  const session = new AdapterSession({
    settings,
    stages: withStages(overrides.stages),
    capabilities: overrides.capabilities ?? ALL_CAPABILITIES,
    sink,
    logger,
    timers: overrides.timers ?? REAL_TIMERS,
    ...(overrides.random === undefined ? {} : { random: overrides.random }),
  });
  return buildActivities(implementations(session, settings.mode), settings.mode, logger);
}

export const createAdapter: AdapterFactory = (context) => createReferenceAdapter(context);

export { AdapterConfigError, FAILURES, LinkFailure, type FailureKind } from './errors.ts';
export { DEFAULT_APPLICATION_ID, type ReferenceSettings } from './config/settings.ts';
export { DEFAULT_STAGES } from './pipeline/defaults.ts';
export { REAL_TIMERS, type TimerHandle, type Timers } from './timers.ts';
export { seededRandom, type RandomSource } from './random.ts';
export { backoffCeiling, backoffDelay, type BackoffSettings } from './link/backoff.ts';
export { CALL_EVENTS_SHOWN } from './pipeline/filter-event.ts';
export type { CallFacts, DeviceCapabilities, NormalizedEvent, PipelineStages, PostProcessInput, SetEventTypeInput, StageContext } from './pipeline/types.ts';
export type { CallRecord } from './pipeline/call-record.ts';
