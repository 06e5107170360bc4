/** A device's snapshot from AMI's Status and QueueStatus lists (decision 0052 for the agent states). Pure. */
import { ACW_REASON, parseChannel, parseInterface, VAR } from '../../../contract/ami/vocabulary.ts';
import { header, type Packet } from '../../../contract/ami/packet.ts';
import type { AgentState, ResultOf, SnapshotCall } from '../../../contract/cti-wire/frames.ts';
import { variables } from './events.ts';

type Snapshot = ResultOf<'SnapshotDevice'>;

function callOf(packet: Packet, deviceId: string): SnapshotCall | null {
  const channel = parseChannel(header(packet, 'Channel') ?? '');
  if (channel === null || channel.device !== deviceId) return null;
  const { cti: vars, callData } = variables(packet, 'Variable');
  const desc = header(packet, 'ChannelStateDesc');
  const state = desc === 'Ringing' ? 'alerting' : desc === 'Ring' ? 'initiated' : vars.get(VAR.held) === '1' ? 'held' : 'connected';
  const trunk = vars.get(VAR.trunk);
  return {
    callId: channel.callId,
    state,
    callingDevice: vars.get(VAR.calling) ?? header(packet, 'CallerIDNum') ?? '',
    calledDevice: vars.get(VAR.called) ?? header(packet, 'Exten') ?? '',
    ...(trunk === undefined ? {} : { trunkUsed: trunk }),
    callData,
  };
}

function agentOf(packet: Packet): { readonly agentId: string; readonly state: AgentState; readonly reasonCode?: string } | null {
  const agentId = header(packet, 'MemberName') ?? header(packet, 'Name') ?? '';
  if (agentId === '') return null;
  const reason = header(packet, 'PausedReason') ?? '';
  if (header(packet, 'Paused') !== '1') return { agentId, state: header(packet, 'InCall') === '1' ? 'busy' : 'ready' };
  if (reason === ACW_REASON) return { agentId, state: 'workingAfterCall' };
  if (reason === '' && header(packet, 'LastPause') === '0') return { agentId, state: 'loggedIn' };
  return { agentId, state: 'notReady', ...(reason === '' ? {} : { reasonCode: reason }) };
}

/** `status`: the Status list's events; `members`: the QueueStatus list's QueueMember events. */
export function snapshotOf(deviceId: string, status: readonly Packet[], members: readonly Packet[]): Snapshot {
  const calls = status.map((p) => callOf(p, deviceId)).filter((c): c is SnapshotCall => c !== null);
  const member = members.find(
    (p) => header(p, 'Event') === 'QueueMember' && parseInterface(header(p, 'Location') ?? header(p, 'StateInterface') ?? '') === deviceId,
  );
  const agent = member === undefined ? null : agentOf(member);
  return { deviceId, calls, ...(agent === null ? {} : { agent }) };
}
