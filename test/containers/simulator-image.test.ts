/**
 * The simulator image (`switchboard simulate` in a container), for implementers whose adapter the
 * harness does not drive: it serves the CTI link on the port it is given and plays the script it is
 * given. Needs an engine and `npm run images` (support/docker.ts).
 */
import assert from 'node:assert/strict';
import { createAdapter } from '../../src/adapter/index.ts';
import { containerTest } from './support/docker.ts';
import { SimulatorContainer } from './support/simulator-container.ts';

const silent = { debug() {}, info() {}, warn() {}, error() {} };
const SCRIPT = ['version: 1', 'provision:', '  extensions: ["7001"]', '  queues: []', '  agents: []', 'timeline: []', ''].join('\n');

containerTest('the simulator image serves the CTI link on the given port, provisioned by the given script: an adapter opens a session and monitors an extension', async (t, client) => {
  const simulator = await new SimulatorContainer().withScript(SCRIPT).start();
  t.after(() => simulator.stop());
  assert.match(simulator.getWsUrl(), /^ws:\/\/127\.0\.0\.1:\d+$/);

  const adapter = await createAdapter({
    settings: { mode: 'simple', ctiUrl: simulator.getWsUrl(), credentials: { user: 'switchboard', password: 'switchboard' }, timeouts: { connectMs: 5000, requestMs: 5000 } },
    sink: { deliver() {} },
    logger: silent,
  });
  t.after(() => adapter.CloseAdapter({}));
  assert.deepEqual(await adapter.OpenAdapter({}), { ok: true });
  assert.deepEqual(await adapter.SubscribeForEvents({ DN: '7001' }), { ok: true }, 'the extension the script provisions is there');
  const unknown = await adapter.SubscribeForEvents({ DN: '8808' });
  assert.equal(unknown.ok === false && unknown.errCode, 'OPENCTI_HTTP_ERROR_404', 'and only what the script provisions');

  await simulator.stop();
  const left = await client.container.dockerode.listContainers({ all: true, filters: { id: [simulator.getId()] } });
  assert.deepEqual(left, [], 'stop() removes the container');
});
