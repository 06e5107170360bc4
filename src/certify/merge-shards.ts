/**
 * `switchboard merge`, drivable in process: checks that the shard report folders are the slices of
 * one run, merges their Cucumber messages into the stream a single run would have written, and
 * judges that stream with the same certificate builder `certify` uses — so the merged verdict is
 * the one a single run gives. The HTML and JUnit reports are rendered from the merged stream by
 * Cucumber's own formatters.
 */
import type { KeyObject } from 'node:crypto';
import { cp, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { REQUIREMENTS } from '../contract/index.ts';
import { COUNTEREXAMPLES_DIR } from '../properties/counterexample.ts';
import { ADAPTER_LOG } from '../harness/drivers/cmd.ts';
import { buildCertificate, exitCodeOf, type Certificate } from '../report/certificate.ts';
import { ReportError } from '../report/errors.ts';
import { CUCUMBER_REPORTS, writeCucumberReports } from '../report/cucumber-reports.ts';
import { counterexampleDiagrams, withDiagrams, withoutDiagrams } from '../report/diagrams.ts';
import { withLabCases, withoutLabCases } from '../report/lab-cases.ts';
import { mergeMessageStreams } from '../report/merge-messages.ts';
import { checkSeal, describeProblem, sealReports } from '../report/seal.ts';
import { summarizeMessages } from '../report/messages.ts';
import { checkEnvelopes, parseEnvelopes, readMessagesFile } from '../report/ndjson.ts';
import { digestTranscripts, transcriptsOf } from '../report/transcripts.ts';
import { CERTIFICATE_JSON, writeReports } from '../report/write.ts';
import { clearArtefacts, SHARD_LOGS_DIR } from './run-certification.ts';
import { readCertificate } from './verify-certificate.ts';

export interface MergeOptions {
  /** Absolute paths of every shard's report folder, in any order. */
  readonly shardDirs: readonly string[];
  /** Absolute path of the folder the merged reports go to; not one of the shards'. */
  readonly outDir: string;
  /** Signs the merged certificate (`--sign-key`). */
  readonly signingKey?: KeyObject;
}

export interface MergeOutcome {
  readonly certificate: Certificate;
  readonly exitCode: 0 | 1 | 2 | 3;
}

interface ShardReports {
  readonly dir: string;
  readonly certificate: Certificate;
  readonly shard: NonNullable<Certificate['shard']>;
}

/** Throws ReportError (`shards-mismatch`, `messages-*`) or VerifyError (`certificate-*`) when the folders cannot be merged. */
export async function mergeShards(options: MergeOptions): Promise<MergeOutcome> {
  const outDir = resolve(options.outDir);
  if (options.shardDirs.some((dir) => resolve(dir) === outDir)) {
    throw new ReportError(
      'shards-mismatch',
      `--out ${options.outDir} is one of the shard folders: merging would overwrite a shard's evidence; give another folder`,
    );
  }
  const shards = await Promise.all(options.shardDirs.map(readShard));
  const ordered = checkOneRun(shards);
  const last = ordered[ordered.length - 1]!;

  const streams = await Promise.all(
    ordered.map(async (s) => {
      const path = join(s.dir, CUCUMBER_REPORTS.messages);
      // The scenarios as Cucumber ran them: each shard's own verdict and invariants are judged again below.
      return {
        label: `shard ${s.shard.index}/${s.shard.total} (${s.dir})`,
        envelopes: withoutDiagrams(withoutLabCases(parseEnvelopes(await readMessagesFile(path), path))),
      };
    }),
  );
  const merged = mergeMessageStreams(streams);
  const summary = summarizeMessages(checkEnvelopes(merged, 'the merged messages'));

  const started = ordered.map((s) => s.certificate.timings.startedAt).sort()[0] ?? last.certificate.timings.startedAt;
  const finished =
    ordered
      .map((s) => s.certificate.timings.finishedAt)
      .sort()
      .at(-1) ?? last.certificate.timings.finishedAt;
  const { propertyRun, properties } = last.certificate;
  const certificate = buildCertificate({
    summary,
    requirements: REQUIREMENTS,
    mode: last.certificate.mode,
    adapter: last.certificate.adapter,
    suite: last.certificate.suite,
    startedAt: new Date(started),
    finishedAt: new Date(finished),
    replayCommand: last.shard.wholeRunCommand,
    run: last.certificate.run,
    // The last shard ran the property run, so its seeds are the run's.
    seeds: last.certificate.seeds,
    transcripts: digestTranscripts(transcriptsOf(summary)),
    ...(propertyRun === null ? {} : { properties: { run: propertyRun, results: properties } }),
    mergedShards: ordered.length,
  });

  await clearArtefacts(outDir);
  await writeReports(outDir, certificate, summary);
  await copyIfPresent(join(last.dir, COUNTEREXAMPLES_DIR), join(outDir, COUNTEREXAMPLES_DIR));
  await writeCucumberReports(
    outDir,
    withLabCases(withDiagrams(merged, summary.testCases), certificate, new Date(finished), await counterexampleDiagrams(outDir, certificate)),
    certificate,
  );
  for (const s of ordered) await copyIfPresent(join(s.dir, ADAPTER_LOG), join(outDir, SHARD_LOGS_DIR, `shard-${s.shard.index}.log`));
  const sealed = await sealReports(outDir, certificate, options.signingKey);
  return { certificate: sealed, exitCode: exitCodeOf(sealed.verdict) };
}

async function readShard(dir: string): Promise<ShardReports> {
  const certificate = await readCertificate(join(dir, CERTIFICATE_JSON));
  // A shard's evidence is taken only as its certificate sealed it.
  const seal = await checkSeal(dir);
  if (seal.problems.length > 0) {
    throw new ReportError(
      'seal-broken',
      `${dir} is not the shard its certificate sealed: ${seal.problems.map(describeProblem).join('; ')}. Merge the folders as certify wrote them, or run the shard again`,
    );
  }
  if (certificate.shard === null) {
    throw new ReportError('shards-mismatch', `${dir} holds the certificate of a whole run, not of a shard: merge the folders of \`certify --shard i/n\` runs`);
  }
  return { dir, certificate, shard: certificate.shard };
}

/** The shards in index order, once each checked to be every slice of one certification. */
function checkOneRun(shards: readonly ShardReports[]): ShardReports[] {
  const [first] = shards;
  if (first === undefined) throw new ReportError('shards-mismatch', 'no shard folder given: expected the report folder of every shard of one run');
  const total = first.shard.total;
  const same = (what: string, of: (c: Certificate) => unknown, remedy = ''): void => {
    for (const s of shards) {
      if (JSON.stringify(of(s.certificate)) !== JSON.stringify(of(first.certificate))) {
        throw new ReportError(
          'shards-mismatch',
          `${s.dir} and ${first.dir} are not shards of one run: their ${what} differ (${JSON.stringify(of(s.certificate))} vs ${JSON.stringify(of(first.certificate))})${remedy}`,
        );
      }
    }
  };
  same('shard totals', (c) => c.shard?.total);
  same('suites', (c) => c.suite);
  same('adapters', (c) => c.adapter);
  same('modes', (c) => c.mode);
  same('run settings', (c) => c.run);
  same('seeds', (c) => c.seeds, ': give every shard the same --seed (a shard without one picks its own)');
  const byIndex = new Map<number, ShardReports>();
  for (const s of shards) {
    const twin = byIndex.get(s.shard.index);
    if (twin !== undefined)
      throw new ReportError('shards-mismatch', `${twin.dir} and ${s.dir} are both shard ${s.shard.index}/${total}: give each shard's folder once`);
    byIndex.set(s.shard.index, s);
  }
  const missing = Array.from({ length: total }, (_, i) => i + 1).filter((index) => !byIndex.has(index));
  if (missing.length > 0) {
    throw new ReportError(
      'shards-mismatch',
      `shard${missing.length === 1 ? '' : 's'} ${missing.map((i) => `${i}/${total}`).join(', ')} missing: a merge needs all ${total} shards, or its verdict would not be the whole run's`,
    );
  }
  return [...byIndex.entries()].sort(([a], [b]) => a - b).map(([, s]) => s);
}

async function copyIfPresent(from: string, to: string): Promise<void> {
  const found = await stat(from).catch(() => undefined);
  if (found !== undefined) await cp(from, to, { recursive: true });
}
