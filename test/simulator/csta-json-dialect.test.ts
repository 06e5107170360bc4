import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { decodeServerFrame, encodeFrame } from '../../src/contract/cti-wire/codec.ts';
import { createCstaJsonDialect, toCtiEvent } from '../../simulator/protocol/csta-json.ts';

const dialect = createCstaJsonDialect();

describe('CSTA-JSON dialect: decoding requests', () => {
  it('decodes a StartApplicationSession frame', () => {
    const text = '{"type":"StartApplicationSession","invokeId":1,"applicationId":"pega","user":"u","password":"p","protocolVersion":"1"}';
    assert.deepEqual(dialect.decodeRequest(text), {
      ok: true,
      request: { type: 'StartApplicationSession', invokeId: 1, applicationId: 'pega', user: 'u', password: 'p', protocolVersion: '1' },
    });
  });

  it('decodes MonitorStart, MonitorStop, SnapshotDevice and StopApplicationSession', () => {
    for (const text of [
      '{"type":"MonitorStart","invokeId":2,"deviceId":"8808"}',
      '{"type":"MonitorStop","invokeId":3,"monitorId":"M1"}',
      '{"type":"SnapshotDevice","invokeId":4,"deviceId":"+8808"}',
      '{"type":"StopApplicationSession","invokeId":5}',
    ]) {
      const decoded = dialect.decodeRequest(text);
      assert.ok(decoded.ok, text);
      assert.deepEqual(decoded.request, JSON.parse(text));
    }
  });

  it('calls text that is not JSON a malformedFrame with no invoke id', () => {
    const decoded = dialect.decodeRequest('{"type": "MonitorStart",');
    assert.ok(!decoded.ok);
    assert.equal(decoded.error.code, 'malformedFrame');
    assert.equal(decoded.error.invokeId, null);
    assert.match(decoded.error.message, /^\(root\): Expected a JSON text/);
  });

  it('calls a JSON array a malformedFrame', () => {
    const decoded = dialect.decodeRequest('[1,2]');
    assert.ok(!decoded.ok);
    assert.equal(decoded.error.code, 'malformedFrame');
    assert.match(decoded.error.message, /Expected a JSON object/);
  });

  it('names the field path and the expectation of a schema mismatch, keeping the invoke id', () => {
    const decoded = dialect.decodeRequest('{"type":"MonitorStart","invokeId":7,"deviceId":"abc"}');
    assert.ok(!decoded.ok);
    assert.deepEqual(
      { code: decoded.error.code, invokeId: decoded.error.invokeId, requestType: decoded.error.requestType, paths: decoded.error.paths },
      { code: 'malformedFrame', invokeId: 7, requestType: 'MonitorStart', paths: ['deviceId'] },
    );
    assert.match(decoded.error.message, /^deviceId: .*digits, optionally led by \+.*got "abc"/);
  });

  it('calls an unknown type an unknownRequest and lists the known ones', () => {
    const decoded = dialect.decodeRequest('{"type":"DeflectCall","invokeId":9}');
    assert.ok(!decoded.ok);
    assert.equal(decoded.error.code, 'unknownRequest');
    assert.equal(decoded.error.invokeId, 9);
    assert.match(
      decoded.error.message,
      /^type: Expected one of StartApplicationSession, StopApplicationSession, MonitorStart, MonitorStop, SnapshotDevice, AgentLogin, AgentLogout, SetAgentState, AnswerCall, ClearConnection, HoldCall, RetrieveCall, MakeCall, GenerateDigits, ConsultationCall, TransferCall, SingleStepTransfer, ConferenceCall, got "DeflectCall"/,
    );
  });

  it('never echoes a password in a decode error', () => {
    const secret = 'hunter2-but-far-too-long-'.repeat(12);
    const decoded = dialect.decodeRequest(
      JSON.stringify({ type: 'StartApplicationSession', invokeId: 1, applicationId: 'a', user: 'u', password: secret, protocolVersion: '1' }),
    );
    assert.ok(!decoded.ok);
    assert.match(decoded.error.message, /^password: .*\(value not shown\)$/);
    assert.ok(!decoded.error.message.includes('hunter2'));
  });
});

describe('CSTA-JSON dialect: encoding', () => {
  it('encodes a Response frame as the contract codec does', () => {
    const text = dialect.encodeResponse({ type: 'Response', invokeId: 2, request: 'MonitorStart', result: { monitorId: 'M1' } });
    assert.equal(text, '{"type":"Response","invokeId":2,"request":"MonitorStart","result":{"monitorId":"M1"}}');
  });

  it('encodes an Error frame and caps its message at the wire limit', () => {
    const text = dialect.encodeError({ type: 'Error', invokeId: null, error: { code: 'malformedFrame', message: 'x'.repeat(5000) } });
    const decoded = decodeServerFrame(text);
    assert.ok(decoded.ok, text.slice(0, 200));
    assert.ok(decoded.frame.type === 'Error' && decoded.frame.error.message.length === 2048);
  });

  it('encodes the heartbeat as SystemStatus normal', () => {
    assert.equal(dialect.encodeHeartbeat(), '{"type":"SystemStatus","status":"normal"}');
  });

  it('frames a model Delivered event for one monitor, without the routing list', () => {
    const text = dialect.encodeEvent('M3', 7, {
      name: 'Delivered',
      callId: 'C1',
      alertingDevice: '8808',
      callingDevice: '+441632960001',
      calledDevice: '4000',
      trunkUsed: 'T1',
      callData: { AccountNumber: '42' },
      cause: 'newCall',
      devices: ['8808'],
    });
    assert.equal(
      text,
      '{"type":"Event","monitorId":"M3","seq":7,"event":{"name":"Delivered","callId":"C1","alertingDevice":"8808","callingDevice":"+441632960001","calledDevice":"4000","trunkUsed":"T1","callData":{"AccountNumber":"42"},"cause":"newCall"}}',
    );
    assert.ok(decodeServerFrame(text).ok);
  });

  it('maps every model event to a wire event the contract accepts', () => {
    const events = [
      {
        name: 'Established',
        callId: 'C1',
        answeringDevice: '8808',
        callingDevice: '8809',
        calledDevice: '8808',
        callData: {},
        cause: 'normal',
        devices: ['8808', '8809'],
      },
      { name: 'ConnectionCleared', callId: 'C1', releasingDevice: '+1', cause: 'callCancelled', devices: [] },
      { name: 'CallCleared', callId: 'C1', cause: 'normal', devices: ['8808'] },
      { name: 'AgentLoggedOn', agentId: '5501', deviceId: '8808', devices: ['8808'] },
      { name: 'AgentLoggedOff', agentId: '5501', deviceId: '8808', reasonCode: 'EOD', devices: ['8808'] },
      { name: 'AgentReady', agentId: '5501', deviceId: '8808', devices: ['8808'] },
      { name: 'AgentNotReady', agentId: '5501', deviceId: '8808', devices: ['8808'] },
      { name: 'AgentWorkingAfterCall', agentId: '5501', deviceId: '8808', devices: ['8808'] },
      { name: 'AgentBusy', agentId: '5501', deviceId: '8808', devices: ['8808'] },
    ] as const;
    for (const event of events) {
      // The template's text is the whole frame's JSON, byte for byte (an odd monitor id escaped as JSON escapes it).
      for (const [monitorId, seq] of [
        ['M1', 1],
        ['M"\\1', 2 ** 31],
      ] as const)
        assert.equal(dialect.encodeEvent(monitorId, seq, event), encodeFrame({ type: 'Event', monitorId, seq, event: toCtiEvent(event) }));
      const decoded = decodeServerFrame(dialect.encodeEvent('M1', 1, event));
      assert.ok(decoded.ok, `${event.name}: ${decoded.ok ? '' : decoded.error.message}`);
      const { devices: _devices, ...wire } = event;
      assert.deepEqual(toCtiEvent(event), wire);
    }
  });
});
