/** The fault layer reads CSTA XML frames in the contract's words, and damages them as the plans say. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { decodeMessage } from '../../src/contract/csta-xml/codec.ts';
import { newLinkMemory } from '../../simulator/faults/frames.ts';
import { frameText, splitFrameText } from '../../simulator/protocol/csta-xml/codec.ts';
import { CSTA_XML_FAULT_FRAMES } from '../../simulator/protocol/csta-xml/fault-frames.ts';
import { eventMessage } from '../../simulator/protocol/csta-xml/events.ts';

const { read, corrupt, malformed } = CSTA_XML_FAULT_FRAMES;
const delivered = frameText(
  9999,
  eventMessage('M3', 12, {
    name: 'Delivered',
    devices: [],
    callId: 'C1',
    alertingDevice: '8808',
    callingDevice: '6175551212',
    calledDevice: '5000',
    callData: {},
    cause: 'newCall',
  }),
);

describe('CSTA XML fault frames', () => {
  it('reads a request by its contract name and device, and matches its answer to it', () => {
    const memory = newLinkMemory(() => undefined);
    const request = read(
      'fromAdapter',
      frameText(7, { type: 'SetAgentState', body: { device: '8808', requestedAgentState: 'loggedOn', agentID: '5501', password: '7077' } }),
      memory,
    );
    assert.deepEqual([request.frame, request.name, request.invokeId, request.deviceId], ['Request', 'AgentLogin', 7, '8808']);
    const answer = read('toAdapter', frameText(7, { type: 'SetAgentStateResponse', body: {} }), memory);
    assert.deepEqual([answer.frame, answer.name, answer.invokeId, answer.deviceId], ['Response', 'AgentLogin', 7, '8808']);
    const refused = read('toAdapter', frameText(8, { type: 'CSTAErrorCode', body: { operation: 'invalidCallID' } }), memory);
    assert.equal(refused.frame, 'Error');
  });

  it('reads an event by its contract name, monitor, sequence number and the monitored device', () => {
    const info = read(
      'toAdapter',
      delivered,
      newLinkMemory((id) => (id === 'M3' ? '8808' : undefined)),
    );
    assert.deepEqual([info.frame, info.name, info.monitorId, info.seq, info.deviceId], ['Event', 'Delivered', 'M3', 12, '8808']);
    assert.equal(
      read(
        'toAdapter',
        frameText(9999, { type: 'SystemStatus', body: { systemStatus: 'normal' } }),
        newLinkMemory(() => undefined),
      ).frame,
      'SystemStatus',
    );
    assert.equal(
      read(
        'toAdapter',
        '9999<not-xml',
        newLinkMemory(() => undefined),
      ).frame,
      'unreadable',
    );
  });

  it('corrupts the sequence number into text no schema accepts, telling types only', () => {
    const info = read(
      'toAdapter',
      delivered,
      newLinkMemory(() => undefined),
    );
    assert.ok(info.value !== null);
    const damaged = info.value === null ? null : corrupt(info.value, 'seq');
    assert.ok(damaged !== null);
    assert.match(damaged.detail, /^seq: messageSequenceNumber → text that is no number$/);
    const decoded = decodeMessage(splitFrameText(damaged.text).xml);
    assert.equal(decoded.ok ? 'ok' : decoded.error.code, 'schemaMismatch');
    assert.equal(info.value === null ? 'none' : corrupt(info.value, 'event.callId'), null);
  });

  it('cuts the XML, never the invoke id before it', () => {
    const broken = malformed(delivered);
    assert.equal(broken.text.slice(0, 4), '9999');
    assert.equal(decodeMessage(splitFrameText(broken.text).xml).ok, false);
    assert.match(broken.detail, /^XML cut after \d+ of \d+ characters$/);
  });
});
