/**
 * The simulator image (`switchboard simulate` in a container), for implementers whose adapter the
 * harness does not drive: it serves the CTI link on the port it is given and plays the script it is
 * given; with a token, it also serves the control API over HTTP, so the implementer's own test harness
 * places the calls (simulator/README.md, "Control over the network"). Needs an engine and
 * `npm run images` (support/docker.ts).
 */
import assert from 'node:assert/strict';
import { createAdapter } from '../../src/adapter/index.ts';
import { containerTest } from './support/docker.ts';
import { SimulatorContainer } from './support/simulator-container.ts';

const silent = { debug() {}, info() {}, warn() {}, error() {} };
const SCRIPT = ['version: 1', 'provision:', '  extensions: ["7001"]', '  queues: []', '  agents: []', 'timeline: []', ''].join('\n');

containerTest(
  'the simulator image serves the CTI link on the given port, provisioned by the given script: an adapter opens a session and monitors an extension',
  async (t, client) => {
    const simulator = await new SimulatorContainer().withScript(SCRIPT).start();
    t.after(() => simulator.stop());
    assert.match(simulator.getWsUrl(), /^ws:\/\/127\.0\.0\.1:\d+$/);

    const adapter = await createAdapter({
      settings: {
        mode: 'simple',
        ctiUrl: simulator.getWsUrl(),
        credentials: { user: 'switchboard', password: 'switchboard' },
        timeouts: { connectMs: 5000, requestMs: 5000 },
      },
      sink: { deliver() {} },
      logger: silent,
    });
    t.after(() => adapter.CloseAdapter({}));
    assert.deepEqual(await adapter.OpenAdapter({}), { ok: true });
    assert.deepEqual(await adapter.SubscribeForEvents({ DN: '7001' }), { ok: true }, 'the extension the script provisions is there');
    const unknown = await adapter.SubscribeForEvents({ DN: '8808' });
    assert.equal(!unknown.ok && unknown.errCode, 'OPENCTI_HTTP_ERROR_404', 'and only what the script provisions');

    await simulator.stop();
    const left = await client.container.dockerode.listContainers({ all: true, filters: { id: [simulator.getId()] } });
    assert.deepEqual(left, [], 'stop() removes the container');
  },
);

const CONTROL_TOKEN = 'container-test-token-5f1c2a9d';

containerTest(
  'the simulator image serves the control channel with the token from $SWITCHBOARD_CONTROL_TOKEN: a call placed over HTTP pops on an adapter monitoring the extension, and the truth shows it',
  async (t) => {
    const simulator = await new SimulatorContainer().withScript(SCRIPT).withControl(CONTROL_TOKEN).start();
    t.after(() => simulator.stop());
    const control = simulator.getControlUrl();
    assert.match(control, /^http:\/\/127\.0\.0\.1:\d+$/);
    const authorization = { authorization: `Bearer ${CONTROL_TOKEN}` };
    const json = async (res: Response): Promise<Record<string, unknown>> => {
      const body: unknown = await res.json();
      assert.ok(typeof body === 'object' && body !== null && !Array.isArray(body));
      return body as Record<string, unknown>;
    };

    assert.equal((await fetch(`${control}/health`)).status, 401, 'no token, no control');
    assert.equal((await fetch(`${control}/health`, { headers: { authorization: 'Bearer container-test-token-wrong000' } })).status, 401);
    const health = await fetch(`${control}/health`, { headers: authorization });
    assert.equal(health.status, 200);
    assert.equal((await json(health))['ctiUrl'], simulator.getWsUrl());

    let popped!: (event: unknown) => void;
    const offering = new Promise<unknown>((resolve) => {
      popped = resolve;
    });
    const adapter = await createAdapter({
      settings: {
        mode: 'simple',
        ctiUrl: simulator.getWsUrl(),
        credentials: { user: 'switchboard', password: 'switchboard' },
        timeouts: { connectMs: 5000, requestMs: 5000 },
      },
      sink: {
        deliver({ DN, event }) {
          if (DN === '7001' && event.pyEventName === 'Offering') popped(event);
        },
      },
      logger: silent,
    });
    t.after(() => adapter.CloseAdapter({}));
    assert.deepEqual(await adapter.OpenAdapter({}), { ok: true });
    assert.deepEqual(await adapter.SubscribeForEvents({ DN: '7001' }), { ok: true });

    const placed = await fetch(`${control}/control/customerCall`, {
      method: 'POST',
      headers: { ...authorization, 'content-type': 'application/json' },
      body: JSON.stringify({ from: '+15557000', to: { extension: '7001' }, callData: { Ticket: 'T-1' } }),
    });
    const placedBody = await json(placed);
    assert.equal(placed.status, 200, JSON.stringify(placedBody));
    const event = await offering;
    assert.ok(typeof event === 'object' && event !== null && 'pyCallId' in event);
    assert.equal(event.pyCallId, placedBody['callId'], 'the adapter popped the call placed over HTTP');

    const truth = await json(await fetch(`${control}/control/truth`, { headers: authorization }));
    assert.deepEqual(
      (truth['calls'] as { id: string; connections: unknown[] }[]).map((c) => [c.id, c.connections]),
      [
        [
          placedBody['callId'],
          [
            { device: '+15557000', state: 'connected' },
            { device: '7001', state: 'alerting' },
          ],
        ],
      ],
    );
    const events = await json(await fetch(`${control}/control/events?after=0`, { headers: authorization }));
    assert.deepEqual(
      (events['entries'] as { event?: { name: string } }[]).map((e) => e.event?.name),
      ['Delivered'],
    );
    const refused = await fetch(`${control}/control/answerAtPhone`, {
      method: 'POST',
      headers: authorization,
      body: JSON.stringify({ extension: '7001', call: 'C99' }),
    });
    assert.equal(refused.status, 409);
  },
);
