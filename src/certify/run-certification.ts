/**
 * One certification, drivable in process: check the adapter honours the contract, run the suite
 * for the claimed mode, judge the requirements and write every report. The CLI is a thin shell
 * around this.
 */
import type { Envelope } from '@cucumber/messages';
import { mkdir, readFile, rm } from 'node:fs/promises';
import { fileLogger } from '../platform/logging.ts';
import { join } from 'node:path';
import { REQUIREMENTS } from '../contract/index.ts';
import { checkAdapterShape, inThisProcess, type LoadedAdapter } from '../harness/drivers.ts';
import { ADAPTER_LOG } from '../harness/drivers/cmd.ts';
import { hashTree, hashTrees } from '../harness/identity.ts';
import type { SuiteResources } from '../harness/suite-context.ts';
import { WIRE_LOG } from '../harness/wire-log.ts';
import { buildCertificate, exitCodeOf, type Certificate, type Shard } from '../report/certificate.ts';
import { COUNTEREXAMPLES_DIR } from '../properties/counterexample.ts';
import { renderVerdict } from '../report/console.ts';
import { TRACES_DIR } from '../report/slug.ts';
import { CUCUMBER_REPORTS, writeCucumberReports } from '../report/cucumber-reports.ts';
import { counterexampleDiagrams, withDiagrams } from '../report/diagrams.ts';
import { withLabCases } from '../report/lab-cases.ts';
import { sealReports, SIGNATURE_FILE } from '../report/seal.ts';
import { readMessagesFile } from '../report/ndjson.ts';
import { modeTagExpression } from '../report/tags.ts';
import { digestTranscripts, TRANSCRIPTS_JSON, transcriptsOf } from '../report/transcripts.ts';
import { CERTIFICATE_JSON, CERTIFICATE_MD, writeReports } from '../report/write.ts';
import { plannedScenarios, runSuite, SUITE_ROOT } from './cucumber-run.ts';
import { HeldOutput } from './held-output.ts';
import { expressibleNames, inexpressibleIn } from './dialect-limits.ts';
import { LAB_RECONNECT } from '../harness/adapter-timings.ts';
import type { DialectName } from '../../simulator/index.ts';
import { runPropertyCertification, type CertifiedProperties } from './property-run.ts';
import { type CertificationIo, type CertificationOptions, type CertificationOutcome, LAB_ERROR_LOG, type LabFaultPoint } from './certification-types.ts';
import { envelopesOfWhatRan, labFailure, NO_SCENARIOS, summaryOfWhatRan, writeLabError } from './what-ran.ts';
import { withResources } from './run-resources.ts';

/** Whether this slice of a sharded run (or the whole run) runs the property run: the last shard does. */
export function runsProperties(shard: Pick<Shard, 'index' | 'total'> | undefined): boolean {
  return shard === undefined || shard.index === shard.total;
}

/** Throws SetupError (exit 2) when the adapter cannot be judged at all. */
export async function runCertification(options: CertificationOptions, io: CertificationIo): Promise<CertificationOutcome> {
  // First, so a run that stops on a setup error leaves no earlier verdict lying beside its message.
  await clearArtefacts(options.outDir);
  // Whatever happens, a started adapter (process, event service) is stopped once the run is over.
  const { outcome, wire } = await withResources(options, (resources) => preflightAndRun(options, io, resources));
  const { loaded, startedAt, finishedAt, properties, labError, interruption, messages } = outcome;

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
    run: {
      tagExpression: modeTagExpression(options.mode),
      names: options.names,
      deadlineMs: options.deadlineMs,
      quietMs: options.quietMs,
      dialect: options.dialect ?? 'json',
      adapterTimings: LAB_RECONNECT,
    },
    // The Gherkin run draws no random numbers; the property run's seed is the run's only one (every shard records it).
    seeds: options.properties === null ? {} : { properties: options.properties.seed },
    transcripts: digestTranscripts(transcripts),
    ...inexpressibleOf(options.dialect),
    ...(properties === null ? {} : { properties: { run: properties.run, results: properties.results } }),
    scenariosSkipped: options.scenarios === false,
    ...(options.shard === undefined ? {} : { shard: options.shard }),
    ...(labError === undefined ? {} : { labError }),
    ...(interruption === undefined ? {} : { interruption }),
    ...(wire === undefined ? {} : { wireLog: wire }),
  });
  let sealed: Certificate;
  try {
    await writeReports(options.outDir, certificate, summary);
    const stream = withLabCases(
      withDiagrams(await envelopesOfWhatRan(options, messages), summary.testCases),
      certificate,
      finishedAt,
      await counterexampleDiagrams(options.outDir, certificate),
    );
    await writeCucumberReports(options.outDir, stream, certificate);
    // Last: the seal covers every file written before it.
    sealed = await sealReports(options.outDir, certificate, options.signingKey);
  } catch (error) {
    // Nothing more can be written: at least the stack, and a message that names it.
    throw await labFailure(options.outDir, 'the reports', error);
  }
  if (io.verdictScreen !== false) io.stdout.write(`\n${renderVerdict(sealed, { color: io.color, reportsDir: options.outDir })}\n`);
  return { certificate: sealed, transcripts, exitCode: exitCodeOf(sealed.verdict) };
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
  // In process, the property run shares nothing with the scenarios but the event loop, so it explores while they wait
  // out their quiet windows (decision 0080); its progress shows once they are done. Over HTTP it would end their sessions.
  const held = new HeldOutput(io.stdout);
  const abandoned = new AbortController();
  const signal = AbortSignal.any([abandoned.signal, ...(options.signal === undefined ? [] : [options.signal])]);
  const alongside =
    options.scenarios !== false && inThisProcess(loaded.kind) ? runProperties({ ...options, signal }, { ...io, stdout: held }, loaded) : undefined;
  alongside?.catch(() => undefined);
  const abandon = async (outcome: RunOutcome): Promise<RunOutcome> => {
    // The run ends with the scenarios: the property run stops before its next sequence, is waited for, and is not reported.
    abandoned.abort('the scenarios ended the run');
    await alongside?.catch(() => undefined);
    return outcome;
  };
  try {
    if (options.scenarios !== false) {
      // Cucumber cannot be stopped from outside: on a signal the run is left behind, and the process that asked exits.
      const stopped = await Promise.race([runScenarios(options, io, resources).then(() => undefined), aborted]);
      if (stopped !== undefined) {
        // What ran up to the signal, read now: once the adapter is stopped, a scenario still running would fail for that.
        const messages = await readMessagesFile(join(options.outDir, CUCUMBER_REPORTS.messages)).catch(() => '');
        return await abandon({ loaded, startedAt, finishedAt: new Date(), properties: null, interruption: { signal: stopped, during: 'scenarios' }, messages });
      }
      injected(options, 'scenarios');
    }
  } catch (error) {
    return abandon({
      loaded,
      startedAt,
      finishedAt: new Date(),
      properties: null,
      labError: await writeLabError(options.outDir, 'running the scenarios', error),
    });
  }
  held.release();
  try {
    const properties = await (alongside ?? runProperties(options, io, loaded));
    const signal = options.signal?.aborted === true ? String(options.signal.reason) : undefined;
    return {
      loaded,
      startedAt,
      finishedAt: new Date(),
      properties,
      ...(signal === undefined ? {} : { interruption: { signal, during: 'property run' as const } }),
    };
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
          ...(options.dialect === undefined ? {} : { dialect: options.dialect }),
          stdout: io.stdout,
          ...(options.signal === undefined ? {} : { signal: options.signal }),
        });
  if (properties !== null) injected(options, 'properties');
  return properties;
}

async function runScenarios(options: CertificationOptions, io: CertificationIo, resources: SuiteResources): Promise<void> {
  const startTimeout = options.startTimeoutMs === undefined ? {} : { startTimeoutMs: options.startTimeoutMs };
  const tagExpression = modeTagExpression(options.mode);
  // A dialect that cannot express some scenarios runs the others (their requirements stay not judged).
  const names =
    inexpressibleIn(options.dialect ?? 'json') === undefined
      ? options.names
      : expressibleNames(await plannedScenarios({ tagExpression, names: options.names }), options.dialect ?? 'json');
  await runSuite({
    outDir: options.outDir,
    tagExpression,
    names,
    ...(options.shard === undefined ? {} : { shard: `${options.shard.index}/${options.shard.total}` }),
    parameters: {
      suiteId: resources.id,
      adapter: options.adapter,
      cwd: options.cwd,
      outDir: options.outDir,
      mode: options.mode,
      deadlineMs: options.deadlineMs,
      quietMs: options.quietMs,
      ...(options.dialect === undefined ? {} : { dialect: options.dialect }),
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
  for (const file of [
    ...Object.values(CUCUMBER_REPORTS),
    CERTIFICATE_JSON,
    CERTIFICATE_MD,
    SIGNATURE_FILE,
    TRANSCRIPTS_JSON,
    TRACES_DIR,
    COUNTEREXAMPLES_DIR,
    ADAPTER_LOG,
    SHARD_LOGS_DIR,
    LAB_ERROR_LOG,
    WIRE_LOG,
  ]) {
    await rm(join(outDir, file), { recursive: true, force: true });
  }
}

/** What pins the suite: its name and version, its features, and the code that runs them (steps, harness, simulator, reports). */
export async function suiteIdentity(): Promise<Certificate['suite']> {
  const parsed: unknown = JSON.parse(await readFile(join(SUITE_ROOT, 'package.json'), 'utf8'));
  const field = (key: string): string =>
    typeof parsed === 'object' && parsed !== null && key in parsed ? String((parsed as Record<string, unknown>)[key]) : 'unknown';
  return {
    name: field('name'),
    version: field('version'),
    featuresHash: await hashTree(join(SUITE_ROOT, 'features'), '.feature'),
    sourcesHash: await hashTrees(SUITE_ROOT, ['steps', 'src', 'simulator'], '.ts'),
  };
}

function inexpressibleOf(dialect: DialectName | undefined): { readonly inexpressible?: NonNullable<ReturnType<typeof inexpressibleIn>> } {
  const limits = inexpressibleIn(dialect ?? 'json');
  return limits === undefined ? {} : { inexpressible: limits };
}
