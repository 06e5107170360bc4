/** `switchboard simulate --script <file>`: the simulator standalone on loopback until Ctrl-C (or the timeline ends). */
import { resolve } from 'node:path';
import { pino } from 'pino';
import { ScriptError, startStandalone } from '../../simulator/index.ts';
import type { Io, SimulateFlags } from './main.ts';
import { UsageError } from './usage.ts';

export async function runSimulate(flags: SimulateFlags, io: Io): Promise<number> {
  if (flags.script === undefined) throw new UsageError('--script is missing: expected the path of a YAML or JSON scenario script');
  const port = flags.port === undefined ? 0 : Number(flags.port);
  if (!/^\d+$/.test(flags.port ?? '0') || port > 65535) throw new UsageError(`--port ${JSON.stringify(flags.port)}: expected a port number from 0 to 65535`);
  // Human-readable on a terminal, JSON lines otherwise (for pipes and CI).
  const logger = io.stdout.isTTY === true ? pino({ level: 'info' }, pino.transport({ target: 'pino-pretty', options: { colorize: true } })) : pino({ level: 'info' }, io.stdout);
  let handle;
  try {
    handle = await startStandalone({ scriptPath: resolve(io.cwd, flags.script), port, logger, ...(flags.host === undefined ? {} : { host: flags.host }) });
  } catch (error) {
    if (error instanceof ScriptError) {
      io.stderr.write(`switchboard: ${error.message}\n`);
      return 2;
    }
    throw error;
  }
  const stopped = new Promise<void>((resolveStop) => {
    const stop = (): void => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolveStop();
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
    if (flags['exit-when-done'] === true) handle.run.done.then(stop, stop);
  });
  await stopped;
  await handle.stop();
  const failed = await handle.run.done.then(
    () => false,
    () => true,
  );
  logger.flush?.();
  return failed && flags['exit-when-done'] === true ? 1 : 0;
}
