/**
 * The Python example adapter survives a lost CTI link (decision 0014), driven through the cmd:
 * driver against the real simulator, whose fault API closes the link at the next frame to the
 * adapter. The desktop hears DISCONNECTED then CONNECTED (the reference adapter's exact snapshots),
 * a call that rang meanwhile pops once, a call that ended meanwhile ends once, activities while the
 * link is down fail at once with 503, and CloseAdapter stops the reconnecting.
 *
 * No sleeps: every wait is for an event the desktop receives or a fault the simulator applies,
 * bounded by a deadline that only fails the test. The reconnect waits are short (20–40 ms) so the
 * backoff costs little.
 */
import assert from 'node:assert/strict';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test, type TestContext } from 'node:test';
import { createSimulator, type Simulator } from '../../simulator/index.ts';
import type { FaultRecord, FaultRule } from '../../simulator/faults/types.ts';
import { agentUnknownSnapshotEvent, snapshotEvent } from '../../src/adapter/agent/snapshot.ts';
import type { ActivityResult, EventDelivery, PegaCallAdapter } from '../../src/contract/index.ts';
import { startCmdAdapter, type CmdAdapter } from '../../src/harness/drivers/cmd.ts';

const ROOT = new URL('../../', import.meta.url).pathname;
const COMMAND = 'python3 examples/python-adapter/adapter.py';
const CREDENTIALS = { user: 'switchboard', password: 'switchboard' };
const CUSTOMER = '16175551212';
const DEADLINE_MS = 10_000;
const silent = { debug() {}, info() {}, warn() {}, error() {} };

/** What the reference adapter delivers when the link drops, and when it is back with the switch's snapshot (no agent on the extension). */
const DISCONNECTED = agentUnknownSnapshotEvent('', 'down');
const CONNECTED = snapshotEvent({ deviceId: '8808', calls: [] }, { agentId: '', deviceState: 'OPENED', linkState: 'CONNECTED' });

const DROP_AT_NEXT_FRAME: FaultRule = { direction: 'toAdapter', action: { kind: 'closeLink' }, times: 1 };
const REFUSE_SESSIONS: FaultRule = {
  direction: 'fromAdapter',
  match: { frame: 'Request', name: 'StartApplicationSession' },
  action: { kind: 'refuse', code: 'serviceUnavailable' },
};

let python: CmdAdapter;

before(async () => {
  const outDir = await mkdtemp(join(tmpdir(), 'switchboard-python-reconnect-'));
  python = await startCmdAdapter(COMMAND, { cwd: ROOT, outDir, startTimeoutMs: 15_000, requestTimeoutMs: 15_000 });
});

after(async () => {
  await python?.close();
});

/** One CSR desktop on the Python adapter, against a simulator of its own. */
class Rig {
  readonly delivered: EventDelivery[] = [];
  readonly faults: FaultRecord[] = [];
  readonly #waiters = new Set<() => void>();

  private constructor(
    readonly simulator: Simulator,
    readonly adapter: PegaCallAdapter,
  ) {}

  static async start(t: TestContext): Promise<Rig> {
    const simulator = createSimulator({ credentials: CREDENTIALS });
    const { url } = await simulator.start();
    simulator.control.provision({ extensions: ['8808', '8809'], queues: [], agents: [] });
    let rig: Rig | undefined;
    const settings = {
      mode: 'simple',
      ctiUrl: url,
      credentials: CREDENTIALS,
      timeouts: { connectMs: 5_000, requestMs: 5_000, reconnectMinMs: 20, reconnectMaxMs: 40 },
    };
    const adapter = await python.factory({ settings, sink: { deliver: (delivery) => rig?.record(delivery) }, logger: silent });
    rig = new Rig(simulator, adapter);
    simulator.control.onFault((record) => rig?.noteFault(record));
    t.after(async () => {
      await adapter.CloseAdapter({});
      await simulator.stop();
    });
    return rig;
  }

  record(delivery: EventDelivery): void {
    this.delivered.push(delivery);
    for (const wake of this.#waiters) wake();
  }

  noteFault(record: FaultRecord): void {
    this.faults.push(record);
    for (const wake of this.#waiters) wake();
  }

  /** Resolves once `met` holds (checked at each delivery or fault); fails after the deadline, saying what was seen. */
  until(met: () => boolean, what: string): Promise<void> {
    if (met()) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#waiters.delete(check);
        reject(new Error(`waited ${DEADLINE_MS} ms for ${what}; the desktop got:\n${this.describe()}`));
      }, DEADLINE_MS);
      const check = (): void => {
        if (!met()) return;
        clearTimeout(timer);
        this.#waiters.delete(check);
        resolve();
      };
      this.#waiters.add(check);
    });
  }

  /** The desktop of 8808 has got an event of this name (and call) `count` times. */
  got(name: string, callId?: string, count = 1): Promise<void> {
    return this.until(() => this.named(name, callId).length >= count, `${count} × ${name}${callId === undefined ? '' : ` for ${callId}`}`);
  }

  named(name: string, callId?: string): EventDelivery[] {
    return this.delivered.filter(
      (d) => d.DN === '8808' && d.event.pyEventName === name && (callId === undefined || ('pyCallId' in d.event && d.event.pyCallId === callId)),
    );
  }

  linkStates(): string[] {
    return this.delivered.flatMap((d) => (d.event.pyEventType === 'SnapshotEvent' ? [`${d.DN} ${d.event.pyLinkState}`] : []));
  }

  /** Offering/Established/… for calls, DISCONNECTED/CONNECTED for snapshots, in delivery order. */
  story(): string[] {
    return this.delivered.map((d) =>
      d.event.pyEventType === 'SnapshotEvent'
        ? `${d.DN} ${d.event.pyLinkState}`
        : `${d.DN} ${d.event.pyEventName} ${'pyCallId' in d.event ? d.event.pyCallId : ''}`,
    );
  }

  describe(): string {
    return (
      this.story()
        .map((line) => `  ${line}`)
        .join('\n') || '  nothing'
    );
  }
}

async function monitor8808(rig: Rig): Promise<void> {
  assert.deepEqual(await rig.adapter.OpenAdapter({}), { ok: true });
  assert.deepEqual(await rig.adapter.SubscribeForEvents({ DN: '8808' }), { ok: true });
}

function failedWith(result: ActivityResult, code: string, message: RegExp): void {
  assert.equal(result.ok, false, 'expected the activity to fail');
  if (result.ok) return;
  assert.equal(result.errCode, code);
  assert.match(result.errMessage, message);
}

test('a call that rings while the link is down pops once; the desktop hears DISCONNECTED, then CONNECTED last', { timeout: 30_000 }, async (t) => {
  const rig = await Rig.start(t);
  await monitor8808(rig);
  rig.simulator.control.setFaults({ seed: 1, rules: [DROP_AT_NEXT_FRAME] });
  // Its Delivered is the next frame to the adapter: the link closes instead.
  const call = rig.simulator.control.customerCall({ from: CUSTOMER, to: { extension: '8808' } });
  await rig.until(() => rig.linkStates().includes('8808 CONNECTED'), 'the CONNECTED snapshot');
  assert.deepEqual(
    rig.faults.map((f) => f.action),
    ['closeLink'],
  );

  assert.deepEqual(rig.story(), ['8808 DISCONNECTED', `8808 Offering ${call}`, '8808 CONNECTED']);
  const snapshots = rig.delivered.filter((d) => d.event.pyEventType === 'SnapshotEvent').map((d) => d.event);
  assert.deepEqual(snapshots, [DISCONNECTED, CONNECTED], "the reference adapter's snapshots, field for field");
  const offering = rig.named('Offering', call)[0]?.event;
  assert.ok(offering !== undefined && offering.pyEventType === 'CallStateEvent');
  assert.deepEqual([offering.pyANI, offering.pyDNIS, offering.pyThisDN, offering.pyCallType], [CUSTOMER, '8808', '8808', 'INBOUND']);

  // The new monitor's events flow (its sequence numbers start again at 1): answered, then ended.
  rig.simulator.control.answerAtPhone({ extension: '8808', call });
  await rig.got('Established', call);
  rig.simulator.control.hangUp({ call, party: 'caller' });
  await rig.got('Disconnected', call);
  assert.equal(rig.named('Offering', call).length, 1, 'one Offering across the reconnect');
});

test('a call that ends while the link is down ends on the desktop, once, and never pops again', { timeout: 30_000 }, async (t) => {
  const rig = await Rig.start(t);
  await monitor8808(rig);
  const call = rig.simulator.control.customerCall({ from: CUSTOMER, to: { extension: '8808' } });
  await rig.got('Offering', call);
  rig.simulator.control.setFaults({ seed: 1, rules: [DROP_AT_NEXT_FRAME] });
  // The hang-up's first frame closes the link; the switch clears the call meanwhile.
  rig.simulator.control.hangUp({ call, party: 'caller' });
  await rig.until(() => rig.linkStates().includes('8808 CONNECTED'), 'the CONNECTED snapshot');

  assert.deepEqual(rig.story(), [`8808 Offering ${call}`, '8808 DISCONNECTED', `8808 Abandoned ${call}`, '8808 CONNECTED']);

  // A call after the reconnect pops: the new monitor's first sequence number (1) is not taken for a replay.
  const next = rig.simulator.control.customerCall({ from: CUSTOMER, to: { extension: '8808' } });
  await rig.got('Offering', next);
  assert.equal(rig.named('Offering', call).length, 1);
  assert.equal(rig.named('Abandoned', call).length, 1);
  const ended = rig.delivered.findIndex((d) => d.event.pyEventName === 'Abandoned');
  assert.deepEqual(
    rig.delivered.slice(ended + 1).filter((d) => 'pyCallId' in d.event && d.event.pyCallId === call),
    [],
    'nothing follows the Abandoned for the call',
  );
});

test('while the link is down activities fail at once with 503, a request in flight fails with 503, and the link comes back', { timeout: 30_000 }, async (t) => {
  const rig = await Rig.start(t);
  await monitor8808(rig);
  rig.simulator.control.setFaults({
    seed: 1,
    rules: [
      // 8809's MonitorStart reaches the switch but is never answered: it is in flight when the link drops.
      { direction: 'fromAdapter', match: { frame: 'Request', name: 'MonitorStart', deviceId: '8809' }, action: { kind: 'stall' }, times: 1 },
      { direction: 'toAdapter', match: { frame: 'Event' }, action: { kind: 'closeLink' }, times: 1 },
      REFUSE_SESSIONS,
    ],
  });
  const inFlight = rig.adapter.SubscribeForEvents({ DN: '8809' });
  await rig.until(() => rig.faults.some((f) => f.action === 'stall'), 'the stalled MonitorStart');
  const call = rig.simulator.control.customerCall({ from: CUSTOMER, to: { extension: '8808' } });
  failedWith(await inFlight, 'OPENCTI_HTTP_ERROR_503', /The connection to the CTI server at 127\.0\.0\.1:\d+ was lost/);

  // The outage starts before the desktop hears of it; every reconnect is refused while the rule stands.
  await rig.until(() => rig.linkStates().includes('8808 DISCONNECTED'), 'the DISCONNECTED snapshot');
  const reconnecting = /^The adapter is reconnecting to the CTI server at 127\.0\.0\.1:\d+ after the connection was lost \(.+\): try again in a moment$/;
  failedWith(await rig.adapter.OpenAdapter({}), 'OPENCTI_HTTP_ERROR_503', reconnecting);
  failedWith(await rig.adapter.SubscribeForEvents({ DN: '8809' }), 'OPENCTI_HTTP_ERROR_503', reconnecting);
  failedWith(await rig.adapter.LoginAgent({ DN: '8809' }), 'OPENCTI_HTTP_ERROR_503', reconnecting);
  await rig.until(() => rig.faults.filter((f) => f.action === 'refuse').length >= 2, 'two refused reconnect attempts');

  rig.simulator.control.clearFaults();
  await rig.until(() => rig.linkStates().includes('8808 CONNECTED'), 'the CONNECTED snapshot');
  assert.deepEqual(rig.story(), ['8808 DISCONNECTED', `8808 Offering ${call}`, '8808 CONNECTED'], 'the call that rang meanwhile pops once');
  assert.deepEqual(await rig.adapter.SubscribeForEvents({ DN: '8809' }), { ok: true });
});

test('CloseAdapter during a reconnect succeeds and stops it', { timeout: 30_000 }, async (t) => {
  const rig = await Rig.start(t);
  await monitor8808(rig);
  rig.simulator.control.setFaults({ seed: 1, rules: [DROP_AT_NEXT_FRAME, REFUSE_SESSIONS] });
  rig.simulator.control.customerCall({ from: CUSTOMER, to: { extension: '8808' } });
  const attempts = (): number => rig.faults.filter((f) => f.action === 'refuse').length;
  await rig.until(() => attempts() >= 1, 'a refused reconnect attempt');
  const ended = async (): Promise<number> => (await readFile(python.process.logFile, 'utf8')).match(/: the reconnect thread has ended$/gm)?.length ?? 0;
  const endedBefore = await ended();
  assert.deepEqual(await rig.adapter.CloseAdapter({}), { ok: true });
  // CloseAdapter answers only once the reconnect thread has returned (an attempt already connecting
  // finishes first), and the adapter logs that before answering: no attempt can come after this.
  assert.equal(await ended(), endedBefore + 1, 'the reconnect thread ended before CloseAdapter answered');
  assert.deepEqual(rig.linkStates(), ['8808 DISCONNECTED']);
});
