/**
 * `switchboard merge <shard folder>... --out <folder>`: checks the flags, then merges the shards'
 * reports in process. Exit 0 when the merged run is conformant, 1 when not, 2 when the folders are
 * not every shard of one run.
 */
import { isAbsolute, resolve } from 'node:path';
import { mergeShards } from '../certify/merge-shards.ts';
import { VerifyError } from '../certify/verify-certificate.ts';
import { ReportError } from '../report/errors.ts';
import { renderVerdict } from '../report/console.ts';
import { signingKeyFrom } from './keys.ts';
import type { Io, MergeFlags, WithOperands } from './flags.ts';
import { UsageError } from './usage.ts';

export async function runMerge({ flags: values, operands: positionals }: WithOperands<MergeFlags>, io: Io): Promise<number> {
  if (positionals.length === 0)
    throw new UsageError('merge needs the report folder of every shard, e.g. switchboard merge reports/shard-1 reports/shard-2 --out reports/merged');
  if (values.out === undefined) throw new UsageError('--out is missing: expected the folder the merged reports go to (not one of the shard folders)');
  const outDir = isAbsolute(values.out) ? values.out : resolve(io.cwd, values.out);
  try {
    const signingKey = await signingKeyFrom(values['sign-key'], io);
    const outcome = await mergeShards({
      shardDirs: positionals.map((dir) => resolve(io.cwd, dir)),
      outDir,
      ...(signingKey === undefined ? {} : { signingKey }),
    });
    io.stdout.write(renderVerdict(outcome.certificate, { color: io.stdout.isTTY === true && io.env['NO_COLOR'] === undefined, reportsDir: outDir }));
    return outcome.exitCode;
  } catch (error) {
    if (error instanceof ReportError || error instanceof VerifyError) {
      io.stderr.write(`switchboard merge: ${error.message}\n`);
      return 2;
    }
    throw error;
  }
}
