/**
 * `switchboard verify`, drivable in process: read a certificate (and the transcripts beside it),
 * refuse when the suite or the adapter is no longer the one it speaks of, re-run the
 * certification it describes, and compare every scenario's verdict and transcript.
 */
import { readFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { formatIssues } from '../contract/validation.ts';
import type { LoadedAdapter } from '../harness/drivers.ts';
import { checkCertificate, type Certificate } from '../report/certificate-schema.ts';
import { compareEvidence, renderComparison, type CertifiedEvidence, type Comparison } from '../report/compare.ts';
import { ReportError } from '../report/errors.ts';
import { modeTagExpression } from '../report/tags.ts';
import { fileHash, parseTranscripts } from '../report/transcripts.ts';
import { runCertification, suiteIdentity } from './run-certification.ts';

/**
 * Why a certificate cannot be verified (exit 2). Each carries a stable `code`.
 *
 * | code                    | meaning                                                             |
 * |-------------------------|---------------------------------------------------------------------|
 * | `certificate-unreadable`| the certificate file cannot be read                                  |
 * | `certificate-malformed` | it is not JSON, or not a certificate (the message names the field)   |
 * | `transcripts-malformed` | the transcripts file beside it is not a transcripts file             |
 * | `suite-changed`         | the features (or the scenarios a mode selects) differ from the suite that issued it |
 * | `adapter-changed`       | the adapter the spec names now is not the one certified (its identity differs) |
 * | `out-is-evidence`       | the re-run would write over the certificate being verified          |
 */
export type VerifyErrorCode =
  'certificate-unreadable' | 'certificate-malformed' | 'transcripts-malformed' | 'suite-changed' | 'adapter-changed' | 'out-is-evidence';

export class VerifyError extends Error {
  override readonly name = 'VerifyError';
  constructor(
    readonly code: VerifyErrorCode,
    message: string,
  ) {
    super(message);
  }
}

export interface VerifyOptions {
  /** Absolute path of certificate.json. */
  readonly certificatePath: string;
  /** Absolute path of the folder the re-run writes its reports to; not the certificate's folder. */
  readonly outDir: string;
  /** Where the adapter spec is resolved from (relative module paths, cmd: commands): as when certifying. */
  readonly cwd: string;
  readonly startTimeoutMs?: number;
  readonly logFile?: string;
}

export interface VerifyIo {
  readonly stdout: NodeJS.WritableStream;
  readonly color: boolean;
}

export interface VerifyOutcome {
  readonly comparison: Comparison;
  readonly exitCode: 0 | 1;
}

/** Reads and checks a certificate.json; throws VerifyError when it cannot be read or is not a certificate. */
export async function readCertificate(certificatePath: string): Promise<Certificate> {
  let text: string;
  try {
    text = await readFile(certificatePath, 'utf8');
  } catch (error) {
    throw new VerifyError(
      'certificate-unreadable',
      `cannot read the certificate ${certificatePath}: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new VerifyError(
      'certificate-malformed',
      `${certificatePath} is not JSON (${error instanceof Error ? error.message : String(error)}); give the certificate.json a certification wrote`,
    );
  }
  const checked = checkCertificate(parsed);
  if (!checked.ok) {
    throw new VerifyError(
      'certificate-malformed',
      `${certificatePath} is not a certificate this version can read: ${formatIssues(checked.issues)}. Certificates written by an older version of the suite cannot be used; certify again`,
    );
  }
  return checked.value;
}

/** Reads a certificate and the transcripts file it names; throws VerifyError when either cannot be used. */
export async function readEvidence(certificatePath: string): Promise<CertifiedEvidence> {
  const certificate = await readCertificate(certificatePath);
  const transcriptsPath = join(dirname(certificatePath), certificate.transcripts.file);
  let transcriptsText: string | undefined;
  try {
    transcriptsText = await readFile(transcriptsPath, 'utf8');
  } catch {
    transcriptsText = undefined;
  }
  if (transcriptsText === undefined) return { certificate, transcripts: undefined, transcriptsHashMatches: false };
  try {
    return {
      certificate,
      transcripts: parseTranscripts(transcriptsText, transcriptsPath),
      transcriptsHashMatches: fileHash(transcriptsText) === certificate.transcripts.sha256,
    };
  } catch (error) {
    if (error instanceof ReportError)
      throw new VerifyError('transcripts-malformed', `${error.message}; it must be the ${certificate.transcripts.file} written with the certificate`);
    throw error;
  }
}

/** Refuses a certificate issued on other features, or whose mode now selects other scenarios. */
export async function checkSuite(certificate: Certificate): Promise<void> {
  const suite = await suiteIdentity();
  const now = suite.featuresHash;
  if (now !== certificate.suite.featuresHash) {
    throw new VerifyError(
      'suite-changed',
      `the suite's features changed since the certificate was issued (certified on features ${certificate.suite.featuresHash}, these are ${now}): a re-run would not test the same scenarios. Verify with the suite that issued it (${certificate.suite.name} ${certificate.suite.version}), or certify again`,
    );
  }
  if (suite.sourcesHash !== certificate.suite.sourcesHash) {
    throw new VerifyError(
      'suite-changed',
      `the suite's code (steps, harness, simulator, reports) changed since the certificate was issued (certified on sources ${certificate.suite.sourcesHash}, these are ${suite.sourcesHash}): a re-run would not judge the same way. Verify with the suite that issued it (${certificate.suite.name} ${certificate.suite.version}), or certify again`,
    );
  }
  const tags = modeTagExpression(certificate.mode);
  if (tags !== certificate.run.tagExpression) {
    throw new VerifyError(
      'suite-changed',
      `the scenarios a ${certificate.mode} run selects changed since the certificate was issued (certified with ${JSON.stringify(certificate.run.tagExpression)}, now ${JSON.stringify(tags)}); verify with the suite that issued it, or certify again`,
    );
  }
}

/** Refuses an adapter whose kind or identity (module hash, URL, command, image id, reported name and version) is not the certified one. */
export function checkIdentity(certificate: Certificate, loaded: LoadedAdapter): void {
  const certified = certificate.adapter;
  if (loaded.kind !== certified.kind) {
    throw new VerifyError('adapter-changed', `${certified.spec}: certified through the ${certified.kind} driver, now loaded through ${loaded.kind}`);
  }
  const keys = [...new Set([...Object.keys(certified.identity), ...Object.keys(loaded.identity)])].sort();
  const changed = keys.filter((key) => certified.identity[key] !== loaded.identity[key]);
  if (changed.length > 0) {
    const what = changed.map((key) => `${key}: certified ${certified.identity[key] ?? '(none)'}, now ${loaded.identity[key] ?? '(none)'}`).join('; ');
    throw new VerifyError(
      'adapter-changed',
      `${certified.spec} is not the adapter the certificate speaks of (${what}). Verify the certified version (from the directory you certified from, for a relative path), or certify this one`,
    );
  }
}

export async function verifyCertificate(options: VerifyOptions, io: VerifyIo): Promise<VerifyOutcome> {
  if (resolve(options.outDir) === resolve(dirname(options.certificatePath))) {
    throw new VerifyError(
      'out-is-evidence',
      `--out ${options.outDir} is the certificate's own folder: the re-run would overwrite the evidence; give another folder`,
    );
  }
  const evidence = await readEvidence(options.certificatePath);
  const certificate = evidence.certificate;
  await checkSuite(certificate);

  const identity = Object.entries(certificate.adapter.identity)
    .map(([k, v]) => `${k}=${v}`)
    .join(' ');
  io.stdout.write(
    [
      `Verifying ${options.certificatePath}`,
      `  ${certificate.adapter.spec} (${certificate.adapter.kind})${identity === '' ? '' : ` ${identity}`}`,
      `  ${certificate.mode} telephony, ${certificate.transcripts.scenarios.length} scenarios, ${certificate.verdict}, issued ${certificate.timings.startedAt}`,
      evidence.transcripts === undefined ? `  ${certificate.transcripts.file} is not beside the certificate: transcripts are compared by hash only` : '',
      `Re-running into ${options.outDir}`,
      '',
    ]
      .filter((line) => line !== '')
      .join('\n') + '\n',
  );
  const rerun = await runCertification(
    {
      adapter: certificate.adapter.spec,
      mode: certificate.mode,
      // The same dialect: a certificate before dialects spoke json.
      ...(certificate.run.dialect === undefined || certificate.run.dialect === 'json' ? {} : { dialect: certificate.run.dialect }),
      outDir: options.outDir,
      names: certificate.run.names,
      deadlineMs: certificate.run.deadlineMs,
      quietMs: certificate.run.quietMs,
      cwd: options.cwd,
      replayCommand: certificate.replayCommand,
      checkAdapter: (loaded) => checkIdentity(certificate, loaded),
      // The same property run (seed, size), or none when the certificate has none.
      properties:
        certificate.propertyRun === null
          ? null
          : {
              seed: certificate.propertyRun.seed,
              runs: certificate.propertyRun.runsRequested,
              timeBudgetMs: certificate.propertyRun.timeBudgetMs,
              maxTimeMs: certificate.propertyRun.maxTimeMs,
              maxCommands: certificate.propertyRun.maxCommands,
              ...(certificate.propertyRun.path === null ? {} : { path: certificate.propertyRun.path }),
            },
      scenarios: !certificate.scenariosSkipped,
      // A shard's certificate re-runs its own slice.
      ...(certificate.shard === null ? {} : { shard: certificate.shard }),
      ...(options.startTimeoutMs === undefined ? {} : { startTimeoutMs: options.startTimeoutMs }),
      ...(options.logFile === undefined ? {} : { logFile: options.logFile }),
    },
    { stdout: io.stdout, color: io.color, verdictScreen: false },
  );
  const comparison = compareEvidence(evidence, rerun);
  io.stdout.write(`\n\n${renderComparison(comparison, certificate, { color: io.color, rerunDir: options.outDir })}`);
  return { comparison, exitCode: comparison.matches ? 0 : 1 };
}
