import assert from 'node:assert/strict';
import { test } from 'node:test';
import { delivered } from './support/cti-events.ts';
import { startLab } from './support/lab.ts';
import { calls, MonitorScript } from './support/script.ts';

test('an event whose seq is not greater than the last on its monitor (duplicate or replay) is dropped and logged', async (t) => {
  const lab = await startLab();
  t.after(() => lab.stop());
  const phone = await MonitorScript.on(lab, '8808');
  const ring = (id: string) => delivered(id, '8808', { calling: '6175551212', called: '8808', trunk: 'T1' });
  lab.server.event(phone.monitorId, 1, ring('first'));
  lab.server.event(phone.monitorId, 1, ring('duplicate'));
  lab.server.event(phone.monitorId, 3, ring('third'));
  lab.server.event(phone.monitorId, 2, ring('replayed'));
  lab.server.event(phone.monitorId, 4, ring('fourth'));
  const got = await lab.sink.waitForMatch((d) => d.event.pyEventType === 'CallStateEvent' && d.event.pyCallId === 'fourth', 'the fourth call');
  assert.deepEqual(calls(got), ['Offering first', 'Offering third', 'Offering fourth']);
  const dropped = lab.logger.entries.filter((e) => e.msg === 'CTI event dropped: duplicate or replayed sequence number');
  assert.deepEqual(
    dropped.map((e) => ('seq' in e.obj ? e.obj.seq : undefined)),
    [1, 2],
  );
});

test('sequence numbers are tracked per monitor', async (t) => {
  const lab = await startLab();
  t.after(() => lab.stop());
  const a = await MonitorScript.on(lab, '8808');
  const b = await MonitorScript.on(lab, '8809');
  a.send(delivered('a1', '8808', { calling: '8810', called: '8808' }));
  b.send(delivered('b1', '8809', { calling: '8810', called: '8809' }));
  assert.deepEqual(calls(await b.settle()), ['Offering a1', 'Offering b1']);
});
