/**
 * The model's events as Asterisk 18 AMI events (docs/dialects/ami.md has the table): channel
 * events (Newstate, DialBegin, DialEnd, Hangup, Hold, Unhold, BlindTransfer, AttendedTransfer,
 * AttendedTransfer, also as a three-way call), the call's end as the CEL LINKEDID_END record, and agent events as queue member
 * events. What AMI has no header for travels as channel variables (ChanVariable), as manager.conf's
 * `channelvars` makes Asterisk do. Pure.
 */
import type { WireModelEvent } from '../../model/types.ts';
import { ACW_REASON, channelOf, devicesValue, DIAL_STATUS, HANGUP_CAUSE, interfaceOf, uniqueIdOf, VAR } from '../../../src/contract/ami/vocabulary.ts';
import { escapeValue, type Header } from '../../../src/contract/ami/packet.ts';

type H = Header[];

function channel(device: string, callId: string, state: readonly [number, string], caller: string, connected: string, exten: string): H {
  return [
    ['Channel', channelOf(device, callId)],
    ['ChannelState', String(state[0])],
    ['ChannelStateDesc', state[1]],
    ['CallerIDNum', caller],
    ['CallerIDName', '<unknown>'],
    ['ConnectedLineNum', connected],
    ['ConnectedLineName', '<unknown>'],
    ['Language', 'en'],
    ['AccountCode', ''],
    ['Context', 'from-internal'],
    ['Exten', exten],
    ['Priority', '1'],
    ['Uniqueid', uniqueIdOf(device, callId)],
    ['Linkedid', callId],
  ];
}

const RINGING = [5, 'Ringing'] as const;
const UP = [6, 'Up'] as const;
const RING = [4, 'Ring'] as const;
const DOWN = [0, 'Down'] as const;

function vars(pairs: Readonly<Record<string, string | undefined>>, callData: Readonly<Record<string, string>> = {}): H {
  const out: H = [];
  for (const [k, v] of Object.entries(pairs)) if (v !== undefined) out.push(['ChanVariable', `${k}=${escapeValue(v)}`]);
  for (const [k, v] of Object.entries(callData)) out.push(['ChanVariable', `${k}=${escapeValue(v)}`]);
  return out;
}

/** A transfer's or conference's particulars: who joined (`to`), the parties, the call it absorbed. */
function joinVars(event: Extract<WireModelEvent, { name: 'Transferred' | 'Conferenced' }>, to: string): H {
  return vars(
    {
      [VAR.cause]: event.cause,
      [VAR.calling]: event.callingDevice,
      [VAR.called]: event.calledDevice,
      [VAR.transferredTo]: to,
      [VAR.parties]: event.parties.join(','),
      [VAR.secondary]: event.secondaryOldCall,
    },
    event.callData,
  );
}

/** The AMI event (name first) for one model event; `queueOf` names the agent's queue for member events. */
export function amiEvent(event: WireModelEvent, queueOf: (agentId: string) => string): H {
  switch (event.name) {
    case 'Delivered':
      return [
        ['Event', 'Newstate'],
        ...channel(event.alertingDevice, event.callId, RINGING, event.callingDevice, event.callingDevice, event.calledDevice),
        ...vars(
          { [VAR.cause]: event.cause, [VAR.calling]: event.callingDevice, [VAR.called]: event.calledDevice, [VAR.trunk]: event.trunkUsed },
          event.callData,
        ),
      ];
    case 'Established':
      return [
        ['Event', 'Newstate'],
        ...channel(event.answeringDevice, event.callId, UP, event.callingDevice, event.callingDevice, event.calledDevice),
        ...vars(
          { [VAR.cause]: event.cause, [VAR.calling]: event.callingDevice, [VAR.called]: event.calledDevice, [VAR.trunk]: event.trunkUsed },
          event.callData,
        ),
      ];
    case 'Originated':
      return [
        ['Event', 'DialBegin'],
        ...channel(event.callingDevice, event.callId, RING, event.callingDevice, event.calledDevice, event.calledDevice),
        ['DialString', event.calledDevice],
        ...vars(
          { [VAR.cause]: event.cause, [VAR.calling]: event.callingDevice, [VAR.called]: event.calledDevice, [VAR.trunk]: event.trunkUsed },
          event.callData,
        ),
      ];
    case 'ConnectionCleared': {
      const [code, text] = HANGUP_CAUSE[event.cause] ?? [16, 'Normal Clearing'];
      return [
        ['Event', 'Hangup'],
        ...channel(event.releasingDevice, event.callId, DOWN, event.releasingDevice, '<unknown>', 's'),
        ['Cause', String(code)],
        ['Cause-txt', text],
        // Who hears of it: a party leaving a conference concerns the parties that stay, whose channels the event does not name.
        ...vars({ [VAR.cause]: event.cause, [VAR.devices]: devicesValue(event.devices) }),
      ];
    }
    case 'CallCleared':
      return [['Event', 'CEL'], ['EventName', 'LINKEDID_END'], ['LinkedID', event.callId], ['UniqueID', event.callId], ...vars({ [VAR.cause]: event.cause })];
    case 'Held':
      return [
        ['Event', 'Hold'],
        ...channel(event.holdingDevice, event.callId, UP, event.holdingDevice, '<unknown>', 's'),
        ...vars({ [VAR.cause]: event.cause }),
      ];
    case 'Retrieved':
      return [
        ['Event', 'Unhold'],
        ...channel(event.retrievingDevice, event.callId, UP, event.retrievingDevice, '<unknown>', 's'),
        ...vars({ [VAR.cause]: event.cause }),
      ];
    case 'Transferred':
      return [
        ['Event', event.cause === 'singleStepTransfer' ? 'BlindTransfer' : 'AttendedTransfer'],
        ['Result', 'Success'],
        ...channel(event.transferringDevice, event.callId, UP, event.callingDevice, event.calledDevice, event.transferredToDevice),
        ['Extension', event.transferredToDevice],
        ...joinVars(event, event.transferredToDevice),
      ];
    case 'Conferenced':
      return [
        // An attended transfer turned into a three-way call (atxferthreeway), as Asterisk reports it.
        ['Event', 'AttendedTransfer'],
        ['Result', 'Success'],
        ['DestType', 'Threeway'],
        ...channel(event.conferencingDevice, event.callId, UP, event.callingDevice, event.calledDevice, event.addedParty),
        ['DestTransfererChannel', channelOf(event.conferencingDevice, event.callId)],
        ...joinVars(event, event.addedParty),
      ];
    case 'Failed':
      // As Asterisk writes it: Channel the caller's (the party the model tells), DestChannel the one that failed.
      return [
        ['Event', 'DialEnd'],
        ...channel(
          event.devices[0] ?? event.failingDevice,
          event.callId,
          DOWN,
          event.devices[0] ?? event.failingDevice,
          event.calledDevice,
          event.calledDevice,
        ),
        ['DestChannel', channelOf(event.failingDevice, event.callId)],
        ['DialStatus', DIAL_STATUS[event.cause] ?? 'CONGESTION'],
        ...vars({ [VAR.cause]: event.cause, [VAR.called]: event.calledDevice }),
      ];
    case 'AgentLoggedOn':
      return member('QueueMemberAdded', event.agentId, event.deviceId, queueOf(event.agentId), { paused: true, reason: '' });
    case 'AgentLoggedOff':
      // The member as it leaves: paused with the logout's reason (QueueRemove has none of its own, decision 0130).
      return member('QueueMemberRemoved', event.agentId, event.deviceId, queueOf(event.agentId), {
        paused: event.reasonCode !== undefined,
        reason: event.reasonCode ?? '',
      });
    case 'AgentReady':
      return member('QueueMemberPause', event.agentId, event.deviceId, queueOf(event.agentId), { paused: false, reason: '' });
    case 'AgentNotReady':
      return member('QueueMemberPause', event.agentId, event.deviceId, queueOf(event.agentId), { paused: true, reason: event.reasonCode ?? '' });
    case 'AgentWorkingAfterCall':
      return member('QueueMemberPause', event.agentId, event.deviceId, queueOf(event.agentId), { paused: true, reason: ACW_REASON });
    case 'AgentBusy':
      return member('QueueMemberStatus', event.agentId, event.deviceId, queueOf(event.agentId), { paused: false, reason: '', inCall: true });
  }
}

function member(
  name: string,
  agentId: string,
  device: string,
  queue: string,
  state: { readonly paused: boolean; readonly reason: string; readonly inCall?: boolean },
): H {
  return [
    ['Event', name],
    ['Queue', queue],
    ['MemberName', agentId],
    ['Interface', interfaceOf(device)],
    ['StateInterface', interfaceOf(device)],
    ['Membership', 'dynamic'],
    ['Penalty', '0'],
    ['CallsTaken', '0'],
    ['LastCall', '0'],
    ['LastPause', '0'],
    ['LoginTime', '0'],
    ['InCall', state.inCall === true ? '1' : '0'],
    ['Status', state.inCall === true ? '2' : '1'],
    ['Paused', state.paused ? '1' : '0'],
    ['PausedReason', state.reason],
    ['Ringinuse', '0'],
    ['Wrapuptime', '0'],
  ];
}
