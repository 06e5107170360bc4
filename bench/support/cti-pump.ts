/**
 * The measured path of the throughput and latency benchmarks: the simulator, the reference adapter
 * on its CTI link (one instance monitoring every extension, in this process), and a desktop sink
 * counting what reaches Pega. Each extension cycles customer calls: it rings (Offering), is
 * answered (Established), the caller hangs up (Disconnected): three notifications for four wire
 * events per call. The desktop side logs a line per call state change at info, as a deployment's
 * Pega-facing host does (the reference adapter logs them at debug only): a silent logger, the
 * default, makes that line free.
 */
import { pino, type Logger } from 'pino';
import { createSimulator, dialectNamed, type DialectName } from '../../simulator/index.ts';
import { createAdapter } from '../../src/adapter/index.ts';
import type { EventDelivery, PegaCallAdapter } from '../../src/contract/index.ts';
import { summarise, type LatencySummary } from '../../src/load/latency.ts';
import type { Payload } from './one-way.ts';
import { paced } from './pace.ts';
import { isEventFrame, payloadBytes, wireOf } from './wire-tap.ts';

const CREDENTIALS = { user: 'switchboard', password: 'switchboard' };
const CALLER = '+16175550100';

export interface PumpOptions {
  readonly extensions: number;
  /** The adapter's, the simulator's and the desktop's logger; default silent. */
  readonly logger?: Logger;
  /**
   * Who answers: the phone (a switch stimulus, no Pega request) or the desktop (AnswerCall through
   * the adapter, one request per call, one at a time, as Pega sends them; full telephony). Default phone.
   */
  readonly answerBy?: 'phone' | 'desktop';
  /** The simulator's dialect, and so the adapter's CTI link (open.ts picks it by the URL's scheme); default json. */
  readonly dialect?: DialectName;
}

type Step = 'idle' | 'ringing' | 'connected';

export interface Pump {
  /** The sizes, in bytes, of `callFrames`. */
  readonly callFrameBytes: readonly number[];
  /** The event frames one call cycle put on the wire to the adapter, as the dialect's transport carries them (heard at the simulator, in order). */
  readonly callFrames: readonly Payload[];
  /** Closed loop, every extension one step in flight: notifications per second, and whether every one arrived exactly once. */
  throughput(
    durationMs: number,
  ): Promise<{ readonly perSecond: number; readonly lossless: boolean; readonly calls: number; readonly notifications: number; readonly detail: string }>;
  /** Open loop at `ratePerSecond` notifications: switch-event-to-notification latency. */
  latency(ratePerSecond: number, durationMs: number): Promise<LatencySummary & { readonly lossless: boolean }>;
  close(): Promise<void>;
}

export async function startPump(options: PumpOptions): Promise<Pump> {
  const logger = options.logger ?? pino({ level: 'silent' });
  const mode = options.answerBy === 'desktop' ? 'full' : 'simple';
  const desktopLog = logger.child({ room: 'desktop' });
  const found = dialectNamed(options.dialect ?? 'json');
  if (!found.ok) throw new Error(`dialect ${options.dialect}: ${found.reason}`);
  /** The frames the simulator's sessions send while a call is measured; null otherwise. */
  let heard: string[] | null = null;
  const dialect = found.dialect;
  const simulator = createSimulator({
    credentials: CREDENTIALS,
    logger: logger.child({ room: 'simulator' }),
    dialect,
    wireTap: (frame) => {
      if (frame.direction === 'to-adapter') heard?.push(frame.text);
    },
  });
  const { url } = await simulator.start();
  const extensions = Array.from({ length: options.extensions }, (_, i) => String(100_000 + i));
  simulator.control.provision({ extensions, queues: [], agents: [] });

  let onDelivery: (delivery: EventDelivery) => void = () => undefined;
  const deliver = (delivery: EventDelivery): void => {
    const { event } = delivery;
    if (event.pyEventType === 'CallStateEvent') desktopLog.info({ DN: delivery.DN, callId: event.pyCallId, event: event.pyEventName }, 'call state change');
    onDelivery(delivery);
  };
  const adapter: PegaCallAdapter = await createAdapter({
    settings: { mode, ctiUrl: url, credentials: CREDENTIALS, timeouts: { connectMs: 10_000, requestMs: 10_000 } },
    sink: { deliver },
    logger: logger.child({ room: 'adapter' }),
  });
  const opened = await adapter.OpenAdapter({});
  if (!opened.ok) throw new Error(`OpenAdapter failed: ${opened.errMessage}`);
  for (const DN of extensions) {
    const result = await adapter.SubscribeForEvents({ DN });
    if (!result.ok) throw new Error(`SubscribeForEvents ${DN} failed: ${result.errMessage}`);
  }
  // One call cycle on the first extension, heard at the simulator: what the adapter's link receives for a call.
  heard = [];
  let cycled = 0;
  onDelivery = ({ event }) => {
    if (event.pyEventType === 'CallStateEvent') cycled++;
  };
  const probe = simulator.control.customerCall({ from: CALLER, to: { extension: extensions[0]! } });
  simulator.control.answerAtPhone({ extension: extensions[0]!, call: probe });
  simulator.control.hangUp({ call: probe, party: 'caller' });
  while (cycled < 3) await new Promise((resolve) => setTimeout(resolve, 1));
  await new Promise((resolve) => setTimeout(resolve, 20)); // any frame after the last notification (CallCleared)
  const callFrames = heard.filter((text) => isEventFrame(dialect, text)).map((text) => wireOf(dialect, text));
  heard = null;
  onDelivery = () => undefined;
  const callFrameBytes = callFrames.map(payloadBytes);
  // Pega sends one request at a time per adapter (decision 0022): the desktop's answers queue here.
  let requests: Promise<unknown> = Promise.resolve();
  const answer = (DN: string, CallID: string): void => {
    if (options.answerBy !== 'desktop') {
      simulator.control.answerAtPhone({ extension: DN, call: CallID });
      return;
    }
    requests = requests.then(async () => {
      const answered = await adapter.AnswerCall({ DN, CallID });
      if (!answered.ok) throw new Error(`AnswerCall ${DN} failed: ${answered.errMessage}`);
    });
  };

  return {
    callFrameBytes,
    callFrames,
    async throughput(durationMs) {
      let stopAt = Infinity;
      let counted = 0;
      let started = 0;
      let delivered = 0;
      let running = 0;
      let allDone: () => void = () => undefined;
      const place = (DN: string): void => {
        started++;
        running++;
        simulator.control.customerCall({ from: CALLER, to: { extension: DN } });
      };
      onDelivery = ({ DN, event }) => {
        delivered++;
        if (performance.now() < stopAt) counted++;
        if (event.pyEventType !== 'CallStateEvent') return;
        switch (event.pyEventName) {
          case 'Offering':
            answer(DN, event.pyCallId);
            return;
          case 'Established':
            simulator.control.hangUp({ call: event.pyCallId, party: 'caller' });
            return;
          case 'Disconnected':
          case 'Abandoned':
            running--;
            if (performance.now() < stopAt) place(DN);
            else if (running === 0) allDone();
            return;
          default:
            return;
        }
      };
      const done = new Promise<void>((resolve) => (allDone = resolve));
      const start = performance.now();
      stopAt = start + durationMs;
      for (const DN of extensions) place(DN);
      const drained = await Promise.race([
        done.then(() => true),
        new Promise<boolean>((resolve) => setTimeout(() => resolve(false), durationMs + 5000).unref()),
      ]);
      onDelivery = () => undefined;
      await requests;
      const lossless = drained && delivered === started * 3;
      return {
        perSecond: counted / (durationMs / 1000),
        lossless,
        calls: started,
        notifications: delivered,
        detail: `${started} calls, ${delivered} notifications (expected ${started * 3})${drained ? '' : ', some calls never finished'}`,
      };
    },
    async latency(ratePerSecond, durationMs) {
      const step = new Map<string, Step>(extensions.map((e) => [e, 'idle']));
      const callAt = new Map<string, string>();
      const switchedAt = new Map<string, number>();
      const samples: number[] = [];
      let owed = 0;
      const stopListening = simulator.control.onModelEvent((event) => {
        const now = performance.now();
        if (event.name === 'Delivered') switchedAt.set(`${event.callId}|Offering`, now);
        else if (event.name === 'Established') switchedAt.set(`${event.callId}|Established`, now);
        else if (event.name === 'CallCleared') switchedAt.set(`${event.callId}|end`, now);
        else return;
        owed++;
      });
      onDelivery = ({ event }) => {
        if (event.pyEventType !== 'CallStateEvent') return;
        const kind = event.pyEventName === 'Disconnected' || event.pyEventName === 'Abandoned' ? 'end' : event.pyEventName;
        const key = `${event.pyCallId}|${kind}`;
        const at = switchedAt.get(key);
        if (at === undefined) return;
        switchedAt.delete(key);
        samples.push(performance.now() - at);
      };
      let next = 0;
      await paced(ratePerSecond, durationMs, () => {
        const DN = extensions[next++ % extensions.length]!;
        switch (step.get(DN)) {
          case 'idle':
            callAt.set(DN, simulator.control.customerCall({ from: CALLER, to: { extension: DN } }));
            step.set(DN, 'ringing');
            return;
          case 'ringing':
            simulator.control.answerAtPhone({ extension: DN, call: callAt.get(DN)! });
            step.set(DN, 'connected');
            return;
          default:
            simulator.control.hangUp({ call: callAt.get(DN)!, party: 'caller' });
            step.set(DN, 'idle');
        }
      });
      // Leave every extension idle for the next round, then let the notifications arrive.
      for (const [DN, s] of step) {
        if (s === 'idle') continue;
        simulator.control.hangUp({ call: callAt.get(DN)!, party: 'caller' });
        step.set(DN, 'idle');
      }
      const deadline = performance.now() + 5000;
      while (samples.length < owed && performance.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 5));
      stopListening();
      onDelivery = () => undefined;
      return { ...summarise(Float64Array.from(samples)), lossless: samples.length === owed };
    },
    async close() {
      await adapter.CloseAdapter({});
      await simulator.stop();
    },
  };
}
