/**
 * The Gherkin a counterexample is exported as: for every command the property run generates by
 * default, a step of the suite, so the scenario runs as written. Counterexamples are made up here
 * (no property run): each mode's carries every command whose step is newest — duplicated and
 * delayed events, hold and retrieve at the phone, a far end answering — and its exported feature
 * is then run under Cucumber with the suite's own steps against the reference adapter.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { after, describe, it } from 'node:test';
import { AstBuilder, GherkinClassicTokenMatcher, Parser } from '@cucumber/gherkin';
import { IdGenerator, TestStepResultStatus, type Envelope } from '@cucumber/messages';
import { loadConfiguration, loadSupport, runCucumber } from '@cucumber/cucumber/api';
import type { TelephonyMode } from '../../src/contract/index.ts';
import { openSuite, type SuiteParameters } from '../../src/harness/suite-context.ts';
import { renderFeature } from '../../src/properties/counterexample-feature.ts';
import type { CounterexampleContext } from '../../src/properties/counterexample.ts';
import type { Violation } from '../../src/properties/invariants.ts';
import type { Counterexample } from '../../src/properties/run-result.ts';
import type { CommandSpec } from '../../src/properties/specs.ts';
import { CUSTOMERS, RINGING_NUMBER } from '../../src/properties/world.ts';

const ROOT = new URL('../../', import.meta.url).pathname;
const MISSING = '# The suite defines no step yet for:';

/** The commands with the newest steps, in an order the switch accepts one after another. */
function commandsFor(mode: TelephonyMode): CommandSpec[] {
  return [
    { kind: 'fault', fault: 'duplicate', extension: '8808' },
    { kind: 'customerCall', from: CUSTOMERS[0], to: '8808' },
    { kind: 'answerAtPhone', extension: '8808', call: 1 },
    { kind: 'fault', fault: 'delay', extension: '8808' },
    { kind: 'holdAtPhone', extension: '8808' },
    { kind: 'retrieveAtPhone', extension: '8808' },
    ...(mode === 'full'
      ? ([
          { kind: 'request', extension: '8809', activity: 'MakeCall', destination: RINGING_NUMBER },
          { kind: 'farEndAnswers', call: 2 },
        ] satisfies CommandSpec[])
      : []),
  ];
}

function counterexample(commands: readonly CommandSpec[], violation: Violation): Counterexample {
  return { violation, commands, log: [], trace: [], ordinals: { C1: 1, C2: 2 }, path: '0:0@A' };
}

function context(mode: TelephonyMode): CounterexampleContext {
  return {
    mode,
    seed: 7,
    replayCommand: `npx switchboard certify --adapter reference --mode ${mode} --no-scenarios --seed 7 --path '0:0@A'`,
    statement: 'made up for the test',
    reproduced: true,
    shrinks: 0,
  };
}

/** Each mode's made-up failure, with the check the export ends on: one Offering, or agreement with the switch. */
const VIOLATIONS: Readonly<Record<TelephonyMode, Violation>> = {
  simple: { id: 'OCTI-PROP-006', message: 'two Offerings', extension: '8808', callId: 'C1' },
  'agent-state': { id: 'OCTI-PROP-006', message: 'two Offerings', extension: '8808', callId: 'C1' },
  full: { id: 'OCTI-PROP-009', message: 'disagrees', extension: '8809' },
};

const MODES: readonly TelephonyMode[] = ['simple', 'agent-state', 'full'];

function steps(feature: string): string[] {
  return [...feature.matchAll(/^ {4}(?:Given|When|Then|And) (.*)$/gm)].map((m) => m[1] ?? '');
}

describe('a counterexample exported as Gherkin', () => {
  it("names every newly covered command in the suite's own phrasing, with no step missing", () => {
    const feature = renderFeature(counterexample(commandsFor('full'), VIOLATIONS.full), context('full'));
    assert.ok(!feature.includes(MISSING), feature);
    const written = steps(feature);
    for (const expected of [
      'the CTI link will duplicate the next event about extension 8808',
      'the CTI link will hold back the next event about extension 8808 for 3 ms',
      'the CSR on 8808 puts their call on hold at the phone',
      'the CSR on 8808 retrieves their held call at the phone',
      `the CSR on 8809 calls ${RINGING_NUMBER}`,
      'the far end of the second call answers',
    ]) {
      assert.ok(written.includes(expected), `expected the step "${expected}" in:\n${feature}`);
    }
    const document = new Parser(new AstBuilder(IdGenerator.incrementing()), new GherkinClassicTokenMatcher()).parse(feature);
    assert.equal(document.feature?.children.length, 1);
  });

  it('still lists a command the suite has no step for (swapped events) in its header', () => {
    const feature = renderFeature(counterexample([{ kind: 'fault', fault: 'reorder', extension: '8808' }], VIOLATIONS.simple), context('simple'));
    assert.match(feature, new RegExp(`${MISSING}\\n#   - the link swaps the next two events to 8808`));
  });
});

describe("an exported counterexample runs under Cucumber with the suite's steps", () => {
  const folders: string[] = [];
  // Cucumber registers the step modules on import: one support library serves every run of this process.
  let support: ReturnType<typeof loadSupport> | undefined;
  const suite = openSuite();
  after(async () => {
    await suite.release();
    for (const folder of folders) await rm(folder, { recursive: true, force: true });
  });

  for (const mode of MODES) {
    it(`in ${mode} telephony: every step is defined once and passes on the reference adapter`, async () => {
      const dir = await mkdtemp(join(tmpdir(), 'switchboard-exported-'));
      folders.push(dir);
      const feature = renderFeature(counterexample(commandsFor(mode), VIOLATIONS[mode]), context(mode));
      assert.ok(!feature.includes(MISSING), feature);
      const path = join(dir, 'exported.feature');
      await writeFile(path, feature, 'utf8');

      const parameters: SuiteParameters = { suiteId: suite.id, adapter: 'reference', cwd: ROOT, outDir: dir, mode, deadlineMs: 2000, quietMs: 150 };
      const environment = { cwd: ROOT, stdout: devNull(), stderr: devNull(), env: {} };
      const { runConfiguration } = await loadConfiguration(
        { file: false, provided: { paths: [path], import: ['steps/**/*.ts'], strict: true, worldParameters: { ...parameters } } },
        environment,
      );
      support ??= loadSupport(runConfiguration, environment);
      const envelopes: Envelope[] = [];
      const { success } = await runCucumber({ ...runConfiguration, support: await support }, environment, (envelope) => envelopes.push(envelope));

      const results = stepResults(envelopes);
      assert.deepEqual(
        results.map((r) => r.text),
        steps(feature),
        'every step of the feature ran, in order',
      );
      const bad = results.filter((r) => r.status !== TestStepResultStatus.PASSED);
      assert.deepEqual(bad, [], `${feature}\n${bad.map((r) => `${r.status} ${r.text}: ${r.message}`).join('\n')}`);
      assert.equal(success, true);
    });
  }
});

interface StepResult {
  readonly text: string;
  readonly status: TestStepResultStatus;
  readonly message: string;
}

/** The pickle steps' results from Cucumber's message stream, in the order they finished (hooks left out). */
function stepResults(envelopes: readonly Envelope[]): StepResult[] {
  const pickleSteps = new Map(envelopes.flatMap((e) => e.pickle?.steps.map((s) => [s.id, s.text] as const) ?? []));
  const testSteps = new Map(
    envelopes.flatMap(
      (e) => e.testCase?.testSteps.flatMap((s) => (s.pickleStepId === undefined ? [] : [[s.id, pickleSteps.get(s.pickleStepId) ?? '?'] as const])) ?? [],
    ),
  );
  return envelopes.flatMap((e) => {
    const finished = e.testStepFinished;
    const text = finished === undefined ? undefined : testSteps.get(finished.testStepId);
    return finished === undefined || text === undefined
      ? []
      : [{ text, status: finished.testStepResult.status, message: finished.testStepResult.message ?? '' }];
  });
}

/** Cucumber insists on output streams; the run is judged from its messages. */
function devNull(): Writable {
  return new Writable({ write: (_chunk, _encoding, done) => done() });
}
