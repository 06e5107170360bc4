/**
 * AMI's list actions as the model shows them: Status and CoreShowChannels (every channel of every
 * call at an extension), QueueStatus (the queue members: logged-in agents), ExtensionState. Each
 * answer is the packets to send, the Response first and the list's Complete event last. Pure.
 */
import { ACW_REASON, channelOf, interfaceOf, parseInterface, uniqueIdOf, VAR } from '../../../src/contract/ami/vocabulary.ts';
import { snapshotDevice, type DeviceCall } from '../../model/snapshot.ts';
import { agentOn } from '../../model/state.ts';
import type { ModelState } from '../../model/types.ts';
import { escapeValue, type Header } from '../../../src/contract/ami/packet.ts';

type H = Header[];

const STATE: Readonly<Record<DeviceCall['state'], readonly [number, string]>> = {
  initiated: [4, 'Ring'],
  alerting: [5, 'Ringing'],
  connected: [6, 'Up'],
  held: [6, 'Up'],
};

function channelsOf(model: ModelState): { readonly device: string; readonly call: DeviceCall }[] {
  const out: { readonly device: string; readonly call: DeviceCall }[] = [];
  for (const device of [...model.extensions].sort()) {
    const snap = snapshotDevice(model, device);
    if (snap.ok) for (const call of snap.calls) out.push({ device, call });
  }
  return out;
}

function channelLines(device: string, call: DeviceCall): H {
  const [state, desc] = STATE[call.state];
  return [
    ['Channel', channelOf(device, call.callId)],
    ['ChannelState', String(state)],
    ['ChannelStateDesc', desc],
    ['CallerIDNum', call.callingDevice],
    ['ConnectedLineNum', call.callingDevice === device ? call.calledDevice : call.callingDevice],
    ['Context', 'from-internal'],
    ['Exten', call.calledDevice],
    ['Priority', '1'],
    ['Uniqueid', uniqueIdOf(device, call.callId)],
    ['Linkedid', call.callId],
  ];
}

/** Status with AllVariables: the channel variables too (call data and the dialect's CTI_ variables, held state included). */
export function statusList(model: ModelState, actionId: H, channel: string | undefined): H[] {
  const rows = channelsOf(model).filter((row) => channel === undefined || channelOf(row.device, row.call.callId) === channel);
  const events = rows.map(({ device, call }): H => [
    ['Event', 'Status'],
    ...actionId,
    ...channelLines(device, call),
    ['Variable', `${VAR.calling}=${call.callingDevice}`],
    ['Variable', `${VAR.called}=${call.calledDevice}`],
    ...(call.trunkUsed === undefined ? [] : ([['Variable', `${VAR.trunk}=${call.trunkUsed}`]] as H)),
    ...(call.state === 'held' ? ([['Variable', `${VAR.held}=1`]] as H) : []),
    ...Object.entries(call.callData).map(([k, v]): Header => ['Variable', `${k}=${escapeValue(v)}`]),
  ]);
  return [
    [['Response', 'Success'], ...actionId, ['EventList', 'start'], ['Message', 'Channel status will follow']],
    ...events,
    [['Event', 'StatusComplete'], ...actionId, ['EventList', 'Complete'], ['ListItems', String(events.length)], ['Items', String(events.length)]],
  ];
}

export function coreShowChannels(model: ModelState, actionId: H): H[] {
  const events = channelsOf(model).map(({ device, call }): H => [
    ['Event', 'CoreShowChannel'],
    ...actionId,
    ...channelLines(device, call),
    ['Application', 'Dial'],
    ['BridgeId', call.callId],
  ]);
  return [
    [['Response', 'Success'], ...actionId, ['EventList', 'start'], ['Message', 'Channels will follow']],
    ...events,
    [['Event', 'CoreShowChannelsComplete'], ...actionId, ['EventList', 'Complete'], ['ListItems', String(events.length)]],
  ];
}

/** QueueStatus: one QueueMember per logged-in agent (filtered by Member: its name or interface), in the agent's first queue. */
export function queueStatus(model: ModelState, actionId: H, member: string | undefined): H[] {
  const events: H[] = [];
  for (const device of [...model.extensions].sort()) {
    const agent = agentOn(model, device);
    if (agent === undefined || agent.status.kind === 'loggedOut') continue;
    if (member !== undefined && member !== '' && member !== agent.id && parseInterface(member) !== device) continue;
    const { status } = agent;
    const paused = status.kind !== 'ready' && status.kind !== 'busy';
    const reason = status.kind === 'notReady' ? (status.reasonCode ?? '') : status.kind === 'afterCallWork' ? ACW_REASON : '';
    events.push([
      ['Event', 'QueueMember'],
      ...actionId,
      ['Queue', agent.queues?.[0] ?? 'default'],
      ['Name', agent.id],
      ['MemberName', agent.id],
      ['Location', interfaceOf(device)],
      ['StateInterface', interfaceOf(device)],
      ['Membership', 'dynamic'],
      ['Penalty', '0'],
      ['CallsTaken', '0'],
      ['LastCall', '0'],
      // Never paused since the login: logged in but not yet ready or not ready (decision 0052).
      ['LastPause', status.kind === 'notReady' || status.kind === 'afterCallWork' ? String(Math.max(1, Math.floor(agent.since / 1000))) : '0'],
      ['InCall', status.kind === 'busy' ? '1' : '0'],
      ['Status', status.kind === 'busy' ? '2' : '1'],
      ['Paused', paused ? '1' : '0'],
      ['PausedReason', reason],
    ]);
  }
  return [
    [['Response', 'Success'], ...actionId, ['EventList', 'start'], ['Message', 'Queue status will follow']],
    ...events,
    [['Event', 'QueueStatusComplete'], ...actionId, ['EventList', 'Complete'], ['ListItems', String(events.length)]],
  ];
}

/** ExtensionState: Status -1 for an extension the switch does not have, else 0 idle, 1 in use, 8 ringing. */
export function extensionState(model: ModelState, actionId: H, exten: string): H[] {
  const snap = snapshotDevice(model, exten);
  const status = !snap.ok ? -1 : snap.calls.some((c) => c.state === 'alerting') ? 8 : snap.calls.length > 0 ? 1 : 0;
  const text = { '-1': 'Unknown', '0': 'Idle', '1': 'InUse', '8': 'Ringing' }[String(status)] ?? 'Unknown';
  return [
    [
      ['Response', 'Success'],
      ...actionId,
      ['Message', 'Extension Status'],
      ['Exten', exten],
      ['Context', 'from-internal'],
      ['Hint', snap.ok ? interfaceOf(exten) : ''],
      ['Status', String(status)],
      ['StatusText', text],
    ],
  ];
}
