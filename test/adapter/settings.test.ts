import assert from 'node:assert/strict';
import { test } from 'node:test';
import { AdapterConfigError, createAdapter } from '../../src/adapter/index.ts';
import { parseSettings } from '../../src/adapter/config/settings.ts';
import { RecordingLogger, RecordingSink } from './support/recorders.ts';
import { settingsFor } from './support/lab.ts';
import { SERVER_PASSWORD } from './support/fake-cti-server.ts';

function refusal(settings: unknown): AdapterConfigError {
  const logger = new RecordingLogger();
  try {
    void createAdapter({ settings, sink: new RecordingSink(), logger });
  } catch (error) {
    assert.ok(error instanceof AdapterConfigError, `expected AdapterConfigError, got ${String(error)}`);
    return error;
  }
  assert.fail('the adapter accepted settings it should refuse');
}

const valid = settingsFor('ws://127.0.0.1:1');

test('OCTI-CFG-001 valid settings create an adapter', async () => {
  const adapter = await createAdapter({ settings: valid, sink: new RecordingSink(), logger: new RecordingLogger() });
  assert.equal(typeof adapter.OpenAdapter, 'function');
});

test('OCTI-CFG-001 an unknown telephony mode is refused, naming settings.mode and the modes expected', () => {
  const error = refusal({ ...valid, mode: 'premium' });
  assert.equal(error.code, 'invalidSettings');
  assert.deepEqual(error.issues, [{ path: 'settings.mode', message: 'Expected one of simple, agent-state, full, got "premium"' }]);
  assert.match(error.message, /settings\.mode: Expected one of simple, agent-state, full, got "premium"/);
});

test('OCTI-CFG-001 a missing mode is a usage error, never a silent default', () => {
  const { mode: _mode, ...withoutMode } = valid;
  const error = refusal(withoutMode);
  assert.deepEqual(error.issues, [{ path: 'settings.mode', message: 'Expected one of simple, agent-state, full, got nothing' }]);
});

test('OCTI-CFG-001 every bad field is named with what was expected, not only the first few', () => {
  const error = refusal({
    mode: 'premium',
    ctiUrl: 'http://cti.example',
    credentials: { user: '', password: 'x' },
    timeouts: { connectMs: 0, requestMs: 'soon' },
    colour: 'blue',
  });
  const byPath = new Map(error.issues.map((i) => [i.path, i.message]));
  assert.deepEqual([...byPath.keys()].sort(), [
    'settings.colour',
    'settings.credentials.user',
    'settings.ctiUrl',
    'settings.mode',
    'settings.timeouts.connectMs',
    'settings.timeouts.requestMs',
  ]);
  assert.match(byPath.get('settings.ctiUrl') ?? '', /ws:\/\/, wss:\/\/, ami:\/\/ or csta-xml:\/\/ URL.*got "http:\/\/cti\.example"/);
  assert.match(byPath.get('settings.credentials.user') ?? '', /non-empty user name.*got ""/);
  assert.match(byPath.get('settings.timeouts.connectMs') ?? '', /Expected an integer \(milliseconds, 1 to 600000\), got 0/);
  assert.match(byPath.get('settings.timeouts.requestMs') ?? '', /got "soon"/);
  assert.match(byPath.get('settings.colour') ?? '', /Unexpected property/);
  for (const path of byPath.keys()) assert.ok(error.message.includes(path), `message names ${path}`);
});

test('OCTI-CFG-001 missing credentials name each credential field', () => {
  const error = refusal({ ...valid, credentials: undefined });
  assert.deepEqual(
    error.issues.map((i) => i.path),
    ['settings.credentials'],
  );
  assert.match(error.issues[0]?.message ?? '', /Expected an object with user, password, got nothing/);
  const partial = refusal({ ...valid, credentials: {} });
  assert.deepEqual(
    partial.issues.map((i) => i.path),
    ['settings.credentials.user', 'settings.credentials.password'],
  );
});

test('OCTI-CFG-001 settings that are not an object are refused at the root', () => {
  const error = refusal(null);
  assert.deepEqual(
    error.issues.map((i) => i.path),
    ['settings'],
  );
  assert.match(error.message, /Expected an object with mode, ctiUrl, credentials/);
});

test('a password of the wrong type is refused without echoing it', () => {
  const error = refusal({ ...valid, credentials: { user: 'u', password: 987654321 } });
  assert.deepEqual(
    error.issues.map((i) => i.path),
    ['settings.credentials.password'],
  );
  assert.ok(!error.message.includes('987654321'), error.message);
  assert.match(error.message, /got a number \(not shown\)/);
});

test('an empty applicationId is refused, naming settings.applicationId', () => {
  const error = refusal({ ...valid, applicationId: '' });
  assert.deepEqual(
    error.issues.map((i) => i.path),
    ['settings.applicationId'],
  );
  assert.match(error.issues[0]?.message ?? '', /Expected a string of 1 to 128 characters, got ""/);
});

test('the settings are logged without the password', () => {
  const logger = new RecordingLogger();
  void createAdapter({ settings: valid, sink: new RecordingSink(), logger });
  const logged = logger.text();
  assert.ok(logged.includes('switchboard'), 'the user is logged');
  assert.ok(!logged.includes(SERVER_PASSWORD), 'the password is not');
});

test('reconnect backoff (decision 0014): 500 ms to 30 s unless set; one bound given alone moves the other default out of its way', () => {
  const withTimeouts = (extra: object) => parseSettings({ ...valid, timeouts: { connectMs: 2000, requestMs: 2000, ...extra } }).reconnect;
  assert.deepEqual(parseSettings(valid).reconnect, { minMs: 500, maxMs: 30_000 });
  assert.deepEqual(withTimeouts({ reconnectMinMs: 50, reconnectMaxMs: 800 }), { minMs: 50, maxMs: 800 });
  assert.deepEqual(withTimeouts({ reconnectMaxMs: 200 }), { minMs: 200, maxMs: 200 });
  assert.deepEqual(withTimeouts({ reconnectMinMs: 60_000 }), { minMs: 60_000, maxMs: 60_000 });
});

test('OCTI-CFG-001 reconnect bounds out of order or out of range are refused, naming the field', () => {
  const outOfOrder = refusal({ ...valid, timeouts: { connectMs: 2000, requestMs: 2000, reconnectMinMs: 1000, reconnectMaxMs: 999 } });
  assert.deepEqual(outOfOrder.issues, [
    { path: 'settings.timeouts.reconnectMaxMs', message: 'Expected at least settings.timeouts.reconnectMinMs (1000), got 999' },
  ]);
  const outOfRange = refusal({ ...valid, timeouts: { connectMs: 2000, requestMs: 2000, reconnectMinMs: 0, reconnectMaxMs: 'later' } });
  assert.deepEqual(
    outOfRange.issues.map((i) => i.path),
    ['settings.timeouts.reconnectMinMs', 'settings.timeouts.reconnectMaxMs'],
  );
  assert.match(outOfRange.issues[0]?.message ?? '', /Expected an integer \(milliseconds, 1 to 600000\), got 0/);
});
