/**
 * The normalized events an adapter hands to Pega (client-side guide, "JSON schema properties";
 * server-side guide, "Passing call data to the clipboard"). Property names are Pega's, typed
 * string as Pega types them. Documented fields are strict; nothing else is allowed, so an
 * adapter cannot smuggle state into fields Pega would ignore.
 */
import { Type, type Static, type TSchema } from '@sinclair/typebox';

const strict = { additionalProperties: false } as const;
const Media = Type.Literal('Phone');

export const CALL_EVENT_NAMES = ['Offering', 'Alerting', 'Initiated', 'Connected', 'Established', 'Held', 'Retrieved', 'Disconnected', 'Abandoned'] as const;
export type CallEventName = (typeof CALL_EVENT_NAMES)[number];
export const CALL_TYPES = ['INBOUND', 'OUTBOUND', 'INTERNAL', 'CONSULT', 'UNKNOWN'] as const;
export type CallType = (typeof CALL_TYPES)[number];
export const AGENT_EVENT_NAMES = ['Ready', 'NotReady', 'Login', 'Logout', 'Unknown'] as const;
export type AgentEventName = (typeof AGENT_EVENT_NAMES)[number];
export const WORK_MODES = ['', 'MODE_NONE', 'MODE_AUTO_IN', 'MODE_MANUAL_IN', 'ACW', 'BUSY', 'AUX_WORK'] as const;
export const SNAPSHOT_AGENT_STATES = ['Ready', 'NotReady', 'Login', 'Logout', 'Busy', 'Unknown'] as const;

function oneOf<T extends readonly string[]>(values: T) {
  return Type.Union(
    values.map((v) => Type.Literal(v)),
    { description: values.map((v) => (v === '' ? '""' : v)).join(', ') },
  );
}

/** Terminal call events: nothing follows them for the same call on the same extension. */
export const TERMINAL_CALL_EVENTS: readonly CallEventName[] = ['Disconnected', 'Abandoned'];

/**
 * pyCallState on the Disconnected that ends a call the switch could not complete (the far end was
 * busy, the number does not exist, nobody answered; any other reason is Failed). Pega lists
 * pyCallState among the basic call properties without naming its values [INFER]
 * (docs/decisions/0013); other call events leave it out.
 */
export const CALL_FAILURE_STATES = ['Busy', 'InvalidNumber', 'NoAnswer', 'Failed'] as const;
export type CallFailureState = (typeof CALL_FAILURE_STATES)[number];

export const PegaEventSchemas = {
  CallStateEvent: Type.Object(
    {
      pyEventType: Type.Literal('CallStateEvent'),
      pyEventName: oneOf(CALL_EVENT_NAMES),
      pyCallId: Type.String({ minLength: 1 }),
      pyCallType: oneOf(CALL_TYPES),
      pyMedia: Media,
      /** Calling number (ANI). */
      pyANI: Type.String(),
      /** Dialled number (DNIS). */
      pyDNIS: Type.String(),
      /** The other party's device number, seen from this extension. */
      pyOtherDN: Type.String(),
      /** The monitored extension this event is about. */
      pyThisDN: Type.String({ minLength: 1 }),
      pyCallState: Type.Optional(Type.String()),
      /** Call data attached to the call (8.7: value group pyNamedVariables). */
      pyNamedVariables: Type.Record(Type.String(), Type.String()),
    },
    strict,
  ),
  AgentStateEvent: Type.Object(
    {
      pyEventType: Type.Literal('AgentStateEvent'),
      pyEventName: oneOf(AGENT_EVENT_NAMES),
      pyMedia: Media,
      pyReasonCode: Type.String(),
      pyWorkMode: oneOf(WORK_MODES),
    },
    strict,
  ),
  SnapshotEvent: Type.Object(
    {
      pyEventType: Type.Literal('SnapshotEvent'),
      pyEventName: Type.Literal('Snapshot'),
      pyMedia: Media,
      pyAgentId: Type.String(),
      pyAgentState: oneOf(SNAPSHOT_AGENT_STATES),
      pyDeviceState: oneOf(['OPENED', 'CLOSED'] as const),
      pyLinkState: oneOf(['CONNECTED', 'DISCONNECTED'] as const),
      pyReasonCode: Type.String(),
      pyWorkMode: oneOf(WORK_MODES),
    },
    strict,
  ),
  /**
   * The parties of a call, as the switch reports them after a transfer, a conference or a party
   * leaving one (client-side PartyInfoEvent.json). Sent to the desktop of every monitored extension
   * still in the call; pyParties in the switch's order, this extension included [INFER]
   * (docs/decisions/0013).
   */
  PartyInfoEvent: Type.Object(
    {
      pyEventType: Type.Literal('PartyInfoEvent'),
      pyEventName: Type.Literal('PartyInfo'),
      pyCallId: Type.String({ minLength: 1 }),
      pyMedia: Media,
      pyThisDN: Type.String({ minLength: 1 }),
      pyParties: Type.Array(Type.Object({ pyDN: Type.String({ minLength: 1 }) }, strict)),
    },
    strict,
  ),
} satisfies Record<string, TSchema>;

export type PegaEventType = keyof typeof PegaEventSchemas;
export type PegaEvent = { [K in PegaEventType]: Static<(typeof PegaEventSchemas)[K]> }[PegaEventType];
export type PegaEventOf<K extends PegaEventType> = Extract<PegaEvent, { pyEventType: K }>;
export type CallStateEvent = PegaEventOf<'CallStateEvent'>;
export type AgentStateEvent = PegaEventOf<'AgentStateEvent'>;
export type PartyInfoEvent = PegaEventOf<'PartyInfoEvent'>;

/** What an adapter hands to Pega: the event and the extension (DN) whose desktop must get it. */
export const EventDeliverySchema = Type.Object({ DN: Type.String({ minLength: 1 }), event: Type.Unknown() }, strict);
export interface EventDelivery {
  readonly DN: string;
  readonly event: PegaEvent;
}
