/**
 * The contract's requests as the AMI actions the reference adapter's AMI link sends
 * (docs/dialects/ami.md, the actions table read right to left): each function spells one action,
 * header by header, without its ActionID (actions.ts adds that). Pure; the link decides when to send.
 */
import { escapeValue, type Header } from '../../../contract/ami/packet.ts';
import { ACW_REASON, channelOf, devicesFilter, interfaceOf, TRANSFER_FEATURE_CODE, VAR, type PhoneEvent } from '../../../contract/ami/vocabulary.ts';
import type { RequestedState } from '../../errors.ts';
import type { CallControlBody } from '../link.ts';

type Body<K extends CallControlBody['type']> = Extract<CallControlBody, { readonly type: K }>;

export function loginAction(user: string, password: string): readonly Header[] {
  return [
    ['Action', 'Login'],
    ['Username', user],
    ['Secret', password],
    ['Events', 'on'],
  ];
}

/** AMI has no monitor: the device's hint state is asked, and an unknown extension answers Status -1. */
export function extensionStateAction(deviceId: string): readonly Header[] {
  return [
    ['Action', 'ExtensionState'],
    ['Exten', deviceId],
    ['Context', 'from-internal'],
  ];
}

/** Only events about the device from now on (Asterisk's event filters; the link still routes by call). The call's end concerns every device: the same filter for all. */
function deviceFilters(deviceId: string): readonly string[] {
  return [
    `${interfaceOf(deviceId)}-`,
    `Interface: ${interfaceOf(deviceId)}`,
    `${VAR.calling}=${deviceId}`,
    `${VAR.called}=${deviceId}`,
    `${VAR.transferredTo}=${deviceId}`,
    devicesFilter(deviceId),
    'EventName: LINKEDID_END',
  ];
}

function filterAction(filter: string): readonly Header[] {
  return [
    ['Action', 'Filter'],
    ['Operation', 'Add'],
    ['Filter', filter],
  ];
}

/** The Filter actions for the device's filters a session does not have yet (`given`, which they join): AMI takes none back, and a repeat only counts against the server's limit. */
export function newFilterActions(deviceId: string, given: Set<string>): readonly (readonly Header[])[] {
  const fresh = deviceFilters(deviceId).filter((filter) => !given.has(filter));
  for (const filter of fresh) given.add(filter);
  return fresh.map(filterAction);
}

/** Every channel, all variables: a list ending in StatusComplete. */
export function statusAction(): readonly Header[] {
  return [
    ['Action', 'Status'],
    ['AllVariables', 'true'],
  ];
}

/** The queue members matching `member` (an interface or a member name): a list ending in QueueStatusComplete. */
export function queueStatusAction(member: string): readonly Header[] {
  return [
    ['Action', 'QueueStatus'],
    ['Member', member],
  ];
}

/** The agent joins the queue paused. AMI's queues know no agent password (decision 0052): the link checked it at the agent's manager user first (0130). */
export function queueAddAction(agentId: string, deviceId: string, queue: string | undefined): readonly Header[] {
  return [
    ['Action', 'QueueAdd'],
    ['Queue', queue ?? ''],
    ['Interface', interfaceOf(deviceId)],
    ['MemberName', agentId],
    ['StateInterface', interfaceOf(deviceId)],
    ['Paused', 'true'],
  ];
}

export function queueRemoveAction(deviceId: string): readonly Header[] {
  return [
    ['Action', 'QueueRemove'],
    ['Queue', ''],
    ['Interface', interfaceOf(deviceId)],
  ];
}

/** Ready is unpaused; after-call work and not-ready are paused, told apart by the reason. */
export function queuePauseAction(deviceId: string, state: RequestedState, reasonCode: string | undefined): readonly Header[] {
  const reason = state === 'workingAfterCall' ? ACW_REASON : state === 'notReady' ? (reasonCode ?? '') : '';
  return [
    ['Action', 'QueuePause'],
    ['Interface', interfaceOf(deviceId)],
    ['Paused', state === 'ready' ? 'false' : 'true'],
    ['Reason', reason],
  ];
}

/** MakeCall; the call data travels as channel variables. */
export function originateAction(body: Body<'MakeCall'>): readonly Header[] {
  const variables = Object.entries(body.callData ?? {}).map(([k, v]): Header => ['Variable', `${k}=${escapeValue(v)}`]);
  return [
    ['Action', 'Originate'],
    ['Channel', interfaceOf(body.callingDevice)],
    ['Exten', body.calledDirectoryNumber],
    ['Context', 'from-internal'],
    ['Priority', '1'],
    ['Async', 'true'],
    ...variables,
  ];
}

export function hangupAction(body: Body<'ClearConnection'>): readonly Header[] {
  return [
    ['Action', 'Hangup'],
    ['Channel', channelOf(body.deviceId, body.callId)],
  ];
}

export function blindTransferAction(body: Body<'SingleStepTransfer'>): readonly Header[] {
  return [
    ['Action', 'BlindTransfer'],
    ['Channel', channelOf(body.deviceId, body.callId)],
    ['Exten', body.transferredTo],
    ['Context', 'from-internal'],
  ];
}

export function atxferAction(body: Body<'ConsultationCall'>): readonly Header[] {
  return [
    ['Action', 'Atxfer'],
    ['Channel', channelOf(body.deviceId, body.existingCallId)],
    ['Exten', body.consultedDevice],
    ['Context', 'from-internal'],
  ];
}

/** Digits keyed at the phone on the call (PlayDTMF with Receive): one action per digit, as PlayDTMF takes one (decision 0100). */
export function keyActions(deviceId: string, callId: string, digits: string): readonly (readonly Header[])[] {
  return Array.from(digits).map((digit) => [
    ['Action', 'PlayDTMF'],
    ['Channel', channelOf(deviceId, callId)],
    ['Digit', digit],
    ['Receive', 'true'],
  ]);
}

/** Completes (atxfercomplete) or makes a three-way call of (atxferthreeway) the consultation: its feature code keyed on the consult leg. */
export function transferFeatureActions(body: Body<'TransferCall' | 'ConferenceCall'>): readonly (readonly Header[])[] {
  const feature = body.type === 'TransferCall' ? 'complete' : 'threeway';
  return keyActions(body.deviceId, body.activeCallId, TRANSFER_FEATURE_CODE[feature]);
}

/** Answer, hold or retrieve at the phone: a remote-control NOTIFY inside the call's dialog (decision 0100). */
export function pjsipNotifyAction(deviceId: string, callId: string, event: PhoneEvent): readonly Header[] {
  return [
    ['Action', 'PJSIPNotify'],
    ['Channel', channelOf(deviceId, callId)],
    ['Variable', `Event=${event}`],
  ];
}
