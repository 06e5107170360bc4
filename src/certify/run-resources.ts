/**
 * What one certification run holds open while it runs: the suite's resources (the loaded adapter,
 * found by its scenarios) and, with `--wire-log`, the wire log its scenarios write to. Both are
 * closed once the run is over, also when it fails.
 */
import { join } from 'node:path';
import { openSuite, type SuiteResources } from '../harness/suite-context.ts';
import { WIRE_LOG, WireLog, type WireLogSummary } from '../harness/wire-log.ts';
import type { CertificationOptions } from './certification-types.ts';
import { labFailure } from './what-ran.ts';

/** Runs `run` with this run's resources; hands back its outcome and, when one was kept, what the wire log holds. */
export async function withResources<T>(
  options: Pick<CertificationOptions, 'outDir' | 'dialect' | 'wireLog'>,
  run: (resources: SuiteResources) => Promise<T>,
): Promise<{ readonly outcome: T; readonly wire?: WireLogSummary }> {
  const wireLog = options.wireLog === undefined ? undefined : WireLog.open(join(options.outDir, WIRE_LOG), options.dialect ?? 'json', options.wireLog.maxBytes);
  const resources = openSuite(wireLog === undefined ? {} : { wireLog });
  let outcome: T;
  try {
    outcome = await run(resources).finally(() => resources.release());
  } catch (error) {
    // The run's own failure is the one to report; the log is only closed.
    await wireLog?.close().catch(() => undefined);
    throw error;
  }
  if (wireLog === undefined) return { outcome };
  try {
    return { outcome, wire: await wireLog.close() };
  } catch (error) {
    // A log that could not be written is the lab's failure, as a report that could not be.
    throw await labFailure(options.outDir, 'the wire log', error);
  }
}
