/**
 * The reference adapter over CSTA XML against the real simulator on 127.0.0.1: session start,
 * subscription (MonitorStart), a customer call offered and answered, an agent logged in and made
 * ready, a bad request refused with a CSTAErrorCode the adapter turns into its error code.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createReferenceAdapter } from '../../src/adapter/index.ts';
import { createSimulator } from '../../simulator/index.ts';
import { createCstaXmlDialect } from '../../simulator/dialects/csta-xml.ts';
import { RecordingLogger, RecordingSink } from '../adapter/support/recorders.ts';

const CREDENTIALS = { user: 'lab', password: 'lab-secret' };

async function start(mode: 'simple' | 'agent-state' | 'full') {
  const simulator = createSimulator({ dialect: createCstaXmlDialect(), credentials: CREDENTIALS });
  simulator.control.provision({
    extensions: ['8808', '8809'],
    queues: [{ id: 'Sales', dialledNumber: '5000', members: ['8808'] }],
    agents: [{ id: '5501', password: 'pw' }],
  });
  const { url } = await simulator.start();
  const sink = new RecordingSink();
  const logger = new RecordingLogger();
  const adapter = createReferenceAdapter({
    settings: { mode, ctiUrl: url, credentials: CREDENTIALS, timeouts: { connectMs: 2000, requestMs: 2000 } },
    sink,
    logger,
  });
  return {
    url,
    simulator,
    sink,
    adapter,
    async stop() {
      await adapter.CloseAdapter({});
      await simulator.stop();
    },
  };
}

test('a customer call reaches the desktop over CSTA XML as an Offering carrying its call data', async (t) => {
  const lab = await start('simple');
  t.after(() => lab.stop());
  assert.match(lab.url, /^csta-xml:\/\/127\.0\.0\.1:\d+$/);
  const subscribed = await lab.adapter.SubscribeForEvents({ DN: '8808' });
  assert.deepEqual(subscribed, { ok: true });
  lab.simulator.control.customerCall({ from: '6175551212', to: { queue: 'Sales' }, callData: { account: 'A-17 & <co>' } });
  const deliveries = await lab.sink.waitForMatch((d) => (d.event as { pyEventName?: string }).pyEventName === 'Offering', 'an Offering');
  const offering = deliveries.find((d) => (d.event as { pyEventName?: string }).pyEventName === 'Offering');
  assert.equal(offering?.DN, '8808');
  assert.match(JSON.stringify(offering?.event), /A-17 & <co>/);
});

test('an agent logs in and becomes ready over CSTA XML; a wrong agent password is refused with its own error code', async (t) => {
  const lab = await start('agent-state');
  t.after(() => lab.stop());
  assert.deepEqual(await lab.adapter.SubscribeForEvents({ DN: '8808' }), { ok: true });
  const wrong = await lab.adapter.LoginAgent({ DN: '8808', AgentID: '5501', AgentPassword: 'nope' });
  assert.equal(wrong.ok, false);
  if (!wrong.ok) assert.match(wrong.errMessage, /password/i);
  assert.deepEqual(await lab.adapter.LoginAgent({ DN: '8808', AgentID: '5501', AgentPassword: 'pw' }), { ok: true });
  assert.deepEqual(await lab.adapter.SetAgentReady({ DN: '8808', AgentID: '5501' }), { ok: true });
  const seen = lab.simulator.control.truth().agents.get('5501');
  assert.equal(seen?.status.kind, 'ready');
});
