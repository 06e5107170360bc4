/**
 * The event pipeline, as Pega's HandleEvent runs it (server-side guide, "Processing events"):
 * SetEventType -> FilterEvent -> FilterEventsOnDeviceCapabilities -> ConvertEvent -> send ->
 * EventPostProcessing. Each stage is a plain function an adapter variant may replace.
 */
import type { CtiEvent } from '../../contract/cti-wire/frames.ts';
import type { TelephonyMode } from '../../contract/pega/modes.ts';
import type { AgentEventName, CallEventName, CallFailureState, CallType, EventDelivery, PegaEvent } from '../../contract/pega/events.ts';
import type { AdapterLogger, EventSink } from '../../contract/pega/face.ts';
import type { CallRecord } from './call-record.ts';
import type { CallTable } from './call-table.ts';

export interface CallFacts {
  readonly callId: string;
  readonly callType: CallType;
  readonly ani: string;
  readonly dnis: string;
  readonly otherDN: string;
  readonly callData: Readonly<Record<string, string>>;
}

/** A CTI event named in Pega's words, before it is shaped into the event Pega receives. */
export type NormalizedEvent =
  /** `failure`: why a call the switch could not complete ended (its Disconnected's pyCallState). */
  | { readonly kind: 'call'; readonly name: CallEventName; readonly call: CallFacts; readonly failure?: CallFailureState }
  | { readonly kind: 'agent'; readonly name: AgentEventName; readonly reasonCode: string; readonly workMode: AgentWorkMode }
  /** The parties of a call after a transfer, a conference or a party leaving (PartyInfoEvent). */
  | { readonly kind: 'party'; readonly name: 'PartyInfo'; readonly callId: string; readonly parties: readonly string[] };

/** The work modes the reference adapter reports: after-call work and busy on a call are Not Ready sub-states. */
export type AgentWorkMode = '' | 'ACW' | 'BUSY';

export type PegaEventName = CallEventName | AgentEventName | 'PartyInfo';

/** Which Pega events the device supports (Pega's device capabilities configuration). */
export interface DeviceCapabilities {
  readonly unsupportedEvents: readonly PegaEventName[];
}

/** What every stage may read: the monitored extension and its calls. */
export interface StageContext {
  readonly mode: TelephonyMode;
  readonly thisDN: string;
  readonly calls: CallTable;
  readonly capabilities: DeviceCapabilities;
  readonly sink: EventSink;
  readonly logger: AdapterLogger;
}

export interface SetEventTypeInput {
  readonly event: CtiEvent;
  /** This extension's record of the call as it was before `event`; undefined for agent events and unknown calls. */
  readonly call: CallRecord | undefined;
  /** For Transferred / Conferenced: the record of the consult call merged into `call` (secondaryOldCall), if known here. */
  readonly secondary: CallRecord | undefined;
}

export interface PostProcessInput {
  readonly event: CtiEvent;
  /** What setEventType named (empty: nothing for this desktop). */
  readonly normalized: readonly NormalizedEvent[];
  /** True when at least one of them reached the desktop. */
  readonly delivered: boolean;
}

export interface PipelineStages {
  /** Vendor event -> Pega events, in delivery order; empty when the CTI event means nothing to this desktop (a transfer may mean several). */
  readonly setEventType: (input: SetEventTypeInput, ctx: StageContext) => readonly NormalizedEvent[];
  /** Keeps only what the telephony mode shows. */
  readonly filterEvent: (event: NormalizedEvent, ctx: StageContext) => boolean;
  /** Keeps only what the device supports. */
  readonly filterOnDeviceCapabilities: (event: NormalizedEvent, ctx: StageContext) => boolean;
  /** Shapes the event Pega receives. */
  readonly convertEvent: (event: NormalizedEvent, ctx: StageContext) => PegaEvent;
  /** Hands the event to the desktop of the extension. */
  readonly deliver: (delivery: EventDelivery, ctx: StageContext) => void;
  /** Runs after every CTI event, delivered or not (so a filtered terminal event still ends the call). */
  readonly postProcess: (input: PostProcessInput, ctx: StageContext) => void;
}
