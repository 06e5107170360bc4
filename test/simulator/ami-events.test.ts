/**
 * The AMI dialect's events, both ways: the simulator writes each model event as an Asterisk event
 * (literal fixture for one), and the reference adapter's AMI link reads it back as the very CTI event
 * the JSON wire carries (toCtiEvent), with the parties it concerns. A logout's reason is the member's
 * pause reason as it leaves (decision 0130).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { encodePacket, parsePacket } from '../../src/contract/ami/packet.ts';
import { devicesFilter } from '../../src/contract/ami/vocabulary.ts';
import { readEvent } from '../../src/adapter/link/ami/events.ts';
import type { WireModelEvent } from '../../simulator/model/types.ts';
import { amiEvent } from '../../simulator/protocol/ami/events.ts';
import { toCtiEvent } from '../../simulator/protocol/csta-json.ts';

const queueOf = (): string => 'sales';

const CONFERENCED: WireModelEvent = {
  name: 'Conferenced',
  callId: 'C1',
  secondaryOldCall: 'C4',
  conferencingDevice: '8808',
  addedParty: '8810',
  callingDevice: '+1',
  calledDevice: '4000',
  parties: ['+1', '8808', '8810'],
  callData: {},
  cause: 'conference',
  devices: ['8808', '8810'],
};

function roundTrip(event: WireModelEvent): ReturnType<typeof readEvent> {
  const parsed = parsePacket(encodePacket(amiEvent(event, queueOf)).replace(/\r\n\r\n$/, ''));
  assert.ok(parsed.ok, `${event.name}: ${parsed.ok ? '' : parsed.message}`);
  return readEvent(parsed.packet);
}

describe('AMI events: the model to Asterisk and back', () => {
  it('writes Delivered as a Newstate Ringing on the alerting party channel, Linkedid the call, particulars and call data as channel variables', () => {
    const text = encodePacket(
      amiEvent(
        {
          name: 'Delivered',
          callId: 'C1',
          alertingDevice: '8808',
          callingDevice: '+441632960001',
          calledDevice: '4000',
          trunkUsed: 'T1',
          callData: { Account: 'a\nb' },
          cause: 'newCall',
          devices: ['8808'],
        },
        queueOf,
      ),
    );
    assert.equal(
      text,
      [
        'Event: Newstate',
        'Channel: PJSIP/8808-C1',
        'ChannelState: 5',
        'ChannelStateDesc: Ringing',
        'CallerIDNum: +441632960001',
        'CallerIDName: <unknown>',
        'ConnectedLineNum: +441632960001',
        'ConnectedLineName: <unknown>',
        'Language: en',
        'AccountCode: ',
        'Context: from-internal',
        'Exten: 4000',
        'Priority: 1',
        'Uniqueid: C1.8808',
        'Linkedid: C1',
        'ChanVariable: CTI_CAUSE=newCall',
        'ChanVariable: CTI_CALLING=+441632960001',
        'ChanVariable: CTI_CALLED=4000',
        'ChanVariable: CTI_TRUNK=T1',
        'ChanVariable: Account=a\\nb',
        '',
        '',
      ].join('\r\n'),
    );
  });

  it('reads every model event back as the CTI event the JSON wire carries', () => {
    const events: WireModelEvent[] = [
      {
        name: 'Delivered',
        callId: 'C1',
        alertingDevice: '8808',
        callingDevice: '8809',
        calledDevice: '8808',
        callData: { k: 'v=1' },
        cause: 'newCall',
        devices: ['8808', '8809'],
      },
      {
        name: 'Established',
        callId: 'C1',
        answeringDevice: '8808',
        callingDevice: '8809',
        calledDevice: '8808',
        trunkUsed: 'T2',
        callData: {},
        cause: 'normal',
        devices: ['8808', '8809'],
      },
      { name: 'Originated', callId: 'C2', callingDevice: '8808', calledDevice: '+15551234', callData: {}, cause: 'makeCall', devices: ['8808'] },
      { name: 'ConnectionCleared', callId: 'C1', releasingDevice: '8809', cause: 'normal', devices: ['8808', '8809'] },
      { name: 'CallCleared', callId: 'C1', cause: 'normal', devices: ['8808'] },
      { name: 'Held', callId: 'C1', holdingDevice: '8808', cause: 'normal', devices: ['8808'] },
      { name: 'Retrieved', callId: 'C1', retrievingDevice: '8808', cause: 'normal', devices: ['8808'] },
      { name: 'Failed', callId: 'C3', failingDevice: '8809', calledDevice: '8809', cause: 'busy', devices: ['8808'] },
      { name: 'Failed', callId: 'C5', failingDevice: '+15550000', calledDevice: '+15550000', cause: 'invalidNumber', devices: ['8808'] },
      {
        name: 'Transferred',
        callId: 'C1',
        secondaryOldCall: 'C4',
        transferringDevice: '8808',
        transferredToDevice: '8810',
        callingDevice: '+1',
        calledDevice: '4000',
        parties: ['+1', '8810'],
        callData: {},
        cause: 'transfer',
        devices: ['8808', '8810'],
      },
      CONFERENCED,
      { name: 'AgentLoggedOn', agentId: '5501', deviceId: '8808', devices: ['8808'] },
      { name: 'AgentReady', agentId: '5501', deviceId: '8808', devices: ['8808'] },
      { name: 'AgentNotReady', agentId: '5501', deviceId: '8808', reasonCode: 'LUNCH', devices: ['8808'] },
      { name: 'AgentNotReady', agentId: '5501', deviceId: '8808', devices: ['8808'] },
      { name: 'AgentWorkingAfterCall', agentId: '5501', deviceId: '8808', devices: ['8808'] },
      { name: 'AgentBusy', agentId: '5501', deviceId: '8808', devices: ['8808'] },
      { name: 'AgentLoggedOff', agentId: '5501', deviceId: '8808', reasonCode: 'EOD', devices: ['8808'] },
      { name: 'AgentLoggedOff', agentId: '5501', deviceId: '8808', devices: ['8808'] },
    ];
    for (const event of events) {
      const read = roundTrip(event);
      assert.equal(read.kind, 'event', event.name);
      if (read.kind !== 'event') continue;
      assert.deepEqual(read.event, toCtiEvent(event), event.name);
      for (const device of read.devices.filter((d) => d.startsWith('88')))
        assert.ok(event.devices.includes(device), `${event.name}: ${device} is a party the model routes it to`);
    }
  });

  it('writes a conference as the attended transfer turned three-way, and names who hears of a departure for the filters (decision 0100)', () => {
    const conference = amiEvent(CONFERENCED, queueOf);
    assert.deepEqual(conference.slice(0, 3), [
      ['Event', 'AttendedTransfer'],
      ['Result', 'Success'],
      ['DestType', 'Threeway'],
    ]);
    const hangup = encodePacket(
      amiEvent({ name: 'ConnectionCleared', callId: 'C1', releasingDevice: '8810', cause: 'normal', devices: ['8808', '8810'] }, queueOf),
    );
    assert.ok(hangup.includes('ChanVariable: CTI_DEVICES=,8808,8810,\r\n'));
    assert.ok(hangup.includes(devicesFilter('8808')) && !hangup.includes(devicesFilter('880')));
  });

  it("writes a logout's reason as the pause reason QueueMemberRemoved reports, Asterisk's headers only (decision 0130)", () => {
    const removed = amiEvent({ name: 'AgentLoggedOff', agentId: '5501', deviceId: '8808', reasonCode: 'EOD', devices: ['8808'] }, queueOf);
    const named = (key: string): string[] => removed.filter(([k]) => k === key).map(([, v]) => v);
    assert.deepEqual([named('Event'), named('Paused'), named('PausedReason')], [['QueueMemberRemoved'], ['1'], ['EOD']]);
    // app_queue.c's queue_member_blob_create: the headers every queue member event has, no more.
    assert.deepEqual(
      removed.map(([k]) => k),
      [
        'Event',
        'Queue',
        'MemberName',
        'Interface',
        'StateInterface',
        'Membership',
        'Penalty',
        'CallsTaken',
        'LastCall',
        'LastPause',
        'LoginTime',
        'InCall',
        'Status',
        'Paused',
        'PausedReason',
        'Ringinuse',
        'Wrapuptime',
      ],
    );
    const plain = amiEvent({ name: 'AgentLoggedOff', agentId: '5501', deviceId: '8808', devices: ['8808'] }, queueOf);
    assert.deepEqual(
      plain.filter(([k]) => k === 'Paused' || k === 'PausedReason'),
      [
        ['Paused', '0'],
        ['PausedReason', ''],
      ],
    );
  });

  it("reads after-call work's marker as no logout reason", () => {
    const parsed = parsePacket('Event: QueueMemberRemoved\r\nMemberName: 5501\r\nInterface: PJSIP/8808\r\nPaused: 1\r\nPausedReason: CTI_ACW');
    assert.ok(parsed.ok);
    assert.deepEqual(readEvent(parsed.packet), {
      kind: 'event',
      callId: null,
      devices: ['8808'],
      event: { name: 'AgentLoggedOff', agentId: '5501', deviceId: '8808' },
    });
  });

  it('names what it cannot read', () => {
    const bad = parsePacket('Event: Hangup\r\nChannel: not-a-channel');
    assert.ok(bad.ok);
    assert.deepEqual(readEvent(bad.packet), { kind: 'unreadable', reason: 'Hangup without a channel the link can read' });
    const other = parsePacket('Event: FullyBooted\r\nStatus: Fully Booted');
    assert.ok(other.ok);
    assert.deepEqual(readEvent(other.packet), { kind: 'ignored' });
  });
});
