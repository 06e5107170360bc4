/**
 * One certification, drivable in process: check the adapter honours the contract, run the suite
 * for the claimed mode, judge the requirements and write every report. The CLI is a thin shell
 * around this.
 */
import type { Envelope } from '@cucumber/messages';
import type { KeyObject } from 'node:crypto';
import { appendFile, mkdir, readFile, rm } from 'node:fs/promises';
import { fileLogger } from '../platform/logging.ts';
import { join } from 'node:path';
import { REQUIREMENTS, type TelephonyMode } from '../contract/index.ts';
import { checkAdapterShape, type LoadedAdapter } from '../harness/drivers.ts';
import { ADAPTER_LOG } from '../harness/drivers/cmd.ts';
import { hashTree, hashTrees } from '../harness/identity.ts';
import { openSuite, type SuiteResources } from '../harness/suite-context.ts';
import { buildCertificate, exitCodeOf, type Certificate, type Shard } from '../report/certificate.ts';
import { COUNTEREXAMPLES_DIR } from '../properties/counterexample.ts';
import { renderVerdict } from '../report/console.ts';
import { TRACES_DIR } from '../report/slug.ts';
import { CUCUMBER_REPORTS, writeCucumberReports } from '../report/cucumber-reports.ts';
import { counterexampleDiagrams, withDiagrams } from '../report/diagrams.ts';
import { withLabCases } from '../report/lab-cases.ts';
import { sealReports, SIGNATURE_FILE } from '../report/seal.ts';
import { RUN_UNFINISHED, summarizeMessages, type RunSummary } from '../report/messages.ts';
import { parseEnvelopes, parseMessages, readMessagesFile, type RawEnvelope } from '../report/ndjson.ts';
import { modeTagExpression } from '../report/tags.ts';
import { digestTranscripts, TRANSCRIPTS_JSON, transcriptsOf, type TranscriptsFile } from '../report/transcripts.ts';
import { CERTIFICATE_JSON, CERTIFICATE_MD, writeReports } from '../report/write.ts';
import { runSuite, SUITE_ROOT } from './cucumber-run.ts';
import { runPropertyCertification, type CertifiedProperties, type PropertySettings } from './property-run.ts';

export interface CertificationOptions {
  readonly adapter: string;
  readonly mode: TelephonyMode;
  /** Absolute path of the report folder. */
  readonly outDir: string;
  readonly names: readonly string[];
  readonly deadlineMs: number;
  readonly quietMs: number;
  readonly logFile?: string;
  /** How long a cmd: adapter may take to answer GET /health. */
  readonly startTimeoutMs?: number;
  /** Where relative adapter module paths are resolved from, and cmd: adapters run. */
  readonly cwd: string;
  /** The command line that reruns this certification, for the reports. */
  readonly replayCommand: string;
  /** The command line without property-run flags, which a counterexample's replay command extends; default replayCommand. */
  readonly replayBase?: string;
  /**
   * Called once the adapter is loaded (or started), before any scenario runs; throws (a
   * SetupError) to refuse the run. `switchboard verify` checks the adapter is the certified one.
   */
  readonly checkAdapter?: (loaded: LoadedAdapter) => void | Promise<void>;
  /** The property run after the scenarios (src/properties/); null skips it (`--no-properties`). */
  readonly properties: PropertySettings | null;
  /** False skips the Gherkin scenarios (`--no-scenarios`): only the property run is judged. Default true. */
  readonly scenarios?: boolean;
  /**
   * Run one slice (`--shard`): Cucumber deals the scenarios round-robin, and the property run, which
   * cannot be split without changing what its seed explores, runs whole in the last shard.
   */
  readonly shard?: Shard;
  /**
   * Test-only: throw inside the lab at this point, as a harness bug would, to prove such a run ends
   * with verdict error and the reports of what did run (`$SWITCHBOARD_TEST_LAB_FAULT` from the CLI).
   */
  readonly labFault?: LabFaultPoint;
  /** Signs the sealed certificate (`--sign-key`): certificate.sig beside it. */
  readonly signingKey?: KeyObject;
  /**
   * Aborted (with the signal's name as its reason) to stop the run: the scenario run is left behind,
   * the property run stops before its next sequence, and the reports of what ran are written.
   */
  readonly signal?: AbortSignal;
}

export const LAB_FAULT_POINTS = ['scenarios', 'properties'] as const;
export type LabFaultPoint = (typeof LAB_FAULT_POINTS)[number];

/** The file beside the certificate that holds the stack of what failed inside the lab. */
export const LAB_ERROR_LOG = 'lab-error.log';

export interface CertificationIo {
  readonly stdout: NodeJS.WritableStream;
  readonly color: boolean;
  /** Print the one-screen verdict at the end (default true). */
  readonly verdictScreen?: boolean;
}

export interface CertificationOutcome {
  readonly certificate: Certificate;
  /** Every scenario's normalized transcript, as written to the transcripts file. */
  readonly transcripts: TranscriptsFile;
  readonly exitCode: 0 | 1 | 2 | 3;
}

/** A run that skipped the scenarios (`--no-scenarios`): nothing ran, nothing failed. */
const NO_SCENARIOS: RunSummary = { startedAt: null, finishedAt: null, testCases: [], unrun: [], counts: { total: 0, passed: 0, failed: 0, skipped: 0 }, runErrors: [] };

/** Whether this slice of a sharded run (or the whole run) runs the property run: the last shard does. */
export function runsProperties(shard: Pick<Shard, 'index' | 'total'> | undefined): boolean {
  return shard === undefined || shard.index === shard.total;
}

/** Throws SetupError (exit 2) when the adapter cannot be judged at all. */
export async function runCertification(options: CertificationOptions, io: CertificationIo): Promise<CertificationOutcome> {
  // First, so a run that stops on a setup error leaves no earlier verdict lying beside its message.
  await clearArtefacts(options.outDir);
  // Whatever happens, a started adapter (process, event service) is stopped once the run is over.
  const { loaded, startedAt, finishedAt, properties, labError, interruption, messages } = await withResources((resources) => preflightAndRun(options, io, resources));

  const summary = options.scenarios === false ? NO_SCENARIOS : await summaryOfWhatRan(options.outDir, labError !== undefined, messages);
  const transcripts = transcriptsOf(summary);
  const certificate = buildCertificate({
    summary,
    requirements: REQUIREMENTS,
    mode: options.mode,
    adapter: { spec: loaded.spec, kind: loaded.kind, identity: loaded.identity },
    suite: await suiteIdentity(),
    startedAt,
    finishedAt,
    replayCommand: options.replayCommand,
    run: { tagExpression: modeTagExpression(options.mode), names: options.names, deadlineMs: options.deadlineMs, quietMs: options.quietMs },
    // The Gherkin run draws no random numbers; the property run's seed is the run's only one (every shard records it).
    seeds: options.properties === null ? {} : { properties: options.properties.seed },
    transcripts: digestTranscripts(transcripts),
    ...(properties === null ? {} : { properties: { run: properties.run, results: properties.results } }),
    scenariosSkipped: options.scenarios === false,
    ...(options.shard === undefined ? {} : { shard: options.shard }),
    ...(labError === undefined ? {} : { labError }),
    ...(interruption === undefined ? {} : { interruption }),
  });
  let sealed: Certificate;
  try {
    await writeReports(options.outDir, certificate, summary);
    const stream = withLabCases(withDiagrams(await envelopesOfWhatRan(options, messages), summary.testCases), certificate, finishedAt, await counterexampleDiagrams(options.outDir, certificate));
    await writeCucumberReports(options.outDir, stream, certificate);
    // Last: the seal covers every file written before it.
    sealed = await sealReports(options.outDir, certificate, options.signingKey);
  } catch (error) {
    // Nothing more can be written: at least the stack, and a message that names it.
    await writeLabError(options.outDir, 'writing the reports', error);
    throw new LabFailure(`the lab failed while writing the reports: ${messageOf(error)} (stack in ${join(options.outDir, LAB_ERROR_LOG)})`);
  }
  if (io.verdictScreen !== false) io.stdout.write(`\n${renderVerdict(sealed, { color: io.color, reportsDir: options.outDir })}\n`);
  return { certificate: sealed, transcripts, exitCode: exitCodeOf(sealed.verdict) };
}

/** The lab itself failed where no verdict could be written (exit 2). */
export class LabFailure extends Error {
  override readonly name = 'LabFailure';
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Writes the stack of what failed inside the lab beside the reports; returns what the certificate records. */
async function writeLabError(outDir: string, during: string, error: unknown): Promise<{ message: string; log: string }> {
  // The whole chain of causes: a harness error wraps what really broke.
  const stacks: string[] = [];
  for (let e: unknown = error; e !== undefined && stacks.length < 10; e = e instanceof Error ? e.cause : undefined) stacks.push(e instanceof Error ? (e.stack ?? e.message) : String(e));
  const stack = stacks.join('\ncaused by: ');
  await mkdir(outDir, { recursive: true });
  await appendFile(join(outDir, LAB_ERROR_LOG), `while ${during}:\n${stack}\n\n`, 'utf8');
  const cause = error instanceof Error && error.cause !== undefined ? `: ${messageOf(error.cause)}` : '';
  return { message: `${messageOf(error)}${cause} (while ${during})`, log: LAB_ERROR_LOG };
}

/** The messages file's text; of an interrupted run, as it stood at the signal, up to its last whole line (the writer may have been mid-line). */
async function messagesText(outDir: string, atSignal: string | undefined): Promise<{ path: string; text: string }> {
  const path = join(outDir, CUCUMBER_REPORTS.messages);
  return { path, text: atSignal === undefined ? await readMessagesFile(path) : atSignal.slice(0, atSignal.lastIndexOf('\n') + 1) };
}

/**
 * The scenarios' summary; after a lab failure the messages file may be cut short or missing, and what
 * it holds still counts. An interrupted run did not finish on purpose: that is no run error.
 */
async function summaryOfWhatRan(outDir: string, labFailed: boolean, atSignal: string | undefined): Promise<RunSummary> {
  const interrupted = atSignal !== undefined;
  try {
    const { path, text } = await messagesText(outDir, atSignal);
    const summary = summarizeMessages(parseMessages(text, path));
    return interrupted ? { ...summary, runErrors: summary.runErrors.filter((e) => e !== RUN_UNFINISHED) } : summary;
  } catch (error) {
    if (!labFailed && !interrupted) throw error;
    return { ...NO_SCENARIOS, runErrors: labFailed ? [`the scenarios' messages could not be read after the lab failed: ${messageOf(error)}`] : [] };
  }
}

/** Cucumber's messages as the scenarios wrote them; none when they did not run (or a lab failure left the file unreadable). */
async function envelopesOfWhatRan(options: CertificationOptions, atSignal: string | undefined): Promise<RawEnvelope[]> {
  if (options.scenarios === false) return [];
  try {
    const { path, text } = await messagesText(options.outDir, atSignal);
    return parseEnvelopes(text, path);
  } catch {
    return [];
  }
}

/** Resolves with the abort reason (a signal's name) once the signal aborts; never, without one. */
function abortedBy(signal: AbortSignal | undefined): Promise<string> {
  return new Promise((resolve) => {
    if (signal === undefined) return;
    if (signal.aborted) resolve(String(signal.reason));
    signal.addEventListener('abort', () => resolve(String(signal.reason)), { once: true });
  });
}

function injected(options: CertificationOptions, point: LabFaultPoint): void {
  if (options.labFault === point) throw new Error(`injected lab fault at ${point} (test-only switch)`);
}

interface RunOutcome {
  readonly loaded: LoadedAdapter;
  readonly startedAt: Date;
  readonly finishedAt: Date;
  readonly properties: CertifiedProperties | null;
  readonly labError?: { readonly message: string; readonly log: string };
  readonly interruption?: { readonly signal: string; readonly during: 'scenarios' | 'property run' };
  /** The scenarios' messages as they stood when a signal stopped them. */
  readonly messages?: string;
}

/** This run's resources, released once it is over (also when it fails). */
async function withResources<T>(run: (resources: SuiteResources) => Promise<T>): Promise<T> {
  const resources = openSuite();
  return await run(resources).finally(() => resources.release());
}

async function preflightAndRun(options: CertificationOptions, io: CertificationIo, resources: SuiteResources): Promise<RunOutcome> {
  const startTimeout = options.startTimeoutMs === undefined ? {} : { startTimeoutMs: options.startTimeoutMs };
  // Shared with the Cucumber run: a started adapter lives from this preflight to the end of the run.
  const loaded = await resources.adapter(options.adapter, { cwd: options.cwd, outDir: options.outDir, ...startTimeout });
  await options.checkAdapter?.(loaded);
  await checkAdapterShape(loaded, {
    mode: options.mode,
    ctiUrl: 'ws://127.0.0.1:9',
    credentials: { user: 'preflight', password: 'preflight' },
    timeouts: { connectMs: options.deadlineMs, requestMs: options.deadlineMs },
  });

  io.stdout.write(`Certifying ${options.adapter} for ${options.mode} telephony\n`);
  const startedAt = new Date();
  // From here on, anything that throws is the lab's own failure: it ends as verdict error, with the reports of what ran.
  const aborted = abortedBy(options.signal);
  try {
    if (options.scenarios !== false) {
      // Cucumber cannot be stopped from outside: on a signal the run is left behind, and the process that asked exits.
      const stopped = await Promise.race([runScenarios(options, io, resources).then(() => undefined), aborted]);
      if (stopped !== undefined) {
        // What ran up to the signal, read now: once the adapter is stopped, a scenario still running would fail for that.
        const messages = await readMessagesFile(join(options.outDir, CUCUMBER_REPORTS.messages)).catch(() => '');
        return { loaded, startedAt, finishedAt: new Date(), properties: null, interruption: { signal: stopped, during: 'scenarios' }, messages };
      }
      injected(options, 'scenarios');
    }
  } catch (error) {
    return { loaded, startedAt, finishedAt: new Date(), properties: null, labError: await writeLabError(options.outDir, 'running the scenarios', error) };
  }
  try {
    const properties = await runProperties(options, io, loaded);
    const signal = options.signal?.aborted === true ? String(options.signal.reason) : undefined;
    return { loaded, startedAt, finishedAt: new Date(), properties, ...(signal === undefined ? {} : { interruption: { signal, during: 'property run' as const } }) };
  } catch (error) {
    return { loaded, startedAt, finishedAt: new Date(), properties: null, labError: await writeLabError(options.outDir, 'running the property run', error) };
  }
}

async function runProperties(options: CertificationOptions, io: CertificationIo, loaded: LoadedAdapter): Promise<CertifiedProperties | null> {
  const properties =
    options.properties === null || !runsProperties(options.shard)
      ? null
      : await runPropertyCertification({
          loaded,
          mode: options.mode,
          settings: options.properties,
          deadlineMs: options.deadlineMs,
          quietMs: options.quietMs,
          logger: fileLogger(options.logFile, 'debug'),
          outDir: options.outDir,
          replayBase: options.replayBase ?? options.replayCommand,
          stdout: io.stdout,
          ...(options.signal === undefined ? {} : { signal: options.signal }),
        });
  if (properties !== null) injected(options, 'properties');
  return properties;
}

async function runScenarios(options: CertificationOptions, io: CertificationIo, resources: SuiteResources): Promise<void> {
  const startTimeout = options.startTimeoutMs === undefined ? {} : { startTimeoutMs: options.startTimeoutMs };
  await runSuite({
    outDir: options.outDir,
    tagExpression: modeTagExpression(options.mode),
    names: options.names,
    ...(options.shard === undefined ? {} : { shard: `${options.shard.index}/${options.shard.total}` }),
    parameters: {
      suiteId: resources.id,
      adapter: options.adapter,
      cwd: options.cwd,
      outDir: options.outDir,
      mode: options.mode,
      deadlineMs: options.deadlineMs,
      quietMs: options.quietMs,
      ...(options.logFile === undefined ? {} : { logFile: options.logFile }),
      ...startTimeout,
    },
    onMessage: progress(io.stdout),
  });
}

/** A dot per passed scenario, F per failed one: progress that fits beside the verdict. */
function progress(out: NodeJS.WritableStream): (envelope: Envelope) => void {
  let worst = new Map<string, string>();
  return (envelope) => {
    if (envelope.testCaseStarted !== undefined) worst.set(envelope.testCaseStarted.id, 'PASSED');
    const step = envelope.testStepFinished;
    if (step !== undefined && step.testStepResult.status !== 'PASSED') worst.set(step.testCaseStartedId, step.testStepResult.status);
    const finished = envelope.testCaseFinished;
    if (finished !== undefined && !finished.willBeRetried) {
      out.write(worst.get(finished.testCaseStartedId) === 'PASSED' ? '.' : 'F');
      worst.delete(finished.testCaseStartedId);
    }
    if (envelope.testRunFinished !== undefined) worst = new Map();
  };
}

/** Where `switchboard merge` puts each shard's adapter log (`shard-<i>.log`). */
export const SHARD_LOGS_DIR = 'shard-logs';

/** Removes what an earlier certify or merge wrote into the report folder, so no stale file sits beside a new verdict. */
export async function clearArtefacts(outDir: string): Promise<void> {
  await mkdir(outDir, { recursive: true });
  for (const file of [...Object.values(CUCUMBER_REPORTS), CERTIFICATE_JSON, CERTIFICATE_MD, SIGNATURE_FILE, TRANSCRIPTS_JSON, TRACES_DIR, COUNTEREXAMPLES_DIR, ADAPTER_LOG, SHARD_LOGS_DIR, LAB_ERROR_LOG]) {
    await rm(join(outDir, file), { recursive: true, force: true });
  }
}

/** What pins the suite: its name and version, its features, and the code that runs them (steps, harness, simulator, reports). */
export async function suiteIdentity(): Promise<Certificate['suite']> {
  const parsed: unknown = JSON.parse(await readFile(join(SUITE_ROOT, 'package.json'), 'utf8'));
  const field = (key: string): string => (typeof parsed === 'object' && parsed !== null && key in parsed ? String((parsed as Record<string, unknown>)[key]) : 'unknown');
  return {
    name: field('name'),
    version: field('version'),
    featuresHash: await hashTree(join(SUITE_ROOT, 'features'), '.feature'),
    sourcesHash: await hashTrees(SUITE_ROOT, ['steps', 'src', 'simulator'], '.ts'),
  };
}
