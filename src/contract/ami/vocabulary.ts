/**
 * The AMI dialect's vocabulary, shared by the simulator's AMI and the reference adapter's AMI link
 * (docs/dialects/ami.md). How the AMI dialect names the model's parties: a party of a call is a channel
 * `PJSIP/<device>-<callId>`; the call is the channels' Linkedid; an agent's phone is the queue
 * member interface `PJSIP/<device>`. Names go both ways, so a request naming a channel finds its
 * call and device again.
 */
import type { WireErrorCode } from '../cti-wire/frames.ts';

export const TECH = 'PJSIP';

export function channelOf(device: string, callId: string): string {
  return `${TECH}/${device}-${callId}`;
}

export function interfaceOf(device: string): string {
  return `${TECH}/${device}`;
}

/** Asterisk's Uniqueid is unique per channel: here the call and the party. */
export function uniqueIdOf(device: string, callId: string): string {
  return `${callId}.${device}`;
}

const CHANNEL = /^[A-Za-z]+\/(\+?[0-9]{1,32})-([A-Za-z0-9._:]{1,64})$/;
const INTERFACE = /^[A-Za-z]+\/(\+?[0-9]{1,32})$/;

export function parseChannel(channel: string): { readonly device: string; readonly callId: string } | null {
  const m = CHANNEL.exec(channel);
  return m === null || m[1] === undefined || m[2] === undefined ? null : { device: m[1], callId: m[2] };
}

export function parseInterface(iface: string): string | null {
  return INTERFACE.exec(iface)?.[1] ?? null;
}

/** The device a Channel or Interface header names, for the fault layer and the adapter's filters. */
export function deviceNamed(value: string | undefined): string | null {
  if (value === undefined) return null;
  return parseChannel(value)?.device ?? parseInterface(value);
}

/** Q.850 cause codes Asterisk reports on Hangup, from the model's causes. */
export const HANGUP_CAUSE: Readonly<Record<string, readonly [code: number, text: string]>> = {
  normal: [16, 'Normal Clearing'],
  callCancelled: [16, 'Normal Clearing'],
  noAnswer: [19, 'No answer'],
  busy: [17, 'User busy'],
  invalidNumber: [1, 'Unallocated (unassigned) number'],
};

/** DialEnd's DialStatus for a failed call. */
export const DIAL_STATUS: Readonly<Record<string, string>> = { busy: 'BUSY', noAnswer: 'NOANSWER', invalidNumber: 'CHANUNAVAIL' };

/** Channel variables carrying the CSTA particulars AMI has no header for (manager.conf `channelvars`). */
export const VAR = {
  cause: 'CTI_CAUSE',
  calling: 'CTI_CALLING',
  called: 'CTI_CALLED',
  trunk: 'CTI_TRUNK',
  parties: 'CTI_PARTIES',
  secondary: 'CTI_SECONDARY_CALL',
  transferredTo: 'CTI_TRANSFERRED_TO',
  /**
   * On a Hangup: the extensions the departure concerns (those the JSON wire reaches), written
   * `,8808,8809,` so that a literal filter `,8808,` names one (decision 0100).
   */
  devices: 'CTI_DEVICES',
  /** In a Status answer: the party holds the call (AMI's Status has no hold state of its own). */
  held: 'CTI_HELD',
} as const;

/** Call data names never start with it, so the dialect's own variables cannot clash with them. */
export const CTI_VAR_PREFIX = 'CTI_';

/** A CTI_DEVICES value, and the filter text that selects the events naming one device in it. */
export function devicesValue(devices: readonly string[]): string {
  return `,${devices.join(',')},`;
}
export function devicesFilter(device: string): string {
  return `,${device},`;
}

/** The pause reason that marks after-call work (decision 0052): Asterisk has no wrap-up state an agent can ask for. */
export const ACW_REASON = 'CTI_ACW';

/**
 * The remote-control events a desk phone honours in a NOTIFY inside its call's dialog (PJSIPNotify
 * with Channel, `Variable: Event=<name>`; BroadWorks' talk and hold event packages, decision 0100):
 * talk answers a ringing call or takes a held one back, hold holds it.
 */
export const PHONE_EVENT = { talk: 'talk', hold: 'hold' } as const;
export type PhoneEvent = (typeof PHONE_EVENT)[keyof typeof PHONE_EVENT];

/**
 * Asterisk's attended-transfer feature codes (features.conf `[general]` atxferabort, atxfercomplete,
 * atxferthreeway, at their defaults): keyed at the transferer's phone while it consults (PlayDTMF
 * with Receive), they cancel, complete or turn into a three-way call the consultation (decision 0100).
 */
export const TRANSFER_FEATURE_CODE = { abort: '*1', complete: '*2', threeway: '*3' } as const;
export type TransferFeature = keyof typeof TRANSFER_FEATURE_CODE;

/** The AMI version the banner announces (Asterisk 18's manager interface is 7.0.x). */
export const AMI_BANNER = 'Asterisk Call Manager/7.0.3';

/**
 * The Message of each refusal, as Asterisk words it where it has a word for it (app_queue,
 * manager.c); the adapter reads the failure back from the phrase the Message starts with.
 */
export const AMI_ERROR_PHRASES = {
  authenticationFailed: 'Authentication failed',
  sessionNotStarted: 'Permission denied',
  malformedFrame: 'Malformed packet',
  unknownRequest: 'Invalid/unknown command',
  invalidCallId: 'No such channel',
  invalidDeviceId: 'Interface not found',
  invalidAgentId: 'Unknown member',
  invalidAgentPassword: 'Agent password refused',
  agentAlreadyLoggedIn: 'Unable to add interface: Already there',
  deviceInUse: 'Unable to add interface: Interface in use',
  agentNotLoggedIn: 'Unable to remove interface: Not there',
  agentInSameState: 'Member already in that state',
  invalidReasonCode: 'Invalid pause reason',
  agentBusy: 'Member busy',
  invalidConnectionState: 'Channel not in a state for that',
  noConsultCall: 'No transfer in progress',
  partyAlreadyInCall: 'Party already in the call',
  invalidDestination: 'Extension does not exist.',
  destinationBusy: 'Destination busy',
  callRejected: 'Call rejected',
  serviceUnavailable: 'Internal error',
  sessionAlreadyStarted: 'Already logged in',
  unsupportedProtocolVersion: 'Unsupported protocol version',
  invalidMonitorId: 'No such monitor',
  monitorAlreadyActive: 'Already monitored',
} as const satisfies Record<WireErrorCode, string>;
export type AmiErrorCode = WireErrorCode;

/** The refusal a Message names, by the phrase it starts with; null for a message of no known phrase. */
export function amiErrorCodeOf(message: string): AmiErrorCode | null {
  let best: AmiErrorCode | null = null;
  let length = 0;
  for (const [code, phrase] of Object.entries(AMI_ERROR_PHRASES) as [AmiErrorCode, string][]) {
    if (message.startsWith(phrase) && phrase.length > length) {
      best = code;
      length = phrase.length;
    }
  }
  return best;
}
