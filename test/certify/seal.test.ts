/**
 * A certificate others can trust (decision 0030): the seal names every report file and certificate
 * field that was changed after the run, `verify --offline` checks it without running anything, and a
 * signed certificate verifies with its public key and with no other.
 */
import assert from 'node:assert/strict';
import { appendFile, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import { main } from '../../src/cli/main.ts';
import { CertificateSchema } from '../../src/report/certificate-schema.ts';
import { sealReports } from '../../src/report/seal.ts';
import { capture, certificateIn, certify, copyOf, editJson, ROOT } from './support/certify-run.ts';

async function switchboard(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const stdout = capture();
  const stderr = capture();
  const code = await main(args, { stdout: stdout.stream, stderr: stderr.stream, env: {}, cwd: ROOT });
  return { code, stdout: stdout.text(), stderr: stderr.text() };
}

/** One changed byte in the middle of the file. */
async function flipByte(path: string): Promise<void> {
  const bytes = await readFile(path);
  const at = Math.floor(bytes.length / 2);
  bytes[at] = (bytes[at] ?? 0) ^ 0x01;
  await writeFile(path, bytes);
}

describe('the sealed report folder', () => {
  let keys: string;
  let signed: string;
  before(async () => {
    keys = await mkdtemp(join(tmpdir(), 'switchboard-keys-'));
    assert.equal((await switchboard('keygen', '--out', keys)).code, 0);
    // A failing scenario, so the folder has a trace as well as every report.
    const run = await certify(
      '--adapter',
      'module:test/fixtures/adapters/drops-caller-number.ts',
      '--mode',
      'simple',
      '--name',
      "^A queue call pops the caller's number",
      '--sign-key',
      join(keys, 'switchboard-signing.key'),
    );
    assert.equal(run.code, 1, run.stdout + run.stderr);
    signed = run.out;
  });

  it('lists every file of the folder with its digest, and verifies offline and with its public key', async () => {
    const certificate = await certificateIn(signed);
    const files = certificate.integrity?.files.map((f) => f.path) ?? [];
    for (const expected of ['certificate.md', 'cucumber.html', 'cucumber.ndjson', 'junit.xml', 'transcripts.json'])
      assert.ok(files.includes(expected), expected);
    assert.ok(
      files.some((f) => f.startsWith('traces/')),
      files.join(', '),
    );
    assert.equal(certificate.integrity?.signature?.algorithm, 'ed25519');
    const offline = await switchboard('verify', '--offline', signed);
    assert.equal(offline.code, 0, offline.stdout + offline.stderr);
    assert.match(
      offline.stdout,
      /^✔ SEALED: every one of the \d+ files and every field is as the certificate sealed it \(not-conformant; signed by key sha256:[0-9a-f]{64}/,
    );
    const withKey = await switchboard('verify', '--offline', join(signed, 'certificate.json'), '--public-key', join(keys, 'switchboard-signing.pub'));
    assert.equal(withKey.code, 0, withKey.stdout + withKey.stderr);
    assert.match(withKey.stdout, /signature verified: key sha256:/);
  });

  it('names any report file with one changed byte, a missing one and one added after the run', async () => {
    const certificate = await certificateIn(signed);
    for (const file of certificate.integrity?.files ?? []) {
      const copy = await copyOf(signed);
      await flipByte(join(copy, file.path));
      const run = await switchboard('verify', '--offline', copy);
      assert.equal(run.code, 1, `${file.path}: ${run.stdout}`);
      assert.ok(run.stdout.includes(`  ${file.path}: changed since the certificate sealed it`), run.stdout);
      await rm(copy, { recursive: true });
    }
    const copy = await copyOf(signed);
    await rm(join(copy, 'junit.xml'));
    await writeFile(join(copy, 'notes.txt'), 'added later\n');
    const run = await switchboard('verify', '--offline', copy);
    assert.equal(run.code, 1);
    assert.match(run.stdout, /junit\.xml: missing \(the certificate sealed it\)/);
    assert.match(run.stdout, /notes\.txt: not sealed by the certificate \(added after the run\)/);
  });

  it('names any certificate field that was edited, and an edited seal', async () => {
    const edits: [string, (c: Record<string, any>) => void][] = [
      ['verdict', (c) => (c['verdict'] = 'conformant')],
      ['timings', (c) => (c['timings'].startedAt = '2025-01-01T00:00:00.000Z')],
      ['scenarios', (c) => (c['scenarios'].passed += 1)],
      ['propertyRun', (c) => (c['propertyRun'] = { seed: 1 })],
      ['requirements', (c) => (c['requirements'][0].status = 'passed')],
      // An optional field the run did not write, added afterwards, is an edit too.
      ['wireLog', (c) => (c['wireLog'] = { file: 'wire.jsonl', frames: 0, bytes: 0, cut: false })],
    ];
    for (const [field, edit] of edits) {
      const copy = await copyOf(signed);
      await editJson(join(copy, 'certificate.json'), edit);
      const run = await switchboard('verify', '--offline', copy);
      // A field edited into something no certificate can be is refused as not a certificate; any other edit is named.
      assert.notEqual(run.code, 0, field);
      assert.ok(
        run.stdout.includes(`certificate field ${field}: changed since it was sealed`) || run.stderr.includes(`certificate.${field}`),
        `${field}: ${run.stdout}${run.stderr}`,
      );
    }
    // Every field the certificate has (an optional one it left out, wireLog here, has none).
    const sealed = await certificateIn(signed);
    const every = Object.keys(CertificateSchema.properties).filter((k) => k !== 'integrity' && k in sealed);
    assert.ok(!('wireLog' in sealed));
    assert.deepEqual(Object.keys(sealed.integrity?.fields ?? {}).sort(), [...every].sort(), 'every field has its digest');
    const seal = await copyOf(signed);
    await editJson(join(seal, 'certificate.json'), (c) => (c['integrity'].files = c['integrity'].files.slice(1)));
    const run = await switchboard('verify', '--offline', seal);
    assert.equal(run.code, 1);
    assert.match(run.stdout, /not sealed by the certificate|its seal, integrity, was edited/);
  });

  it('fails with another public key, and when the certificate was sealed again without the signing key', async () => {
    const others = await mkdtemp(join(tmpdir(), 'switchboard-keys-'));
    await switchboard('keygen', '--out', others);
    const wrong = await switchboard('verify', '--offline', signed, '--public-key', join(others, 'switchboard-signing.pub'));
    assert.equal(wrong.code, 1);
    assert.match(wrong.stdout, /the certificate was signed by key sha256:[0-9a-f]{64}, not by the one given/);
    assert.match(wrong.stdout, /certificate\.sig: the signature does not verify with the key given/);
    // Whoever edits and reseals the folder without the private key cannot make the signature match.
    const forged = await copyOf(signed);
    const certificate = await certificateIn(forged);
    await sealReports(forged, { ...certificate, verdict: 'conformant', integrity: null });
    await appendFile(join(forged, 'certificate.sig'), '');
    const run = await switchboard('verify', '--offline', forged, '--public-key', join(keys, 'switchboard-signing.pub'));
    assert.equal(run.code, 1, run.stdout);
    assert.match(run.stdout, /the certificate is not signed, but a public key was given/);
  });

  it('never writes the signing key or its text into a report or the output', async () => {
    const key = (await readFile(join(keys, 'switchboard-signing.key'), 'utf8')).split('\n').filter((l) => l !== '' && !l.startsWith('-----'));
    const certificate = await certificateIn(signed);
    for (const file of ['certificate.json', ...(certificate.integrity?.files.map((f) => f.path) ?? [])]) {
      const text = await readFile(join(signed, file), 'utf8');
      for (const line of key) assert.ok(!text.includes(line), `${file} holds the key`);
    }
  });

  it('refuses a key that is not one, naming the file and never its content', async () => {
    const bad = join(keys, 'not-a-key.pem');
    await writeFile(bad, 'hello\n');
    const run = await certify('--adapter', 'reference', '--mode', 'simple', '--name', 'NOTHING', '--sign-key', bad);
    assert.equal(run.code, 2);
    assert.match(run.stderr, /--sign-key .*not-a-key\.pem is not a private key in PEM \(PKCS#8\): make one with `switchboard keygen`/);
    const keygenAgain = await switchboard('keygen', '--out', keys);
    assert.equal(keygenAgain.code, 2);
    assert.match(keygenAgain.stderr, /exists: keygen never overwrites a key/);
  });
});
