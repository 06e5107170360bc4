/** Under GitHub Actions, certify annotates each failure at its scenario and writes a step summary. */
import assert from 'node:assert/strict';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { main } from '../../src/cli/main.ts';
import { githubAnnotations, githubStepSummary } from '../../src/report/github.ts';
import { capture, ROOT } from '../certify/support/certify-run.ts';
import { certify, heldProperties } from './certificate-input.ts';
import { fixtureRun, removeFixtureRun } from './fixture-run.ts';

describe('GitHub Actions', () => {
  after(removeFixtureRun);

  it('annotates failed scenarios as errors and blocked ones as warnings, at their file and line, and the verdict once', async () => {
    const certificate = certify((await fixtureRun()).summary, { properties: heldProperties() });
    const lines = githubAnnotations(certificate);
    assert.ok(
      lines.includes(
        '::error file=test/report/fixtures/features/calls.feature,line=10,title=The answered call is Established — fails OCTI-CALL-003%2C OCTI-CALL-006::Then the desktop gets an Established within the deadline: expected an Established for extension 8808 within 200 ms, got none (saw: Offering)',
      ),
      lines.join('\n'),
    );
    assert.ok(
      lines.some((l) =>
        l.startsWith(
          '::warning file=test/report/fixtures/features/calls.feature,line=25,title=A call the switch refuses to place — blocked (OCTI-CALL-007)%3A failed in set-up::',
        ),
      ),
      lines.join('\n'),
    );
    assert.match(lines.at(-1) ?? '', /^::error title=Switchboard%3A not-conformant::✘ NOT CONFORMANT: 4 requirements failed/);
    assert.match(
      githubStepSummary(certificate),
      /^### ✘ NOT CONFORMANT: [^\n]*\n\nsimple telephony, adapter `reference`; requirements: [^\n]*\n\n\| Requirement \| Status \| Why \|/,
    );
  });

  it('certify prints them and appends the summary when GITHUB_ACTIONS is set, and not otherwise', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'switchboard-gha-'));
    const summary = join(dir, 'summary.md');
    const stdout = capture();
    const args = [
      'certify',
      '--adapter',
      'reference',
      '--mode',
      'simple',
      '--no-properties',
      '--name',
      "^A queue call pops the caller's number",
      '--out',
      join(dir, 'out'),
    ];
    const code = await main(args, {
      stdout: stdout.stream,
      stderr: capture().stream,
      env: { GITHUB_ACTIONS: 'true', GITHUB_STEP_SUMMARY: summary },
      cwd: ROOT,
    });
    assert.equal(code, 3);
    assert.match(stdout.text(), /^::warning title=Switchboard%3A incomplete::◐ INCOMPLETE: replay \(--name\)/m);
    assert.match(await readFile(summary, 'utf8'), /^### ◐ INCOMPLETE: replay \(--name\)/);
    const plain = capture();
    await main([...args.slice(0, -1), join(dir, 'plain')], { stdout: plain.stream, stderr: capture().stream, env: {}, cwd: ROOT });
    assert.doesNotMatch(plain.text(), /^::/m);
  });
});
