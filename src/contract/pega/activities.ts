/**
 * The request activities Pega Call invokes on an adapter (base class
 * ChannelServices-Embed-Adapter-OpenCTI), the mode each first belongs to, and the adapter-page
 * properties they read. Names are canonical PascalCase; Pega's own casing varies between pages
 * (AnswerCall / answerCall), so the request kind, not the spelling, is the identity.
 */
import { Type, type Static } from '@sinclair/typebox';
import type { TelephonyMode } from './modes.ts';

export interface ActivitySpec {
  /** The first telephony mode in which the activity must work; below it, it must be refused. */
  readonly mode: TelephonyMode;
  readonly purpose: string;
}

export const ACTIVITIES = {
  OpenAdapter: { mode: 'simple', purpose: 'per-user initialization: connect and authenticate to the CTI server' },
  CloseAdapter: { mode: 'simple', purpose: 'per-user clean-up: stop every subscription and close the link' },
  SubscribeForEvents: { mode: 'simple', purpose: 'start monitoring the extension DN' },
  UnSubscribeForEvents: { mode: 'simple', purpose: 'stop monitoring the extension DN' },
  LoginAgent: { mode: 'simple', purpose: 'log the agent in (Simple mode: monitor the extension only)' },
  LogoutAgent: { mode: 'simple', purpose: 'log the agent out, unsubscribe and close (Simple mode: unsubscribe and close only)' },
  SetAgentReady: { mode: 'agent-state', purpose: 'make the agent Ready (Available)' },
  SetAgentNotReady: { mode: 'agent-state', purpose: 'make the agent Not Ready, with a reason code or after-call work' },
  AnswerCall: { mode: 'full', purpose: 'answer the ringing call' },
  HangUpCall: { mode: 'full', purpose: 'release the extension from the call' },
  HoldCall: { mode: 'full', purpose: 'put the active call on hold' },
  RetrieveCall: { mode: 'full', purpose: 'take the held call back' },
  MakeCall: { mode: 'full', purpose: 'dial a destination' },
  SendDTMF: { mode: 'full', purpose: 'send DTMF digits on the active call' },
  ConsultationCall: { mode: 'full', purpose: 'hold the call and dial a consultation' },
  ConferenceInitiate: { mode: 'full', purpose: 'start a conference by consulting a destination' },
  ConferenceComplete: { mode: 'full', purpose: 'join the held call and the consultation' },
  DropParty: { mode: 'full', purpose: 'remove a party from a conference' },
  TransferInitiate: { mode: 'full', purpose: 'start a warm transfer by consulting a destination' },
  TransferComplete: { mode: 'full', purpose: 'complete the warm transfer' },
  BlindTransfer: { mode: 'full', purpose: 'transfer the call in one step' },
} as const satisfies Record<string, ActivitySpec>;

export type ActivityName = keyof typeof ACTIVITIES;
export const ACTIVITY_NAMES = Object.keys(ACTIVITIES) as ActivityName[];

export function isActivityName(value: unknown): value is ActivityName {
  return typeof value === 'string' && Object.hasOwn(ACTIVITIES, value);
}

/** The adapter-page properties Pega sets before invoking an activity (server-side guide, each activity's page). */
export const AdapterPageSchema = Type.Object(
  {
    DN: Type.Optional(Type.String()),
    CallID: Type.Optional(Type.String()),
    HeldCallId: Type.Optional(Type.String()),
    AgentID: Type.Optional(Type.String()),
    AgentPassword: Type.Optional(Type.String()),
    Queue: Type.Optional(Type.String()),
    AgentOptions: Type.Optional(Type.Object({ pyOpenCTI: Type.Optional(Type.Object({ pyReasonCode: Type.Optional(Type.String()) })) })),
    WorkMode: Type.Optional(Type.String()),
    Destination: Type.Optional(Type.String()),
    Digits: Type.Optional(Type.String()),
    CallData: Type.Optional(Type.Record(Type.String(), Type.String())),
  },
  { additionalProperties: false },
);
export type AdapterPage = Static<typeof AdapterPageSchema>;

export type PageProperty = keyof AdapterPage;

/** What one call-control activity reads from the adapter page, and what each property means for it. */
export interface CallControlPage {
  readonly required: readonly PageProperty[];
  /** Optional: when absent the adapter finds the value itself or goes without (see `meaning`). */
  readonly optional: readonly PageProperty[];
  readonly meaning: Readonly<Partial<Record<PageProperty, string>>>;
}

const DN_MEANING = "the CSR's extension: the device that acts";
const ACTIVE_CALL = 'the call to act on; absent: the only connected call at DN';
const DESTINATION = "the number to dial: an extension, a queue's number or an outside number";
const TRANSFER_DATA = "call data to attach (Pega's PegaCallData / PegaAppData transforms); names to string values";

/**
 * The adapter-page properties of the Full-telephony activities (server-side guide, the activity
 * pages; client-side guide for the advanced ones, whose server pages Pega does not publish).
 * Pega names CallID, HeldCallId, DN; Destination, Digits and CallData are our names for the
 * destination, DTMF digits and call data the client-side functions take [INFER]
 * (docs/decisions/0013). Missing optional properties are found from the CTI server's view of DN
 * (SnapshotDevice) when exactly one call fits.
 */
export const CALL_CONTROL_PAGES = {
  AnswerCall: {
    required: ['DN'],
    optional: ['CallID'],
    meaning: { DN: DN_MEANING, CallID: 'the ringing call to answer; absent: the only call ringing at DN' },
  },
  HangUpCall: {
    required: ['DN'],
    optional: ['CallID'],
    meaning: { DN: DN_MEANING, CallID: 'the call to leave; absent: the only call at DN not on hold, else the only call at DN' },
  },
  HoldCall: {
    required: ['DN'],
    optional: ['HeldCallId', 'CallID'],
    meaning: {
      DN: DN_MEANING,
      HeldCallId: "the call to put on hold (Pega's name for it on holdCall)",
      CallID: 'the same, when HeldCallId is absent; both absent: the only connected call at DN',
    },
  },
  RetrieveCall: {
    required: ['DN'],
    optional: ['HeldCallId', 'CallID'],
    meaning: { DN: DN_MEANING, HeldCallId: 'the held call to take back', CallID: 'the same, when HeldCallId is absent; both absent: the only held call at DN' },
  },
  MakeCall: { required: ['DN', 'Destination'], optional: ['CallData'], meaning: { DN: DN_MEANING, Destination: DESTINATION, CallData: TRANSFER_DATA } },
  SendDTMF: { required: ['DN', 'Digits'], optional: ['CallID'], meaning: { DN: DN_MEANING, Digits: 'the DTMF digits: 0-9, *, #, A-D', CallID: ACTIVE_CALL } },
  ConsultationCall: {
    required: ['DN', 'Destination'],
    optional: ['CallID', 'CallData'],
    meaning: {
      DN: DN_MEANING,
      CallID: 'the call to hold while consulting; absent: the only connected call at DN',
      Destination: DESTINATION,
      CallData: `${TRANSFER_DATA}, added to the held call's data`,
    },
  },
  ConferenceInitiate: {
    required: ['DN', 'Destination'],
    optional: ['CallID', 'CallData'],
    meaning: { DN: DN_MEANING, CallID: 'as ConsultationCall', Destination: 'the party to consult and then add', CallData: 'as ConsultationCall' },
  },
  ConferenceComplete: {
    required: ['DN'],
    optional: ['HeldCallId', 'CallID'],
    meaning: {
      DN: DN_MEANING,
      HeldCallId: 'the held (original) call; absent: the only held call at DN',
      CallID: 'the active consultation call; absent: the only call at DN not on hold',
    },
  },
  DropParty: {
    required: ['DN', 'Destination'],
    optional: ['CallID'],
    meaning: { DN: DN_MEANING, CallID: 'the conference call; absent: the only connected call at DN', Destination: 'the party to remove from the call' },
  },
  TransferInitiate: {
    required: ['DN', 'Destination'],
    optional: ['CallID', 'CallData'],
    meaning: { DN: DN_MEANING, CallID: 'as ConsultationCall', Destination: 'the party to transfer to', CallData: 'as ConsultationCall' },
  },
  TransferComplete: {
    required: ['DN'],
    optional: ['HeldCallId', 'CallID'],
    meaning: { DN: DN_MEANING, HeldCallId: 'as ConferenceComplete', CallID: 'as ConferenceComplete' },
  },
  BlindTransfer: {
    required: ['DN', 'Destination'],
    optional: ['CallID', 'CallData'],
    meaning: { DN: DN_MEANING, CallID: ACTIVE_CALL, Destination: 'the party to transfer the call to', CallData: TRANSFER_DATA },
  },
} as const satisfies Partial<Record<ActivityName, CallControlPage>>;

export type CallControlActivity = keyof typeof CALL_CONTROL_PAGES;
export const CALL_CONTROL_ACTIVITIES = Object.keys(CALL_CONTROL_PAGES) as CallControlActivity[];
