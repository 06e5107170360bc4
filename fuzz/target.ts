/**
 * One server under fuzz, alone in its own process so its RSS and its death are its own:
 * `node --import tsx fuzz/target.ts <kind> <log file>` (kinds: fuzz/secrets.ts `TARGETS`). Prints
 * one JSON line saying where it listens (and the handles the well-behaved client needs), then
 * serves until SIGTERM, sending its `process.memoryUsage()` over IPC so the report can say which
 * part of the RSS grew (and its event loop's longest stall, with the CPU it used meanwhile), and after a full GC when asked (what is retained, not garbage). Logs with
 * the lab's own pino options into the log file. Loopback only.
 */
import { pino } from 'pino';
import { createSimulator, dialectNamed, systemClock } from '../simulator/index.ts';
import { startControlHttp } from '../simulator/control/http.ts';
import { createAdapter } from '../src/adapter/index.ts';
import { startEventService } from '../src/harness/drivers/event-service.ts';
import { startFaceServer } from '../src/http-face/server.ts';
import { logOptions } from '../src/platform/logging.ts';
import { FUZZ_CTI_USER, FUZZ_SECRETS, MEMORY_EVERY_MS, STALL_TICK_MS, type LoopStall, type TargetKind, type TargetInfo } from './secrets.ts';

const [kind, logFile] = process.argv.slice(2) as [TargetKind | undefined, string | undefined];
if (kind === undefined || logFile === undefined) throw new Error('usage: target.ts <cti|control|face|events|ami|csta-xml> <log file>');
const logger = pino(logOptions('info'), pino.destination({ dest: logFile, sync: false, mkdir: true }));
const stops: (() => Promise<void>)[] = [];

async function start(): Promise<TargetInfo> {
  switch (kind) {
    case 'cti':
    case 'ami':
    case 'csta-xml':
    case 'control': {
      const lookup = dialectNamed(kind === 'ami' || kind === 'csta-xml' ? kind : 'json');
      if (!lookup.ok) throw new Error(lookup.reason);
      const simulator = createSimulator({ logger, dialect: lookup.dialect, credentials: { user: FUZZ_CTI_USER, password: FUZZ_SECRETS.ctiPassword } });
      simulator.control.provision({ extensions: ['8808', '8809'], agents: [{ id: '5501', password: FUZZ_SECRETS.agentPassword }] });
      const { url } = await simulator.start();
      stops.push(() => simulator.stop());
      if (kind !== 'control') return { kind, url };
      const channel = await startControlHttp({
        control: simulator.control,
        clock: systemClock,
        logger: logger.child({ part: 'control-http' }),
        token: FUZZ_SECRETS.controlToken,
      });
      stops.unshift(() => channel.close());
      return { kind, url: channel.url };
    }
    case 'face': {
      const face = await startFaceServer({ factory: createAdapter, logger, identity: { name: 'fuzz', version: '0' } });
      stops.push(() => face.close());
      return { kind, url: face.url };
    }
    case 'events': {
      const service = await startEventService({ logger });
      // The events a well-formed POST delivers are not the fuzz run's concern: the sink takes them.
      const sinkUrl = service.open({ deliver: () => undefined });
      stops.push(() => service.stop());
      return { kind, url: new URL(sinkUrl).origin, sinkUrl };
    }
    default:
      throw new Error(`unknown target ${String(kind)}`);
  }
}

const info = await start();
process.stdout.write(`${JSON.stringify(info)}\n`);
setInterval(() => process.send?.({ memory: process.memoryUsage() }), MEMORY_EVERY_MS).unref();
// The event loop's longest stall since the last report, and the CPU the process used meanwhile: a
// stall spent running is the server's own work blocking its loop; one spent waiting is the machine's
// load (a health check over 2 s is told apart by it).
let stall: LoopStall = { ms: 0, cpuMs: 0 };
let tick = { at: performance.now(), cpu: process.cpuUsage() };
setInterval(() => {
  const now = { at: performance.now(), cpu: process.cpuUsage() };
  const late = now.at - tick.at - STALL_TICK_MS;
  const cpuMs = (now.cpu.user - tick.cpu.user + now.cpu.system - tick.cpu.system) / 1000;
  if (late > stall.ms) stall = { ms: Math.round(late), cpuMs: Math.round(cpuMs) };
  tick = now;
}, STALL_TICK_MS).unref();
setInterval(() => {
  process.send?.({ stall });
  stall = { ms: 0, cpuMs: 0 };
}, MEMORY_EVERY_MS).unref();
// Asked before and after the hostile run: what the heap holds once garbage is gone (started with --expose-gc).
process.on('message', (m) => {
  if (m !== 'gc') return;
  globalThis.gc?.();
  process.send?.({ collected: process.memoryUsage() });
});
process.once('SIGTERM', () => {
  void (async () => {
    for (const stop of stops) await stop();
    logger.flush();
    process.exit(0);
  })();
});
