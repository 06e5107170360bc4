/**
 * Event-to-notification latency p50 / p99 at 50% of saturation (the events benchmark's median, or
 * a quick measurement of it). Baseline: bare `ws` echo round-trip p99 at the same rate and payload.
 */
import { startPump, type Pump } from './support/cti-pump.ts';
import type { Benchmark } from './support/bench.ts';
import { echoLatency } from './support/ws-echo.ts';
import { IN_FLIGHT } from './events.bench.ts';

const ROUND_MS = 3000;
let pump: Pump | undefined;
let rate = 0;

export const latency: Benchmark = {
  id: 'latency',
  title: 'event-to-notification latency p99 at 50% of saturation',
  unit: 'ms (p99)',
  baselineTitle: 'bare ws echo round-trip p99 at the same rate',
  target: 'p99 ≤ 5 ms; ratio ≤ 3',
  rounds: 5,
  ratio: (figure, baseline) => figure / baseline,
  meets: (m) => m.figure <= 5 && m.ratio <= 3,
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
    const baseline = await echoLatency(pump.eventFrameBytes, rate, ROUND_MS);
    return {
      figure: measured.p99,
      baseline: baseline.p99,
      correct: measured.lossless,
      note: `p50 ${measured.p50.toFixed(2)} ms (echo ${baseline.p50.toFixed(2)} ms), max ${measured.max.toFixed(1)} ms, ${measured.count} notifications at ${rate}/s`,
    };
  },
  async tearDown() {
    await pump?.close();
    pump = undefined;
  },
};
