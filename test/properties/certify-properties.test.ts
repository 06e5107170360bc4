/**
 * `switchboard certify` and the property run: its flags, what the certificate records of a run that
 * passed, and the usage errors.
 */
import assert from 'node:assert/strict';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { describe, it } from 'node:test';
import { main } from '../../src/cli/main.ts';
import { assertCertificate } from '../../src/report/certificate-schema.ts';

const ROOT = new URL('../../', import.meta.url).pathname;

async function switchboard(...args: string[]): Promise<{ code: number; stdout: string; stderr: string; out: string }> {
  const out = await mkdtemp(join(tmpdir(), 'switchboard-certify-properties-'));
  let stdout = '';
  let stderr = '';
  const sink = (append: (text: string) => void) =>
    new Writable({
      write(chunk: Buffer, _encoding, done) {
        append(chunk.toString());
        done();
      },
    });
  const code = await main(['certify', '--out', out, ...args], { stdout: sink((t) => (stdout += t)), stderr: sink((t) => (stderr += t)), env: {}, cwd: ROOT });
  return { code, stdout, stderr, out };
}

describe('certify with the property run', () => {
  it('records the run: its seed, its size, every invariant of the mode, and judges none below the minimum', async () => {
    const run = await switchboard('--adapter', 'reference', '--mode', 'full', '--no-scenarios', '--seed', '2', '--runs', '60', '--time-budget-ms', '60000');
    assert.equal(run.code, 3, run.stdout + run.stderr);
    assert.match(run.stdout, /Property run: seed 2, up to 60 sequences, 60 s and at least 1000 sequences \(at most 600 s\)/);
    assert.match(run.stdout, /properties\s+0 of 9 invariants held over 60 sequences \(at least 1000 judge\), 9 not judged, seed 2/);
    assert.match(run.stdout, /scenarios\s+skipped \(--no-scenarios\)/);
    const certificate = assertCertificate(JSON.parse(await readFile(join(run.out, 'certificate.json'), 'utf8')));
    assert.equal(certificate.verdict, 'incomplete');
    assert.deepEqual(certificate.verdictReasons.slice(0, 2), [
      'the scenarios were skipped (--no-scenarios)',
      'the property run explored 60 sequences, fewer than the 1000 a certifying run needs',
    ]);
    assert.equal(certificate.scenariosSkipped, true);
    assert.deepEqual(certificate.seeds, { properties: 2 });
    assert.equal(certificate.propertyRun?.sequences, 60);
    assert.equal(certificate.propertyRun?.runsRequested, 60);
    assert.equal(certificate.propertyRun?.minimumSequences, 1000);
    assert.deepEqual(certificate.propertyRun?.faults, ['duplicate', 'delay', 'closeLink']);
    assert.deepEqual(Object.keys(certificate.propertyRun?.faultsApplied ?? {}).sort(), ['closeLink', 'delay', 'duplicate']);
    assert.equal(certificate.properties.length, 9);
    for (const p of certificate.properties) {
      assert.deepEqual(
        { status: p.status, reason: p.reason, runs: p.runs, seed: p.seed, counterexample: p.counterexample, replayCommand: p.replayCommand },
        {
          status: 'not-judged',
          reason: 'the run explored 60 sequences, fewer than the 1000 that judge an invariant',
          runs: 60,
          seed: 2,
          counterexample: null,
          replayCommand: null,
        },
        p.id,
      );
    }
    // The scenarios' requirements are listed, not judged.
    assert.ok(certificate.requirements.every((r) => r.status === 'not-judged'));
    assert.match(certificate.replayCommand, /--no-scenarios --seed 2 --runs 60 --time-budget-ms 60000$/);
    const markdown = await readFile(join(run.out, 'certificate.md'), 'utf8');
    assert.match(markdown, /\| Property run \| 0 of 9 invariants held over 60 sequences of up to 20 commands \(at least 1000 judge the invariants\), seed 2/);
  });

  it('in process, explores while the scenarios run, and prints its progress after theirs (decision 0080)', async () => {
    const run = await switchboard(
      ...['--adapter', 'reference', '--mode', 'simple', '--name', 'The customer hangs up during the conversation'],
      ...['--seed', '2', '--runs', '30', '--time-budget-ms', '60000'],
    );
    assert.equal(run.code, 3, run.stdout + run.stderr);
    assert.match(run.stdout, /for simple telephony\n\.\nProperty run: seed 2, up to 30 sequences[^\n]*\n\n30 sequences, every invariant held/);
    const certificate = JSON.parse(await readFile(join(run.out, 'certificate.json'), 'utf8')) as {
      timings: { finishedAt: string };
      propertyRun: { durationMs: number };
    };
    const messages = (await readFile(join(run.out, 'cucumber.ndjson'), 'utf8')).split('\n').filter((line) => line.includes('testRunFinished'));
    const finished = (JSON.parse(messages[0] ?? '{}') as { testRunFinished: { timestamp: { seconds: number; nanos: number } } }).testRunFinished.timestamp;
    // The property run began before the scenarios had finished: they overlapped.
    const propertiesBegan = Date.parse(certificate.timings.finishedAt) - certificate.propertyRun.durationMs;
    assert.ok(propertiesBegan < finished.seconds * 1000 + finished.nanos / 1e6, 'the property run began only after the scenarios');
  });

  it('--repeat N: N runs with the seeds that follow --seed, and how many failed per invariant, in the certificate', async () => {
    const run = await switchboard('--adapter', 'reference', '--mode', 'simple', '--no-scenarios', '--seed', '40', '--runs', '20', '--repeat', '3');
    // Runs of 20 sequences judge no invariant: incomplete, whatever they found.
    assert.equal(run.code, 3, run.stdout + run.stderr);
    for (const [i, seed] of [40, 41, 42].entries()) assert.match(run.stdout, new RegExp(`Property run ${i + 1} of 3: seed ${seed}, up to 20 sequences`));
    assert.match(run.stdout, /Repeated 3 times \(seeds 40, 41, 42\): every invariant held in every run/);
    const certificate = assertCertificate(JSON.parse(await readFile(join(run.out, 'certificate.json'), 'utf8')));
    assert.deepEqual(certificate.propertyRun?.repeats, { runs: 3, seeds: [40, 41, 42], failed: {}, errors: 0 });
    assert.match(certificate.replayCommand, /--seed 40 --runs 20 --repeat 3$/);
    // What the lab measured of itself is recorded beside the verdict (decision 0023).
    assert.equal(certificate.propertyRun?.calibration?.tickMs, 5);
    assert.deepEqual(certificate.propertyRun?.setAside, []);
  });

  const usage: [string, string[], RegExp][] = [
    ['--repeat with --path', ['--seed', '1', '--path', '3:1@AB:C', '--repeat', '2'], /--path replays one counterexample once: drop --repeat/],
    ['a bad --repeat', ['--repeat', '0'], /--repeat "0": expected a whole number of property runs from 1 to 100/],
    ['--path without --seed', ['--path', '3:1@AB:C'], /--path replays a counterexample of one seed: give its --seed too/],
    ['a malformed --path', ['--seed', '1', '--path', 'three'], /--path "three": expected the path of a counterexample/],
    ['a property flag with --no-properties', ['--no-properties', '--runs', '10'], /--no-properties skips the property run: --runs would not be used/],
    ['nothing to run', ['--no-properties', '--no-scenarios'], /--no-scenarios with --no-properties leaves nothing to run/],
    ['a bad --runs', ['--runs', 'many'], /--runs "many": expected a whole number of sequences/],
    ['a bad --seed', ['--seed', '4.5'], /--seed "4.5": expected a whole number from 0 to 2147483647/],
  ];
  for (const [what, args, message] of usage) {
    it(`refuses ${what} with exit 2`, async () => {
      const run = await switchboard('--adapter', 'reference', '--mode', 'simple', ...args);
      assert.equal(run.code, 2, run.stdout + run.stderr);
      assert.match(run.stderr, message);
    });
  }
});
