/**
 * AMI actions as the contract's requests: what each action the dialect knows asks of the switch
 * (docs/dialects/ami.md has the table). Pure: reads the packet and, where AMI names a thing the
 * request needs by another handle (an interface, not an agent), the model's state.
 */
import type { RequestFrame } from '../../../src/contract/cti-wire/frames.ts';
import { ACW_REASON, CTI_VAR_PREFIX, parseChannel, parseInterface, PHONE_EVENT, type TransferFeature } from '../../../src/contract/ami/vocabulary.ts';
import { agentOn, callsAt, connectionOf } from '../../model/state.ts';
import type { ModelState } from '../../model/types.ts';
import { consultationAt, type Consultation } from './features.ts';
import { header, headers, unescapeValue, type Packet } from '../../../src/contract/ami/packet.ts';

export type Translated =
  | { readonly ok: true; readonly request: RequestFrame }
  | {
      readonly ok: false;
      readonly code: 'malformedFrame' | 'invalidCallId' | 'invalidDeviceId' | 'agentNotLoggedIn' | 'noConsultCall';
      readonly message: string;
    };

type Refusal = Extract<Translated, { ok: false }>;
const bad = (message: string): Refusal => ({ ok: false, code: 'malformedFrame', message });
const DIGITS = /^\+?[0-9]{1,32}$/;
const TRUE = /^(true|yes|1|on)$/i;

function channelHeader(packet: Packet): { readonly device: string; readonly callId: string } | Refusal {
  const value = header(packet, 'Channel');
  if (value === undefined || value === '') return bad('Channel not specified');
  const channel = parseChannel(value);
  return channel ?? { ok: false, code: 'invalidCallId', message: `No such channel: expected PJSIP/<extension>-<call>, got a channel the switch does not have` };
}

export function isFailure(value: object): value is Refusal {
  return 'ok' in value && value.ok === false;
}

/** Originate's Variable headers (`name=value`, one per header or comma-separated) as call data; the dialect's own CTI_ names are not call data. */
function callData(packet: Packet): Readonly<Record<string, string>> | undefined {
  const out: Record<string, string> = {};
  for (const entry of headers(packet, 'Variable')) {
    const eq = entry.indexOf('=');
    if (eq <= 0) continue;
    const name = entry.slice(0, eq);
    if (!name.startsWith(CTI_VAR_PREFIX)) out[name] = unescapeValue(entry.slice(eq + 1));
  }
  return Object.keys(out).length === 0 ? undefined : out;
}

/** PJSIPNotify's `Event` variable, lower-cased; undefined without one. */
function notifyEvent(packet: Packet): string | undefined {
  for (const entry of headers(packet, 'Variable')) {
    const eq = entry.indexOf('=');
    if (eq > 0 && entry.slice(0, eq).trim().toLowerCase() === 'event')
      return entry
        .slice(eq + 1)
        .trim()
        .toLowerCase();
  }
  return undefined;
}

function interfaceDevice(packet: Packet): string | Refusal {
  const value = header(packet, 'Interface');
  if (value === undefined || value === '') return bad("'Interface' not set.");
  return parseInterface(value) ?? { ok: false, code: 'invalidDeviceId', message: 'Interface not found: expected PJSIP/<extension>' };
}

/**
 * The request an action asks for, with `invokeId`; null for the actions the session answers itself.
 * `name` is the action as the peer wrote it, lower-cased.
 */
export function requestOf(name: string, packet: Packet, invokeId: number, model: ModelState): Translated | null {
  switch (name) {
    case 'originate': {
      const from = header(packet, 'Channel');
      const device = from === undefined ? null : (parseInterface(from) ?? parseChannel(from)?.device ?? null);
      if (device === null) return bad('Channel not specified: expected PJSIP/<extension>');
      const exten = header(packet, 'Exten');
      if (exten === undefined || !DIGITS.test(exten))
        return { ok: false, code: 'malformedFrame', message: 'Exten: expected the number to dial (digits, optionally led by +)' };
      const data = callData(packet);
      return {
        ok: true,
        request: { type: 'MakeCall', invokeId, callingDevice: device, calledDirectoryNumber: exten, ...(data === undefined ? {} : { callData: data }) },
      };
    }
    case 'hangup': {
      const channel = channelHeader(packet);
      if (isFailure(channel)) return channel;
      return { ok: true, request: { type: 'ClearConnection', invokeId, callId: channel.callId, deviceId: channel.device } };
    }
    case 'blindtransfer':
    case 'redirect': {
      const channel = channelHeader(packet);
      if (isFailure(channel)) return channel;
      const exten = header(packet, 'Exten');
      if (exten === undefined || !DIGITS.test(exten)) return bad('Exten: expected the number to transfer to');
      return { ok: true, request: { type: 'SingleStepTransfer', invokeId, callId: channel.callId, deviceId: channel.device, transferredTo: exten } };
    }
    case 'atxfer': {
      const channel = channelHeader(packet);
      if (isFailure(channel)) return channel;
      const exten = header(packet, 'Exten');
      if (exten === undefined || !DIGITS.test(exten)) return bad('Exten: expected the number to consult');
      return { ok: true, request: { type: 'ConsultationCall', invokeId, existingCallId: channel.callId, deviceId: channel.device, consultedDevice: exten } };
    }
    case 'pjsipnotify': {
      // The phone's remote-control events inside the call's dialog (decision 0100): only a Channel names a dialog.
      if (header(packet, 'Endpoint') !== undefined || header(packet, 'URI') !== undefined)
        return bad("PJSIPNotify: the simulated phones take remote-control events inside a call only: name the call's Channel");
      const channel = channelHeader(packet);
      if (isFailure(channel)) return channel;
      const { device, callId } = channel;
      switch (notifyEvent(packet)) {
        case PHONE_EVENT.talk: {
          // talk answers a ringing call and takes a held one back; the model refuses it in any other state.
          const call = callsAt(model, device).find((c) => c.id === callId);
          const ringing = call !== undefined && connectionOf(call, device)?.state === 'alerting';
          return { ok: true, request: { type: ringing ? 'AnswerCall' : 'RetrieveCall', invokeId, callId, deviceId: device } };
        }
        case PHONE_EVENT.hold:
          return { ok: true, request: { type: 'HoldCall', invokeId, callId, deviceId: device } };
        default:
          return bad(`PJSIPNotify: expected Variable: Event=${PHONE_EVENT.talk} or Event=${PHONE_EVENT.hold}, the remote-control events the phones honour`);
      }
    }
    case 'queueadd': {
      const device = interfaceDevice(packet);
      if (typeof device !== 'string') return device;
      const agentId = header(packet, 'MemberName') ?? '';
      if (agentId === '') return bad('MemberName: expected the agent id (the simulator names its queue members)');
      const queue = header(packet, 'Queue');
      // Asterisk does not authenticate queue members: the manager user is trusted with them (decision 0052).
      const password = model.agents.get(agentId)?.password ?? '';
      return {
        ok: true,
        request: { type: 'AgentLogin', invokeId, agentId, password, deviceId: device, ...(queue === undefined || queue === '' ? {} : { queue }) },
      };
    }
    case 'queueremove': {
      const device = interfaceDevice(packet);
      if (typeof device !== 'string') return device;
      const agent = agentOn(model, device);
      if (agent === undefined || agent.status.kind === 'loggedOut')
        return { ok: false, code: 'agentNotLoggedIn', message: 'Unable to remove interface: Not there' };
      // QueueRemove carries no reason: the member leaves with the reason it is paused with, as QueueMemberRemoved's PausedReason tells (decision 0130).
      const reason = agent.status.kind === 'notReady' ? agent.status.reasonCode : undefined;
      return { ok: true, request: { type: 'AgentLogout', invokeId, agentId: agent.id, ...(reason === undefined ? {} : { reasonCode: reason }) } };
    }
    case 'queuepause': {
      const device = interfaceDevice(packet);
      if (typeof device !== 'string') return device;
      const agent = agentOn(model, device);
      if (agent === undefined || agent.status.kind === 'loggedOut') return { ok: false, code: 'agentNotLoggedIn', message: 'Interface not found' };
      const paused = header(packet, 'Paused');
      if (paused === undefined) return bad("Need 'Interface' and 'Paused' fields.");
      const reason = header(packet, 'Reason') ?? '';
      if (!TRUE.test(paused)) return { ok: true, request: { type: 'SetAgentState', invokeId, agentId: agent.id, state: 'ready' } };
      if (reason === ACW_REASON) return { ok: true, request: { type: 'SetAgentState', invokeId, agentId: agent.id, state: 'workingAfterCall' } };
      return { ok: true, request: { type: 'SetAgentState', invokeId, agentId: agent.id, state: 'notReady', ...(reason === '' ? {} : { reasonCode: reason }) } };
    }
    default:
      return null;
  }
}

/** PlayDTMF: the channel and the one digit keyed at its phone. Only Receive keys it there (decision 0100). */
export function keyedDigit(packet: Packet): { readonly device: string; readonly callId: string; readonly digit: string } | Refusal {
  const channel = channelHeader(packet);
  if (isFailure(channel)) return channel;
  const digit = header(packet, 'Digit') ?? '';
  if (!/^[0-9*#A-D]$/.test(digit)) return bad('Digit: expected one DTMF digit (0-9, *, #, A-D)');
  if (!TRUE.test(header(packet, 'Receive') ?? ''))
    return bad(
      "PlayDTMF without Receive plays the digit to the phone's own user, which the simulator does not model: send Receive: true to key it at the phone",
    );
  return { ...channel, digit };
}

/** CancelAtxfer: the consultation of the transferer channel it names (either leg's). */
export function cancelledConsultation(packet: Packet, model: ModelState): Consultation | Refusal {
  const channel = channelHeader(packet);
  if (isFailure(channel)) return channel;
  return (
    consultationAt(model, channel.device, channel.callId) ?? {
      ok: false,
      code: 'noConsultCall',
      message: `No transfer in progress: ${channel.device} holds no call while on another in call ${channel.callId}`,
    }
  );
}

/** The requests an attended-transfer feature asks of the switch, in order; `next` numbers them. */
export function featureRequests(feature: TransferFeature, c: Consultation, next: () => number): readonly RequestFrame[] {
  switch (feature) {
    case 'complete':
      return [{ type: 'TransferCall', invokeId: next(), heldCallId: c.held, activeCallId: c.active, deviceId: c.device }];
    case 'threeway':
      return [{ type: 'ConferenceCall', invokeId: next(), heldCallId: c.held, activeCallId: c.active, deviceId: c.device }];
    case 'abort':
      // Asterisk hangs up the consulted leg and puts the transferer back with the transferee.
      return [
        { type: 'ClearConnection', invokeId: next(), callId: c.active, deviceId: c.device },
        { type: 'RetrieveCall', invokeId: next(), callId: c.held, deviceId: c.device },
      ];
  }
}
