/**
 * CTI events/s through simulator → reference adapter → desktop, zero loss.
 * Baseline: round trips/s of a bare `ws` echo with the same payload size and in-flight count.
 */
import { startPump, type Pump } from './support/cti-pump.ts';
import type { Benchmark } from './support/bench.ts';
import { echoThroughput } from './support/ws-echo.ts';

export const IN_FLIGHT = 64;
const ROUND_MS = 3000;
let pump: Pump | undefined;

export const events: Benchmark = {
  id: 'events',
  title: 'CTI events/s, simulator → reference adapter → desktop, zero loss',
  unit: 'events/s',
  baselineTitle: `bare ws echo round trips/s, same payload, ${IN_FLIGHT} in flight`,
  target: '≥ 20,000/s; ratio ≥ 0.40',
  rounds: 5,
  ratio: (figure, baseline) => figure / baseline,
  meets: (m) => m.figure >= 20_000 && m.ratio >= 0.4,
  async setUp() {
    pump = await startPump({ extensions: IN_FLIGHT });
    await pump.throughput(1000); // warm-up: JIT, buffers
  },
  async round() {
    if (pump === undefined) throw new Error('not set up');
    const measured = await pump.throughput(ROUND_MS);
    const baseline = await echoThroughput(pump.eventFrameBytes, IN_FLIGHT, ROUND_MS);
    return { figure: measured.perSecond, baseline, correct: measured.lossless, note: `${measured.detail}; Event frames ${pump.eventFrameBytes} B` };
  },
  async tearDown() {
    await pump?.close();
    pump = undefined;
  },
};
