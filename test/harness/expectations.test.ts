import assert from 'node:assert/strict';
import { test } from 'node:test';
import { evaluate, waitFor, ExpectationFailed, type EventPattern } from '../../src/harness/expectations.ts';
import { desktopOf, Trace } from '../../src/harness/trace.ts';

let tick = 0;
function traceOf(events: readonly [string, Record<string, unknown>, string?][]): Trace {
  const trace = new Trace({ now: () => tick++ });
  for (const [DN, event, desktop] of events) trace.record({ kind: 'delivered', desktop: desktop ?? desktopOf(DN), DN, event, issues: [] });
  return trace;
}

const offering = (callId: string, extra: Record<string, unknown> = {}) => ({
  pyEventType: 'CallStateEvent',
  pyEventName: 'Offering',
  pyCallId: callId,
  ...extra,
});
const named = (name: string, callId: string) => ({ pyEventType: 'CallStateEvent', pyEventName: name, pyCallId: callId });
const on = (DN: string, name: string, pyCallId = 'C1'): EventPattern => ({ desktop: desktopOf(DN), DN, fields: { pyEventName: name, pyCallId } });

test('eventually holds once a matching event was delivered and is pending before', () => {
  const trace = traceOf([['8808', offering('C1', { pyANI: '555' })]]);
  assert.deepEqual(evaluate(trace.entries, { kind: 'eventually', pattern: { DN: '8808', fields: { pyANI: '555' } } }), { kind: 'holds' });
  const verdict = evaluate(trace.entries, { kind: 'eventually', pattern: { DN: '8808', fields: { pyANI: '777' } } });
  assert.equal(verdict.kind, 'pending');
  assert.match(verdict.kind === 'pending' ? verdict.message : '', /pyANI="777".*\n.*8808: Offering pyCallId=C1 pyANI=555/s);
});

test('a pattern for one extension never matches another extension', () => {
  const trace = traceOf([['8809', offering('C1')]]);
  assert.equal(evaluate(trace.entries, { kind: 'eventually', pattern: on('8808', 'Offering') }).kind, 'pending');
});

test("an event for the right extension on another CSR's desktop is not the desktop getting it", () => {
  const trace = traceOf([['8808', offering('C1'), desktopOf('8809')]]);
  const verdict = evaluate(trace.entries, { kind: 'eventually', pattern: on('8808', 'Offering') });
  assert.equal(verdict.kind, 'pending');
  assert.match(verdict.kind === 'pending' ? verdict.message : '', /8808 \(on CSR@8809\): Offering/);
  assert.equal(evaluate(trace.entries, { kind: 'eventually', pattern: { DN: '8808', fields: { pyEventName: 'Offering' } } }).kind, 'holds');
});

test('call variables match as a subset of pyNamedVariables', () => {
  const trace = traceOf([['8808', offering('C1', { pyNamedVariables: { Account: '1', Intent: 'billing' } })]]);
  assert.equal(evaluate(trace.entries, { kind: 'eventually', pattern: { variables: { Intent: 'billing' } } }).kind, 'holds');
  assert.equal(evaluate(trace.entries, { kind: 'eventually', pattern: { variables: { Intent: 'sales' } } }).kind, 'pending');
});

test('in order accepts interleaved events but not a reversed order', () => {
  const interleaved = traceOf([
    ['8808', named('Offering', 'C1')],
    ['8809', named('Offering', 'C2')],
    ['8808', named('Established', 'C1')],
  ]);
  assert.equal(evaluate(interleaved.entries, { kind: 'inOrder', patterns: [on('8808', 'Offering'), on('8808', 'Established')] }).kind, 'holds');
  const reversed = traceOf([
    ['8808', named('Established', 'C1')],
    ['8808', named('Offering', 'C1')],
  ]);
  const verdict = evaluate(reversed.entries, { kind: 'inOrder', patterns: [on('8808', 'Offering'), on('8808', 'Established')] });
  assert.equal(verdict.kind, 'pending');
  assert.match(verdict.kind === 'pending' ? verdict.message : '', /missing Established on the desktop for 8808 with pyCallId="C1" after Offering/);
});

test('any order needs a distinct event for each pattern', () => {
  const once = traceOf([['8808', named('Offering', 'C1')]]);
  assert.equal(evaluate(once.entries, { kind: 'anyOrder', patterns: [on('8808', 'Offering'), on('8808', 'Offering')] }).kind, 'pending');
  const twice = traceOf([
    ['8808', named('Offering', 'C1')],
    ['8808', named('Offering', 'C1')],
  ]);
  assert.equal(evaluate(twice.entries, { kind: 'anyOrder', patterns: [on('8808', 'Offering'), on('8808', 'Offering')] }).kind, 'holds');
});

test('never is violated by a match, counting only from the given entry', () => {
  const trace = traceOf([
    ['8808', named('Offering', 'C1')],
    ['8809', named('Offering', 'C2')],
  ]);
  assert.equal(evaluate(trace.entries, { kind: 'never', pattern: { DN: '8808' } }).kind, 'violated');
  assert.equal(evaluate(trace.entries, { kind: 'never', pattern: { DN: '8808' }, fromEntry: 1 }).kind, 'holds');
});

test('at most once and exactly once count matches', () => {
  const twice = traceOf([
    ['8808', named('Offering', 'C1')],
    ['8808', named('Offering', 'C1')],
  ]);
  const none = traceOf([]);
  assert.equal(evaluate(twice.entries, { kind: 'atMostOnce', pattern: on('8808', 'Offering') }).kind, 'violated');
  assert.equal(evaluate(none.entries, { kind: 'atMostOnce', pattern: on('8808', 'Offering') }).kind, 'holds');
  assert.equal(evaluate(twice.entries, { kind: 'exactlyOnce', pattern: on('8808', 'Offering') }).kind, 'violated');
  assert.equal(evaluate(none.entries, { kind: 'exactlyOnce', pattern: on('8808', 'Offering') }).kind, 'pending');
});

test('nothing after flags an event of the same call following the terminal one', () => {
  const expectation = { kind: 'nothingAfter', first: on('8808', 'Disconnected'), then: { DN: '8808', fields: { pyCallId: 'C1' } } } as const;
  const clean = traceOf([
    ['8808', named('Disconnected', 'C1')],
    ['8808', named('Offering', 'C2')],
  ]);
  assert.equal(evaluate(clean.entries, expectation).kind, 'holds');
  const ghost = traceOf([
    ['8808', named('Disconnected', 'C1')],
    ['8808', named('Established', 'C1')],
  ]);
  const verdict = evaluate(ghost.entries, expectation);
  assert.equal(verdict.kind, 'violated');
  assert.match(verdict.kind === 'violated' ? verdict.message : '', /Established pyCallId=C1/);
});

test('waitFor resolves when a later event satisfies the expectation', async () => {
  const trace = traceOf([]);
  const waiting = waitFor(trace, { kind: 'eventually', pattern: on('8808', 'Offering') }, 10_000);
  trace.record({ kind: 'delivered', desktop: 'CSR@8808', DN: '8808', event: named('Offering', 'C1'), issues: [] });
  await waiting;
});

test('waitFor rejects without waiting for the deadline when the trace already violates the expectation', async () => {
  const trace = traceOf([
    ['8808', named('Offering', 'C1')],
    ['8808', named('Offering', 'C1')],
  ]);
  await assert.rejects(waitFor(trace, { kind: 'exactlyOnce', pattern: on('8808', 'Offering') }, 600_000), ExpectationFailed);
});

test('waitFor rejects at the deadline naming what was missing', async () => {
  const trace = traceOf([['8808', named('Offering', 'C1')]]);
  await assert.rejects(
    waitFor(trace, { kind: 'eventually', pattern: on('8808', 'Established') }, 1),
    /expected Established on the desktop for 8808[\s\S]*waited 1 ms/,
  );
});

test('agent passwords never enter the trace', () => {
  const trace = new Trace();
  trace.record({ kind: 'request', desktop: 'CSR@8808', activity: 'LoginAgent', page: { DN: '8808', AgentID: '5501', AgentPassword: 'secret' } });
  assert.doesNotMatch(JSON.stringify(trace), /secret/);
});
