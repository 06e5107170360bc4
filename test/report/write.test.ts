import assert from 'node:assert/strict';
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Certificate } from '../../src/report/certificate.ts';
import { CertificateSchema, checkCertificate } from '../../src/report/certificate-schema.ts';
import { ReportError } from '../../src/report/errors.ts';
import type { RunSummary } from '../../src/report/messages.ts';
import { writeReports } from '../../src/report/write.ts';
import { REPLAY, certify } from './certificate-input.ts';
import { CALLS_URI, fixtureRun, removeFixtureRun } from './fixture-run.ts';

const TRACE = 'traces/test-report-fixtures-features-calls--the-answered-call-is-established.json';

describe('report files', () => {
  let summary: RunSummary;
  let certificate: Certificate;
  let outDir: string;
  let files: readonly string[];
  before(async () => {
    summary = (await fixtureRun()).summary;
    certificate = certify(summary);
    outDir = await mkdtemp(join(tmpdir(), 'switchboard-reports-'));
    ({ files } = await writeReports(outDir, certificate, summary));
  });
  after(async () => {
    await rm(outDir, { recursive: true, force: true });
    await removeFixtureRun();
  });

  it('writes the certificate, its readable report, the transcripts and one trace per failed scenario with a trace', async () => {
    const blocked = 'traces/test-report-fixtures-features-calls--a-call-the-switch-refuses-to-place.json';
    const svg = (path: string): string => path.replace(/\.json$/, '.svg');
    assert.deepEqual(files, ['certificate.json', 'certificate.md', 'transcripts.json', TRACE, svg(TRACE), blocked, svg(blocked)]);
    assert.deepEqual((await readdir(join(outDir, 'traces'))).sort(), [blocked, svg(blocked), TRACE, svg(TRACE)].map((p) => p.slice('traces/'.length)).sort());
    // Each trace's sequence diagram beside it: the missing expectation drawn last, in red.
    const diagram = await readFile(join(outDir, svg(TRACE)), 'utf8');
    assert.match(diagram, /^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
    assert.match(diagram, /✘ expected, missing: Then the desktop gets an Established within the deadline/);
  });

  it('writes certificate.json that matches the schema, in the schema key order', async () => {
    const parsed: unknown = JSON.parse(await readFile(join(outDir, 'certificate.json'), 'utf8'));
    const checked = checkCertificate(parsed);
    assert.ok(checked.ok);
    assert.deepEqual(checked.value, certificate);
    // In the schema's order; an optional field (wireLog) only when the run had it.
    const keys = Object.keys(checked.value);
    assert.deepEqual(
      keys,
      Object.keys(CertificateSchema.properties).filter((key) => keys.includes(key)),
    );
    for (const key of CertificateSchema.required ?? []) assert.ok(keys.includes(key), `${key} is required`);
  });

  it('writes the same bytes whatever order the certificate keys were built in', async () => {
    const reversed = Object.fromEntries(Object.entries(certificate).reverse());
    const checked = checkCertificate(reversed);
    assert.ok(checked.ok);
    const other = await mkdtemp(join(tmpdir(), 'switchboard-reports-'));
    try {
      await writeReports(other, checked.value, summary);
      assert.equal(await readFile(join(other, 'certificate.json'), 'utf8'), await readFile(join(outDir, 'certificate.json'), 'utf8'));
    } finally {
      await rm(other, { recursive: true, force: true });
    }
  });

  it('writes certificate.md with the verdict, the requirement matrix and each failure with its trace file', async () => {
    const md = await readFile(join(outDir, 'certificate.md'), 'utf8');
    assert.match(md, /\*\*Verdict: ❌ NOT CONFORMANT\*\* for Simple telephony/);
    assert.match(md, /\| Features hash \| `sha256:0f3a9c1de2b7` \|/);
    assert.match(md, /\| Suite \| switchboard 0\.1\.0 \|/);
    assert.match(
      md,
      /\| \[OCTI-CALL-001\]\(https:[^)]+\) \| ✅ passed \| ✅ A queued call pops one Offering \(test\/report\/fixtures\/features\/calls\.feature:5\) \|/,
    );
    assert.match(md, /\| \[OCTI-CALL-002\]\([^)]+\) \| ◌ not judged: no scenario of the suite proves it in this mode \| — \|/);
    assert.match(md, /\| \[OCTI-CALL-007\]\([^)]+\) \| ⛔ blocked: "A call the switch refuses to place" .* \| ⛔ A call the switch refuses to place/);
    assert.match(md, /### ❌ The answered call is Established\n/);
    assert.match(md, /- Evidence against: OCTI-CALL-003, OCTI-CALL-006\n/);
    assert.match(md, /### ⛔ A call the switch refuses to place\n\n- Blocked \(failed in set-up, before reaching what it proves\): OCTI-CALL-007\n/);
    assert.match(md, /^- 4 requirements failed: OCTI-CALL-003 /m);
    assert.match(md, new RegExp(`- Scenario: \`${CALLS_URI}:10\``));
    assert.match(md, /- Failing step: `Then the desktop gets an Established within the deadline`/);
    assert.match(md, /expected an Established for extension 8808 within 200 ms, got none \(saw: Offering\)/);
    assert.ok(md.includes(`- Trace: [${TRACE}](${TRACE})`));
    assert.ok(md.includes(REPLAY));
  });

  it('escapes a pipe in a scenario name inside the requirement matrix', async () => {
    const md = await readFile(join(outDir, 'certificate.md'), 'utf8');
    assert.ok(md.includes('Two calls in a row \\| are two pops'));
  });

  it('writes the attached trace, pretty-printed, as the trace file', async () => {
    const text = await readFile(join(outDir, TRACE), 'utf8');
    assert.deepEqual(JSON.parse(text), { events: [{ at: 0, kind: 'cti', event: 'Delivered', extension: 8808 }] });
    assert.ok(text.includes('\n  "events": ['));
  });

  it('refuses to write a certificate that does not match its schema, and writes nothing', async () => {
    const bad = { ...certificate, scenarios: { ...certificate.scenarios, total: -1 } };
    const other = await mkdtemp(join(tmpdir(), 'switchboard-reports-'));
    try {
      await assert.rejects(
        writeReports(other, bad, summary),
        (error: unknown) => error instanceof ReportError && error.code === 'certificate-invalid' && error.message.includes('certificate.scenarios.total'),
      );
      assert.deepEqual(await readdir(other), []);
    } finally {
      await rm(other, { recursive: true, force: true });
    }
  });
});
