/**
 * Issue 17, item 8: per dialect (json, ami, csta-xml), the CTI path simulator → reference adapter
 * (that dialect's link, picked by the URL's scheme) → desktop, against a raw one-way pump of the
 * very event frames that dialect put on the wire for a call (heard at the simulator: same bytes,
 * same count a call), over the same transport (WebSocket for json, a TCP socket for ami and
 * csta-xml), parsed on receipt as cheaply as the dialect needs. Two benchmarks a dialect, group
 * `dialects` (`--only dialects`): events/s with zero loss, and the p99 switch → desktop at a fixed
 * moderate rate. No target (issue 17 sets none): the figures and ratios are reported.
 */
import type { DialectName } from '../simulator/index.ts';
import { pathAgainstPump } from './events.bench.ts';
import type { Benchmark } from './support/bench.ts';
import { startPump, type Pump } from './support/cti-pump.ts';
import { hopLatency, pushSeconds } from './support/one-way.ts';

const DIALECTS: readonly DialectName[] = ['json', 'ami', 'csta-xml'];
const ROUND_MS = 2000;
/**
 * Calls in flight, one an extension, the same for every dialect. Not P1's 64: the reference AMI link
 * adds six event filters of its own per monitored device and one shared, and the simulator's AMI
 * session takes at most 64 filters (simulator/sessions/ami-session.ts), so one AMI link monitors
 * at most 10 devices.
 */
export const IN_FLIGHT = 10;
/** Notifications/s of the latency rounds: moderate for every dialect on a shared 2-core machine (the slowest saturates well above it). */
export const LATENCY_RATE = 1000;
/** Notifications a call cycle gives (Offering, Established, Disconnected). */
const NOTIFICATIONS_PER_CALL = 3;

const WIRE: Readonly<Record<DialectName, { readonly transport: string; readonly parse: string }>> = {
  json: { transport: 'WebSocket', parse: 'JSON.parse' },
  ami: { transport: 'TCP', parse: 'split at blank lines into packets, lines into headers' },
  'csta-xml': { transport: 'TCP', parse: 'cut at the 8-byte headers, fast-xml-parser' },
};

function eventsBench(dialect: DialectName): Benchmark {
  let pump: Pump | undefined;
  const { transport, parse } = WIRE[dialect];
  return {
    id: `dialects-${dialect}-events`,
    group: 'dialects',
    title: `Dialect ${dialect}: CTI events/s, simulator → reference adapter (${dialect} link) → desktop, ${IN_FLIGHT} calls in flight, zero loss`,
    unit: 'events/s',
    baselineTitle: `raw one-way ${transport} pump of the same ${dialect} event frames (same bytes, same count), ${parse}, as notifications/s`,
    workPerUnit: `a unit is one Pega notification: a third of the ${dialect} event frames of a call (counted in the note) through the simulator model and the ${dialect} session, the ${transport} wire, the adapter's ${dialect} link and pipeline to the desktop sink, against the same frames' bytes pushed one way over ${transport} and parsed (${parse})`,
    target: 'reported, no target',
    rounds: 2,
    ratio: (figure, baseline) => figure / baseline,
    async setUp() {
      pump = await startPump({ extensions: IN_FLIGHT, dialect });
      await pump.throughput(1000); // warm-up: JIT, buffers
    },
    async round() {
      const running = pump;
      if (running === undefined) throw new Error('not set up');
      return pathAgainstPump(running, ROUND_MS, (frames) => pushSeconds(dialect, running.callFrames, frames));
    },
    async tearDown() {
      await pump?.close();
      pump = undefined;
    },
  };
}

function p99Bench(dialect: DialectName): Benchmark {
  let pump: Pump | undefined;
  const { transport, parse } = WIRE[dialect];
  return {
    id: `dialects-${dialect}-p99`,
    group: 'dialects',
    title: `Dialect ${dialect}: p99 switch → desktop at ${LATENCY_RATE.toLocaleString('en')} notifications/s`,
    unit: 'ms (p99)',
    baselineTitle: `raw one-way ${transport} hop p99 (send to parsed), the same ${dialect} event frames at the same frame rate`,
    workPerUnit: `a unit is one notification: from the model event in the simulator through the ${dialect} session, the ${transport} wire, the adapter's ${dialect} link and pipeline to the desktop sink, against one of the same event frames from the sender's write to parsed (${parse})`,
    target: 'reported, no target',
    rounds: 2,
    ratio: (figure, baseline) => figure / baseline,
    async setUp() {
      pump = await startPump({ extensions: IN_FLIGHT, dialect });
      await pump.latency(LATENCY_RATE, 500); // warm-up
    },
    async round() {
      if (pump === undefined) throw new Error('not set up');
      const frames = pump.callFrames;
      const measured = await pump.latency(LATENCY_RATE, ROUND_MS);
      const frameRate = (LATENCY_RATE * frames.length) / NOTIFICATIONS_PER_CALL;
      const hop = await hopLatency(dialect, (seq) => frames[seq % frames.length]!, frameRate, ROUND_MS);
      return {
        figure: measured.p99,
        baseline: hop.p99,
        correct: measured.lossless,
        note: `p50 ${measured.p50.toFixed(2)} ms (hop ${hop.p50.toFixed(2)} ms), max ${measured.max.toFixed(1)} ms (hop ${hop.max.toFixed(1)} ms), ${measured.count} notifications at ${LATENCY_RATE}/s; hop ${hop.count} frames (${pump.callFrameBytes.join('/')} B a call) at ${Math.round(frameRate)}/s`,
      };
    },
    async tearDown() {
      await pump?.close();
      pump = undefined;
    },
  };
}

/** Per dialect, its events/s then its p99. */
export const dialects: readonly Benchmark[] = DIALECTS.flatMap((dialect) => [eventsBench(dialect), p99Bench(dialect)]);
