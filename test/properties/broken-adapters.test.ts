/**
 * Positive controls for the property run (STYLE 16): adapters that pass the Gherkin scenarios of
 * their mode but break under duplication, a reconnect, or overlapping requests. For each: the
 * scenarios alone certify it (exit 0 with --no-properties), or fail only the one scenario written
 * as a regression for its kind of fault (that scenario's own positive control); the property run catches it, shrinks
 * it to a few commands, writes the counterexample out (text, a Gherkin scenario that parses, a
 * simulator script that loads), and the replay command in the certificate fails the same way.
 */
import assert from 'node:assert/strict';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { describe, it } from 'node:test';
import { AstBuilder, GherkinClassicTokenMatcher, Parser } from '@cucumber/gherkin';
import { IdGenerator } from '@cucumber/messages';
import { parseScript } from '../../simulator/index.ts';
import { main } from '../../src/cli/main.ts';
import type { TelephonyMode } from '../../src/contract/index.ts';
import { assertCertificate, type Certificate } from '../../src/report/certificate-schema.ts';

const ROOT = new URL('../../', import.meta.url).pathname;

async function switchboard(args: readonly string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const sink = (append: (text: string) => void) =>
    new Writable({
      write(chunk: Buffer, _encoding, done) {
        append(chunk.toString());
        done();
      },
    });
  const code = await main([...args], { stdout: sink((t) => (stdout += t)), stderr: sink((t) => (stderr += t)), env: {}, cwd: ROOT });
  return { code, stdout, stderr };
}

async function certificateIn(out: string): Promise<Certificate> {
  return assertCertificate(JSON.parse(await readFile(join(out, 'certificate.json'), 'utf8')));
}

/** The words of a command line as a POSIX shell reads them (enough for the replay commands we write). */
function shellWords(line: string): string[] {
  return [...line.matchAll(/'((?:[^']|'\\'')*)'|(\S+)/g)].map((m) => (m[1] !== undefined ? m[1].replace(/'\\''/g, "'") : (m[2] ?? '')));
}

interface Broken {
  readonly fixture: string;
  readonly mode: TelephonyMode;
  /** The invariant it breaks. */
  readonly breaks: string;
  readonly seed: number;
  readonly what: string;
  /** The one scenario that injects this adapter's fault too, and so fails it; absent = every scenario passes. */
  readonly caughtByScenario?: string;
}

const BROKEN: readonly Broken[] = [
  {
    fixture: 'ignores-sequence-numbers',
    mode: 'agent-state',
    breaks: 'OCTI-PROP-008',
    seed: 2,
    what: 'duplicated CTI events reach the desktop twice',
    caughtByScenario: 'A Ready event the CTI link delivers twice reaches the desktop once',
  },
  // Seed 6: the reference adapter's own reconnect race (see property-run.test.ts) is met later than this fixture's bug.
  {
    fixture: 'repops-after-reconnect',
    mode: 'simple',
    breaks: 'OCTI-PROP-006',
    seed: 6,
    what: 'a call ringing across a link drop pops twice',
    caughtByScenario: 'A call still ringing across the lost link does not pop again',
  },
];

for (const broken of BROKEN) {
  describe(`${broken.fixture}: ${broken.what}`, () => {
    const adapter = `module:test/fixtures/adapters/${broken.fixture}.ts`;

    const gherkinOnly =
      broken.caughtByScenario === undefined
        ? 'passes every scenario of its mode: the Gherkin suite alone cannot reject it'
        : `fails only the scenario "${broken.caughtByScenario}"`;
    it(gherkinOnly, async () => {
      const out = await mkdtemp(join(tmpdir(), 'switchboard-gherkin-only-'));
      const run = await switchboard(['certify', '--adapter', adapter, '--mode', broken.mode, '--out', out, '--no-properties']);
      const certificate = await certificateIn(out);
      // Without the property run nothing better than incomplete can be said of an adapter the scenarios pass.
      assert.equal(run.code, broken.caughtByScenario === undefined ? 3 : 1, run.stdout + run.stderr);
      assert.equal(certificate.verdict, broken.caughtByScenario === undefined ? 'incomplete' : 'not-conformant');
      assert.deepEqual(
        certificate.failures.map((f) => f.scenario),
        broken.caughtByScenario === undefined ? [] : [broken.caughtByScenario],
      );
      assert.equal(certificate.propertyRun, null);
      assert.deepEqual(certificate.properties, []);
    });

    it(`is caught by the property run (${broken.breaks}), shrunk, written out, and replays with the command the certificate gives`, async () => {
      const out = await mkdtemp(join(tmpdir(), 'switchboard-properties-'));
      const run = await switchboard([
        'certify',
        '--adapter',
        adapter,
        '--mode',
        broken.mode,
        '--out',
        out,
        '--no-scenarios',
        '--seed',
        String(broken.seed),
        '--runs',
        '1000',
      ]);
      assert.equal(run.code, 1, run.stdout + run.stderr);
      assert.match(run.stdout, new RegExp(`Property run: seed ${broken.seed}`));
      const certificate = await certificateIn(out);
      assert.equal(certificate.verdict, 'not-conformant');
      assert.deepEqual(certificate.seeds, { properties: broken.seed });
      const failed = certificate.properties.filter((p) => p.status === 'failed');
      assert.deepEqual(
        failed.map((p) => p.id),
        [broken.breaks],
        JSON.stringify(failed, null, 2),
      );
      const property = failed[0];
      assert.ok(property?.counterexample !== null && property?.counterexample !== undefined);
      const counterexample = property.counterexample;
      assert.ok(counterexample.shrinks > 0, 'shrunk');
      assert.ok(counterexample.commands.length <= 8, `shrunk to a few commands, got:\n${counterexample.commands.join('\n')}`);
      assert.equal(counterexample.reproduced, true);
      // Replayed 5 times on its own (decision 0023): these bugs do not depend on timing.
      assert.equal(counterexample.replays, 5);
      assert.equal(counterexample.reproductions, 5);
      assert.equal(certificate.requirements.find((r) => r.id === broken.breaks)?.status, 'failed');

      // The counterexample written out: readable, a scenario in Gherkin, a simulator script.
      const text = await readFile(join(out, counterexample.files.text), 'utf8');
      assert.match(text, new RegExp(`${broken.breaks} failed`));
      assert.ok(text.includes(property.replayCommand ?? '(none)'));
      const feature = await readFile(join(out, counterexample.files.feature), 'utf8');
      const document = new Parser(new AstBuilder(IdGenerator.incrementing()), new GherkinClassicTokenMatcher()).parse(feature);
      assert.equal(document.feature?.children.length, 1);
      assert.match(feature, /Given the switch has extensions 8808 and 8809/);
      assert.match(feature, /And a CSR monitors extension 8808/);
      const script = parseScript(await readFile(join(out, counterexample.files.script), 'utf8'), counterexample.files.script);
      assert.equal(script.version, 1);
      assert.ok(JSON.parse(await readFile(join(out, counterexample.files.trace), 'utf8')).length > 0);

      // The replay command, as printed, in another folder.
      const replayOut = await mkdtemp(join(tmpdir(), 'switchboard-replay-'));
      const words = shellWords(property.replayCommand ?? '');
      assert.deepEqual(words.slice(0, 3), ['npx', 'switchboard', 'certify']);
      const args = words.slice(2);
      args[args.indexOf('--out') + 1] = replayOut;
      const replay = await switchboard(args);
      assert.equal(replay.code, 1, replay.stdout + replay.stderr);
      const replayed = await certificateIn(replayOut);
      assert.equal(replayed.propertyRun?.path, counterexample.path);
      assert.deepEqual(
        replayed.properties.filter((p) => p.status === 'failed').map((p) => p.id),
        [broken.breaks],
      );
    });
  });
}
