/**
 * The certification's own test cases, added to the Cucumber messages so that every report read
 * from them — the messages, the HTML report, JUnit — tells the certificate's truth: one test case
 * for the verdict (passed only when conformant, its reasons as the failure message) and one per
 * invariant of the property run (failed with its counterexample, its sequence diagram and replay
 * command, skipped when not judged). The run's `success` is the verdict's. They live in a feature of their own, at a uri
 * no feature file has, so readers of the scenarios (the run summary, merge) can leave them out.
 */
import { generateMessages } from '@cucumber/gherkin';
import { AttachmentContentEncoding, SourceMediaType, TestStepResultStatus, type Envelope, type TestStepResult } from '@cucumber/messages';
import type { Certificate, PropertyResult } from './certificate-schema.ts';
import { kindOf, type RawEnvelope } from './ndjson.ts';
import { plural } from './terminal.ts';
import { verdictHeadline } from './verdict-words.ts';

/** Where the certification's own test cases stand: no feature file has this uri. */
export const LAB_FEATURE_URI = 'switchboard/certification.feature';
const ID_PREFIX = 'switchboard-';

interface Timestamp {
  readonly seconds: number;
  readonly nanos: number;
}
type StepStatus = TestStepResultStatus.PASSED | TestStepResultStatus.FAILED | TestStepResultStatus.SKIPPED;

interface LabCase {
  /** The invariant's requirement id; undefined for the verdict. */
  readonly id?: string;
  readonly name: string;
  readonly tags: readonly string[];
  readonly step: string;
  readonly status: StepStatus;
  /** The failure or skip message; what JUnit shows. */
  readonly message: string | null;
  readonly type: string | null;
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

function verdictCase(c: Certificate): LabCase {
  const status: StepStatus = c.verdict === 'conformant' ? TestStepResultStatus.PASSED : TestStepResultStatus.FAILED;
  const reasons = c.verdictReasons
    .slice(1)
    .map((r) => `\n- ${r}`)
    .join('');
  const types: Readonly<Record<Certificate['verdict'], string>> = {
    conformant: 'Conformant',
    'not-conformant': 'NotConformant',
    incomplete: 'Incomplete',
    error: 'LabError',
  };
  return {
    name: `Certification verdict: ${c.verdict}`,
    tags: [],
    step: `the adapter is conformant to ${c.mode} telephony`,
    status,
    message: status === TestStepResultStatus.PASSED ? null : `${verdictHeadline(c)}${reasons}`,
    type: types[c.verdict],
  };
}

function propertyCase(p: PropertyResult): LabCase {
  const status: StepStatus =
    p.status === 'passed' ? TestStepResultStatus.PASSED : p.status === 'failed' ? TestStepResultStatus.FAILED : TestStepResultStatus.SKIPPED;
  const ce = p.counterexample;
  const detail =
    ce === null
      ? (p.reason ?? '')
      : [
          `${p.id} failed: ${ce.message}`,
          '',
          `replay: ${p.replayCommand ?? ''}`,
          `counterexample: ${ce.files.text}, ${ce.files.feature}, ${ce.files.script}, ${ce.files.trace}`,
          '',
          'commands:',
          ...ce.commands.map((command, i) => `${i + 1}. ${command}`),
        ].join('\n');
  return {
    id: p.id,
    name: `${p.id} ${oneLine(p.statement)}`,
    tags: [`@${p.id}`],
    step: `the invariant holds over ${plural(p.runs, 'generated sequence')} (seed ${p.seed})`,
    status,
    message: status === TestStepResultStatus.PASSED ? null : detail,
    type: status === TestStepResultStatus.FAILED ? 'InvariantViolated' : null,
  };
}

function featureText(cases: readonly LabCase[]): string {
  const scenarios = cases.flatMap((lab) => [
    '',
    ...(lab.tags.length === 0 ? [] : [`  ${lab.tags.join(' ')}`]),
    `  Scenario: ${oneLine(lab.name)}`,
    `    Then ${oneLine(lab.step)}`,
  ]);
  return [
    'Feature: Switchboard certification',
    '  The verdict of the certification and the invariants of its property run, as certificate.json has them.',
    ...scenarios,
    '',
  ].join('\n');
}

/**
 * The envelopes of the certification's own test cases, timed at `at`: source, document and pickles,
 * then for each a test case that starts, runs its one step and finishes.
 */
export function labEnvelopes(
  certificate: Certificate,
  at: Timestamp,
  testRunStartedId: string | undefined,
  diagrams: ReadonlyMap<string, string> = new Map(),
): Envelope[] {
  const cases = [verdictCase(certificate), ...certificate.properties.map(propertyCase)];
  let next = 0;
  const newId = (): string => `${ID_PREFIX}${(next++).toString()}`;
  const parsed = generateMessages(featureText(cases), LAB_FEATURE_URI, SourceMediaType.TEXT_X_CUCUMBER_GHERKIN_PLAIN, {
    includeSource: true,
    includeGherkinDocument: true,
    includePickles: true,
    newId,
  });
  const pickles = parsed.flatMap((e) => (e.pickle === undefined ? [] : [e.pickle]));
  const run = testRunStartedId === undefined ? {} : { testRunStartedId };
  const zero = { seconds: 0, nanos: 0 };
  const executed = pickles.flatMap((pickle, index): Envelope[] => {
    const lab = cases[index];
    const pickleStep = pickle.steps[0];
    if (lab === undefined || pickleStep === undefined) return [];
    const testCaseId = newId();
    const testStepId = newId();
    const startedId = newId();
    const result: TestStepResult = {
      duration: zero,
      status: lab.status,
      ...(lab.message === null ? {} : { message: lab.message }),
      // JUnit's failure element takes its type and message from the exception.
      ...(lab.message === null || lab.status !== TestStepResultStatus.FAILED
        ? {}
        : { exception: { type: lab.type ?? 'Error', message: lab.message, stackTrace: lab.message } }),
    };
    const diagram = lab.id === undefined ? undefined : diagrams.get(lab.id);
    return [
      {
        testCase: {
          id: testCaseId,
          pickleId: pickle.id,
          ...run,
          testSteps: [{ id: testStepId, pickleStepId: pickleStep.id, stepDefinitionIds: [], stepMatchArgumentsLists: [] }],
        },
      },
      { testCaseStarted: { id: startedId, testCaseId, attempt: 0, timestamp: at } },
      { testStepStarted: { testCaseStartedId: startedId, testStepId, timestamp: at } },
      // A counterexample's sequence diagram, shown under the invariant in the HTML report.
      ...(diagram === undefined
        ? []
        : [
            {
              attachment: {
                testCaseStartedId: startedId,
                testStepId,
                body: Buffer.from(diagram, 'utf8').toString('base64'),
                contentEncoding: AttachmentContentEncoding.BASE64,
                mediaType: 'image/svg+xml',
                fileName: `${lab.id ?? 'counterexample'}.svg`,
              },
            },
          ]),
      {
        testStepFinished: {
          testCaseStartedId: startedId,
          testStepId,
          testStepResult: result,
          timestamp: at,
        },
      },
      { testCaseFinished: { testCaseStartedId: startedId, timestamp: at, willBeRetried: false } },
    ];
  });
  return [...parsed, ...executed];
}

/**
 * The run's messages with the certification's own test cases added before testRunFinished, whose
 * `success` becomes the verdict's; a stream without testRunStarted (no scenario ran) gets one. Any
 * earlier certification cases are dropped first, so adding again replaces them.
 */
export function withLabCases(
  envelopes: readonly RawEnvelope[],
  certificate: Certificate,
  now: Date,
  diagrams: ReadonlyMap<string, string> = new Map(),
): RawEnvelope[] {
  const own = withoutLabCases(envelopes);
  const at = { seconds: Math.floor(now.getTime() / 1000), nanos: (now.getTime() % 1000) * 1_000_000 };
  const started = own.find((e) => kindOf(e) === 'testRunStarted')?.['testRunStarted'] as { id?: string } | undefined;
  const finishedAt = own.findIndex((e) => kindOf(e) === 'testRunFinished');
  const head = finishedAt < 0 ? own : own.slice(0, finishedAt);
  const finished = (finishedAt < 0 ? { timestamp: at } : (own[finishedAt]?.['testRunFinished'] as Record<string, unknown>)) ?? { timestamp: at };
  const opening: RawEnvelope[] = started === undefined ? [{ testRunStarted: { timestamp: at } }] : [];
  const lab = labEnvelopes(certificate, at, started?.id, diagrams) as unknown as RawEnvelope[];
  return [...opening, ...head, ...lab, { testRunFinished: { ...finished, success: certificate.verdict === 'conformant' } }];
}

/** The stream without the certification's own test cases: what Cucumber wrote. */
export function withoutLabCases(envelopes: readonly RawEnvelope[]): RawEnvelope[] {
  const lab = (value: unknown): boolean => typeof value === 'string' && value.startsWith(ID_PREFIX);
  return envelopes.filter((envelope) => {
    const body = envelope[kindOf(envelope)];
    if (typeof body !== 'object' || body === null) return true;
    const fields = body as Record<string, unknown>;
    if (fields['uri'] === LAB_FEATURE_URI) return false;
    for (const key of ['id', 'pickleId', 'testCaseId', 'testCaseStartedId']) {
      if (lab(fields[key])) return false;
    }
    return true;
  });
}

export function isLabUri(uri: string | undefined): boolean {
  return uri === LAB_FEATURE_URI;
}
