/**
 * AMI events back into the contract's CTI events (docs/dialects/ami.md, the table read right to
 * left): which event, about which call, and which devices it concerns. Pure; the link keeps the
 * calls' parties (a Newstate on 8809's channel concerns 8808 too when 8808 is in the call).
 */
import { ACW_REASON, CTI_VAR_PREFIX, deviceNamed, parseChannel, parseInterface, VAR } from '../../../contract/ami/vocabulary.ts';
import { header, headers, unescapeValue, type Packet } from '../../../contract/ami/packet.ts';
import type { Cause, CtiEvent } from '../../../contract/cti-wire/frames.ts';

export type Read =
  /** `devices`: the parties the event names itself; `leaves`: a party that is gone after it; `ends`: the call is over. */
  | {
      readonly kind: 'event';
      readonly event: CtiEvent;
      readonly callId: string | null;
      readonly devices: readonly string[];
      readonly leaves?: string;
      readonly ends?: boolean;
      readonly also?: string;
    }
  /** An event the link has no use for (FullyBooted, OriginateResponse, …). */
  | { readonly kind: 'ignored' }
  | { readonly kind: 'unreadable'; readonly reason: string };

/** `name=value` headers (ChanVariable on events, Variable in Status): the dialect's CTI_ variables, and call data (the rest). */
export function variables(
  packet: Packet,
  key = 'ChanVariable',
): { readonly cti: ReadonlyMap<string, string>; readonly callData: Readonly<Record<string, string>> } {
  const cti = new Map<string, string>();
  const callData: Record<string, string> = {};
  for (const entry of headers(packet, key)) {
    const eq = entry.indexOf('=');
    if (eq <= 0) continue;
    const name = entry.slice(0, eq);
    const value = unescapeValue(entry.slice(eq + 1));
    if (name.startsWith(CTI_VAR_PREFIX)) cti.set(name, value);
    else callData[name] = value;
  }
  return { cti, callData };
}

const unreadable = (reason: string): Read => ({ kind: 'unreadable', reason });

function channelOf(packet: Packet): { readonly device: string; readonly callId: string } | null {
  const channel = header(packet, 'Channel');
  return channel === undefined ? null : parseChannel(channel);
}

export function readEvent(packet: Packet): Read {
  const name = header(packet, 'Event') ?? '';
  switch (name) {
    case 'Newstate':
    case 'DialBegin':
    case 'Hangup':
    case 'Hold':
    case 'Unhold':
    case 'DialEnd':
    case 'BlindTransfer':
    case 'AttendedTransfer':
      return channelEvent(name, packet);
    case 'CEL': {
      if (header(packet, 'EventName') !== 'LINKEDID_END') return { kind: 'ignored' };
      const callId = header(packet, 'LinkedID');
      if (callId === undefined || callId === '') return unreadable('CEL LINKEDID_END without a LinkedID');
      const { cti } = variables(packet);
      return { kind: 'event', event: { name: 'CallCleared', callId, cause: (cti.get(VAR.cause) ?? 'normal') as Cause }, callId, devices: [], ends: true };
    }
    case 'QueueMemberAdded':
    case 'QueueMemberRemoved':
    case 'QueueMemberPause':
    case 'QueueMemberStatus':
      return memberEvent(name, packet);
    default:
      return { kind: 'ignored' };
  }
}

function channelEvent(name: string, packet: Packet): Read {
  const channel = channelOf(packet);
  if (channel === null) return unreadable(`${name} without a channel the link can read`);
  const { device, callId } = channel;
  const { cti, callData } = variables(packet);
  const cause = (cti.get(VAR.cause) ?? 'normal') as Cause;
  const calling = cti.get(VAR.calling) ?? header(packet, 'CallerIDNum') ?? '';
  const called = cti.get(VAR.called) ?? header(packet, 'Exten') ?? '';
  const trunk = cti.get(VAR.trunk);
  const trunkPart = trunk === undefined ? {} : { trunkUsed: trunk };
  const base = { callId, devices: [device] };
  // The caller and the number called are parties of the call too (their own channels' events may never have come).
  const named = { callId, devices: [device, calling, called] };
  switch (name) {
    case 'Newstate': {
      const state = header(packet, 'ChannelStateDesc');
      const common = { callingDevice: calling, calledDevice: called, ...trunkPart, callData, cause };
      if (state === 'Ringing') return { kind: 'event', ...named, event: { name: 'Delivered', callId, alertingDevice: device, ...common } };
      if (state === 'Up') return { kind: 'event', ...named, event: { name: 'Established', callId, answeringDevice: device, ...common } };
      return { kind: 'ignored' };
    }
    case 'DialBegin':
      return {
        kind: 'event',
        ...base,
        event: {
          name: 'Originated',
          callId,
          callingDevice: device,
          calledDevice: cti.get(VAR.called) ?? header(packet, 'DialString') ?? '',
          ...trunkPart,
          callData,
          cause,
        },
      };
    case 'Hangup':
      return { kind: 'event', ...base, leaves: device, event: { name: 'ConnectionCleared', callId, releasingDevice: device, cause } };
    case 'Hold':
      return { kind: 'event', ...base, event: { name: 'Held', callId, holdingDevice: device, cause } };
    case 'Unhold':
      return { kind: 'event', ...base, event: { name: 'Retrieved', callId, retrievingDevice: device, cause } };
    case 'DialEnd': {
      // Channel is the caller's, DestChannel the party that failed.
      const failing = parseChannel(header(packet, 'DestChannel') ?? '')?.device ?? device;
      return { kind: 'event', ...base, event: { name: 'Failed', callId, failingDevice: failing, calledDevice: called, cause } };
    }
    case 'BlindTransfer':
    case 'AttendedTransfer': {
      const parties = (cti.get(VAR.parties) ?? '').split(',').filter((p) => p !== '');
      const to = cti.get(VAR.transferredTo) ?? header(packet, 'Extension') ?? '';
      const secondary = cti.get(VAR.secondary);
      const devices = [device, ...parties];
      // A three-way call (atxferthreeway) is the conference: every party stays.
      if (name === 'AttendedTransfer' && header(packet, 'DestType') === 'Threeway') {
        if (secondary === undefined) return unreadable('AttendedTransfer (three-way) without the call it joined');
        return {
          kind: 'event',
          callId,
          devices,
          also: secondary,
          event: {
            name: 'Conferenced',
            callId,
            secondaryOldCall: secondary,
            conferencingDevice: device,
            addedParty: to,
            callingDevice: calling,
            calledDevice: called,
            parties,
            callData,
            cause,
          },
        };
      }
      return {
        kind: 'event',
        callId,
        devices,
        leaves: device,
        ...(secondary === undefined ? {} : { also: secondary }),
        event: {
          name: 'Transferred',
          callId,
          ...(secondary === undefined ? {} : { secondaryOldCall: secondary }),
          transferringDevice: device,
          transferredToDevice: to,
          callingDevice: calling,
          calledDevice: called,
          parties,
          callData,
          cause,
        },
      };
    }
    default:
      return { kind: 'ignored' };
  }
}

function memberEvent(name: string, packet: Packet): Read {
  const deviceId = parseInterface(header(packet, 'Interface') ?? '') ?? deviceNamed(header(packet, 'StateInterface'));
  const agentId = header(packet, 'MemberName') ?? '';
  if (deviceId === null || agentId === '') return unreadable(`${name} without a member name and an interface the link can read`);
  const about = { callId: null, devices: [deviceId] };
  const reason = header(packet, 'PausedReason') ?? '';
  switch (name) {
    case 'QueueMemberAdded':
      return { kind: 'event', ...about, event: { name: 'AgentLoggedOn', agentId, deviceId } };
    case 'QueueMemberRemoved':
      // The reason the member was paused with as it left is the logout's (decision 0130); after-call work's marker is no reason.
      return {
        kind: 'event',
        ...about,
        event: { name: 'AgentLoggedOff', agentId, deviceId, ...(reason === '' || reason === ACW_REASON ? {} : { reasonCode: reason }) },
      };
    case 'QueueMemberPause':
      if (header(packet, 'Paused') === '0') return { kind: 'event', ...about, event: { name: 'AgentReady', agentId, deviceId } };
      if (reason === ACW_REASON) return { kind: 'event', ...about, event: { name: 'AgentWorkingAfterCall', agentId, deviceId } };
      return { kind: 'event', ...about, event: { name: 'AgentNotReady', agentId, deviceId, ...(reason === '' ? {} : { reasonCode: reason }) } };
    default:
      return header(packet, 'InCall') === '1' ? { kind: 'event', ...about, event: { name: 'AgentBusy', agentId, deviceId } } : { kind: 'ignored' };
  }
}
