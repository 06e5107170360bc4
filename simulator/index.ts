/**
 * The simulator's public entry. Modules inside simulator/ import each other directly, never
 * through this file. Importing it creates nothing.
 */
export { createSimulator, DEFAULT_CREDENTIALS, DEFAULT_HEARTBEAT_INTERVAL_MS, type Simulator, type SimulatorOptions } from './simulator.ts';
export type { SwitchLinks } from './server.ts';
export type { OpenMonitor } from './sessions/monitors.ts';
export { startStandalone, type StandaloneHandle, type StandaloneOptions } from './standalone.ts';
export { systemClock, createManualClock, type Clock, type ManualClock } from './clock.ts';
export { type Control, type ModelEventListener, type VerbArgs } from './control/control.ts';
export { ControlError, type ControlErrorCode } from './control/control-error.ts';
export {
  startControlHttp,
  controlTokenProblem,
  generateControlToken,
  CONTROL_TOKEN_ENV,
  MAX_CONTROL_BODY_BYTES,
  MAX_EVENTS_PAGE,
  MAX_EVENTS_WAIT_MS,
  type ControlHttpOptions,
  type ControlHttpServer,
} from './control/http.ts';
export { CONTROL_VERBS, runVerb, channelRefs, type VerbOutcome } from './control/remote-verbs.ts';
export { truthView, type TruthView, type AgentView, type CallView } from './control/truth-view.ts';
export { createJournal, type Journal, type JournalEntry, type JournalPage } from './control/journal.ts';
export { MODEL_ERROR_CODES, type ModelErrorCode } from './model/errors.ts';
export type {
  ModelEvent,
  ModelEventName,
  ModelState,
  ModelInput,
  Provisioning,
  CallTarget,
  AgentAction,
  AgentStatus,
  AgentStatusKind,
  RequestedAgentState,
  AcdOptions,
  DialPlanSettings,
  FarEndSettings,
  FarEndBehaviour,
  OutsideNumber,
  WireModelEvent,
} from './model/types.ts';
export type { WireDialect, DialectName } from './protocol/dialect.ts';
export { DIALECT_NAMES } from './protocol/dialect.ts';
export type { Dialect } from './dialects/dialect.ts';
export type { TapDirection, TappedFrame, WireTap } from './wire-tap.ts';
export { dialectNamed, isDialectName, type DialectLookup } from './dialects/registry.ts';
export { createCstaJsonDialect } from './protocol/csta-json.ts';
export type { Credentials } from './sessions/session.ts';
export { loadScript, parseScript } from './script/loader.ts';
export { runScript, type ScriptRun } from './script/runner.ts';
export { ScriptError, type ScriptErrorCode } from './script/script-error.ts';
export type { Script } from './script/schema.ts';
export {
  FaultPlanSchema,
  FaultRuleSchema,
  FaultActionSchema,
  FaultActionSchemas,
  FaultMatchSchema,
  FAULT_ACTION_KINDS,
  FAULT_DIRECTIONS,
  FAULT_FRAME_TYPES,
  type FaultPlan,
  type FaultRule,
  type FaultAction,
  type FaultActionKind,
  type FaultActionOf,
  type FaultMatch,
  type FaultDirection,
  type FaultFrameType,
  type FaultFrameName,
  type FaultRecord,
  type FaultListener,
} from './faults/types.ts';
export { checkFaultPlan } from './faults/check.ts';
