/**
 * P2: switch-event-to-notification latency p99 at 50% of saturation (the events benchmark's median,
 * or a quick measurement of it). Baseline, in the same round: a one-way ws hop's p99, send to
 * parsed, with the same frames at the same frame rate.
 */
import { startPump, type Pump } from './support/cti-pump.ts';
import type { Benchmark } from './support/bench.ts';
import { oneWayLatency } from './support/one-way.ts';
import { IN_FLIGHT } from './events.bench.ts';

const ROUND_MS = 3000;
/** Notifications a call cycle gives (Offering, Established, Disconnected). */
const NOTIFICATIONS_PER_CALL = 3;
let pump: Pump | undefined;
let rate = 0;

export const latency: Benchmark = {
  id: 'latency',
  title: 'P2 switch-event-to-notification latency p99 at 50% of saturation',
  unit: 'ms (p99)',
  baselineTitle: 'one-way ws hop p99 (send to parsed), the same frames at the same frame rate',
  workPerUnit:
    'a unit is one notification: from the model event in the simulator through the wire and the adapter to the desktop sink, against one Event frame of the same size from ws send to JSON-parsed',
  target: 'P2: p99 ≤ 2 ms; ratio ≤ 3',
  rounds: 5,
  ratio: (figure, baseline) => figure / baseline,
  meets: (m) => m.figure <= 2 && m.ratio <= 3,
  async setUp(context) {
    pump = await startPump({ extensions: IN_FLIGHT });
    const saturation = context.earlier.get('events')?.figure ?? (await pump.throughput(2000)).perSecond;
    rate = Math.round(saturation / 2);
    context.log(`  latency: pacing ${rate} notifications/s (50% of ${Math.round(saturation)}/s)`);
    await pump.latency(rate, 1000); // warm-up
  },
  async round() {
    if (pump === undefined) throw new Error('not set up');
    const measured = await pump.latency(rate, ROUND_MS);
    const frameRate = (rate * pump.callFrameBytes.length) / NOTIFICATIONS_PER_CALL;
    const baseline = await oneWayLatency(pump.callFrameBytes, frameRate, ROUND_MS);
    return {
      figure: measured.p99,
      baseline: baseline.p99,
      correct: measured.lossless,
      note: `p50 ${measured.p50.toFixed(2)} ms (hop ${baseline.p50.toFixed(2)} ms), max ${measured.max.toFixed(1)} ms (hop ${baseline.max.toFixed(1)} ms), ${measured.count} notifications at ${rate}/s; hop ${baseline.count} frames at ${Math.round(frameRate)}/s`,
    };
  },
  async tearDown() {
    await pump?.close();
    pump = undefined;
  },
};
