/**
 * Decision 0014, regression from the property run (OCTI-PROP-005, OCTI-PROP-009): a lost link that
 * interrupts UnSubscribeForEvents's MonitorStop took the switch's monitor with it, so the
 * unsubscribe is done: it succeeds, and the reconnect does not monitor the extension again.
 *
 * Real timers, on purpose: every wait of the adapter is bounded by its own deadlines (requestMs),
 * the cleanup's CloseAdapter included. On the outage lab's manual clock a MonitorStop the server
 * never answers waits until the test moves the clock, which it no longer does once the body is
 * over: CloseAdapter in `t.after` then hangs on the MonitorStop of every extension still subscribed.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { delivered } from './support/cti-events.ts';
import { startLab } from './support/lab.ts';
import { linkStates, RECONNECT_MAX_MS, RECONNECT_MIN_MS } from './support/outage.ts';
import { MonitorScript } from './support/script.ts';

test('UnSubscribeForEvents whose MonitorStop the lost link interrupts succeeds, and after the reconnect the extension stays unmonitored and silent', async (t) => {
  const lab = await startLab({ requestMs: 1000, reconnectMinMs: RECONNECT_MIN_MS, reconnectMaxMs: RECONNECT_MAX_MS, overrides: { random: () => 0 } });
  t.after(() => lab.stop());
  const gone = await lab.subscribe('8808');
  await lab.subscribe('8809');
  let stops = 0;
  lab.server.use('MonitorStop', (_frame, peer) => {
    stops += 1;
    // The switch goes away with the first MonitorStop in flight, unanswered; later ones (CloseAdapter's) are answered.
    if (stops === 1) lab.server.dropConnections();
    else peer.respond({});
  });
  assert.deepEqual(await lab.adapter.UnSubscribeForEvents({ DN: '8808' }), { ok: true });
  await lab.logger.waitFor((e) => e.msg.startsWith('CTI link restored'), 'link restored');
  const resynced = lab.server.requests.slice(lab.server.requests.findIndex((r) => r.type === 'MonitorStop'));
  assert.deepEqual(
    resynced.flatMap((r) => (r.type === 'MonitorStart' ? [r.deviceId] : [])),
    ['8809'],
    'MonitorStart after the reconnect: 8809 only',
  );
  // Even an event the switch still sent on the old monitor of 8808 does not reach a desktop.
  lab.server.emitOn(gone, delivered('c1', '8808', { calling: '6175551212', called: '8808' }));
  await MonitorScript.of(lab, '8809').settle();
  assert.deepEqual(
    lab.sink.deliveries.filter((d) => d.DN === '8808'),
    [],
  );
  assert.deepEqual(linkStates(lab.sink.deliveries), ['8809:DISCONNECTED', '8809:CONNECTED']);
  assert.equal((await lab.adapter.UnSubscribeForEvents({ DN: '8808' })).ok, false, '8808 is no longer subscribed');
});

test('UnSubscribeForEvents the switch refuses fails and keeps the subscription: the extension still gets its events', async (t) => {
  const lab = await startLab({ requestMs: 1000, reconnectMinMs: RECONNECT_MIN_MS, reconnectMaxMs: RECONNECT_MAX_MS, overrides: { random: () => 0 } });
  t.after(() => lab.stop());
  const kept = await lab.subscribe('8808');
  let stops = 0;
  lab.server.use('MonitorStop', (_frame, peer) => {
    stops += 1;
    // The first MonitorStop is refused; CloseAdapter's, at the end, is answered.
    if (stops === 1) peer.fail('serviceUnavailable', 'switch in maintenance');
    else peer.respond({});
  });
  const refused = await lab.adapter.UnSubscribeForEvents({ DN: '8808' });
  assert.equal(refused.ok, false);
  lab.server.emitOn(kept, delivered('c1', '8808', { calling: '6175551212', called: '8808' }));
  const seen = await MonitorScript.of(lab, '8808').settle();
  assert.deepEqual(
    seen.filter((d) => d.DN === '8808').map((d) => d.event.pyEventName),
    ['Offering'],
    'the subscription the desktop was told failed to end still delivers',
  );
  assert.deepEqual(await lab.adapter.UnSubscribeForEvents({ DN: '8808' }), { ok: true }, 'and can be ended again');
});
