import assert from 'node:assert/strict';
import { test } from 'node:test';
import { decodeRequest, decodeServerFrame, encodeFrame } from '../../src/contract/index.ts';

test('a well-formed MonitorStart decodes to its frame', () => {
  const decoded = decodeRequest('{"type":"MonitorStart","invokeId":7,"deviceId":"8808"}');
  assert.deepEqual(decoded, { ok: true, frame: { type: 'MonitorStart', invokeId: 7, deviceId: '8808' } });
});

test('text that is not JSON is a notJson error with no invoke id', () => {
  const decoded = decodeRequest('{"type":');
  assert.equal(decoded.ok, false);
  if (!decoded.ok) {
    assert.equal(decoded.error.code, 'notJson');
    assert.equal(decoded.error.invokeId, null);
  }
});

test('an unknown request type names the known ones and keeps the invoke id', () => {
  const decoded = decodeRequest('{"type":"Teleport","invokeId":3}');
  assert.equal(decoded.ok, false);
  if (!decoded.ok) {
    assert.equal(decoded.error.code, 'unknownType');
    assert.equal(decoded.error.invokeId, 3);
    assert.match(decoded.error.message, /^type: Expected one of StartApplicationSession, StopApplicationSession, MonitorStart/);
  }
});

test('a field of the wrong shape is named with its path', () => {
  const decoded = decodeRequest('{"type":"MonitorStart","invokeId":4,"deviceId":"88 08"}');
  assert.equal(decoded.ok, false);
  if (!decoded.ok) {
    assert.equal(decoded.error.code, 'schemaMismatch');
    assert.equal(decoded.error.requestType, 'MonitorStart');
    assert.match(decoded.error.message, /deviceId: .*device number/);
  }
});

test('an unexpected extra field is refused', () => {
  const decoded = decodeRequest('{"type":"MonitorStop","invokeId":5,"monitorId":"m1","force":true}');
  assert.equal(decoded.ok, false);
});

test('an event frame decodes with its event checked by name', () => {
  const text = '{"type":"Event","monitorId":"m1","seq":1,"event":{"name":"CallCleared","callId":"C1","cause":"normal"}}';
  const decoded = decodeServerFrame(text);
  assert.deepEqual(decoded, { ok: true, frame: { type: 'Event', monitorId: 'm1', seq: 1, event: { name: 'CallCleared', callId: 'C1', cause: 'normal' } } });
});

test('an event with a bad field names the path inside the event', () => {
  const decoded = decodeServerFrame('{"type":"Event","monitorId":"m1","seq":1,"event":{"name":"Delivered","callId":"C1"}}');
  assert.equal(decoded.ok, false);
  if (!decoded.ok) assert.match(decoded.error.message, /event\.alertingDevice/);
});

test('an event frame is refused, naming the path, for a bad head, an unknown or inherited event name, or an extra key', () => {
  const event = '{"name":"CallCleared","callId":"C1","cause":"normal"}';
  const refused: [string, RegExp][] = [
    [`{"type":"Event","monitorId":"m1","seq":0,"event":${event}}`, /seq/],
    [`{"type":"Event","monitorId":"m1","seq":1,"event":${event},"extra":1}`, /extra|additional/i],
    ['{"type":"Event","monitorId":"m1","seq":1,"event":{"name":"constructor","callId":"C1"}}', /event\.name: Expected one of/],
    ['{"type":"Event","monitorId":"m1","seq":1,"event":{"name":"__proto__","callId":"C1"}}', /event\.name: Expected one of/],
    ['{"type":"Event","monitorId":"m1","seq":1,"event":{"name":"CallCleared","callId":"C1","cause":"normal","x":1}}', /event/],
  ];
  for (const [text, message] of refused) {
    const decoded = decodeServerFrame(text);
    assert.equal(decoded.ok, false, text);
    if (!decoded.ok) {
      assert.equal(decoded.error.code, 'schemaMismatch', text);
      assert.match(decoded.error.message, message, text);
    }
  }
});

test('a response is checked against the result of the request it answers', () => {
  assert.equal(decodeServerFrame('{"type":"Response","invokeId":1,"request":"MonitorStart","result":{"monitorId":"m1"}}').ok, true);
  const bad = decodeServerFrame('{"type":"Response","invokeId":1,"request":"MonitorStart","result":{}}');
  assert.equal(bad.ok, false);
  if (!bad.ok) assert.match(bad.error.message, /result\.monitorId/);
});

test('encode then decode gives the same frame back', () => {
  const frame = { type: 'Error', invokeId: null, error: { code: 'malformedFrame', message: 'deviceId: Expected string' } } as const;
  assert.deepEqual(decodeServerFrame(encodeFrame(frame)), { ok: true, frame });
});
