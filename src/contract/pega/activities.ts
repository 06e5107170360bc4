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
    AgentOptions: Type.Optional(
      Type.Object({ pyOpenCTI: Type.Optional(Type.Object({ pyReasonCode: Type.Optional(Type.String()) })) }),
    ),
    WorkMode: Type.Optional(Type.String()),
    Destination: Type.Optional(Type.String()),
    Digits: Type.Optional(Type.String()),
    CallData: Type.Optional(Type.Record(Type.String(), Type.String())),
  },
  { additionalProperties: false },
);
export type AdapterPage = Static<typeof AdapterPageSchema>;
