/**
 * Scale-out: `certify --shard i/n` runs a deterministic slice, each shard as its own process (as a CI
 * matrix runs them), and `switchboard merge` of every shard gives the reports and the verdict of a
 * single run — for a conformant adapter and for one that fails — and refuses folders that are not
 * every shard of one run.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, readFile, readdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import { main } from '../../src/cli/main.ts';
import type { Certificate } from '../../src/report/certificate.ts';
import { sealReports } from '../../src/report/seal.ts';
import { capture, certificateIn, certify, copyOf, editJson, ROOT } from './support/certify-run.ts';

/** A certify run in a process of its own, like one job of a CI matrix. */
function certifyShard(out: string, args: readonly string[]): Promise<{ code: number | null; output: string }> {
  const cli = spawn(process.execPath, ['bin/switchboard.mjs', 'certify', '--out', out, ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  cli.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  cli.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  return new Promise((resolve) => cli.once('exit', (code) => resolve({ code, output })));
}

/** Every shard of one run, two at a time (the machine has two cores). */
async function shards(total: number, args: readonly string[]): Promise<{ dirs: string[]; codes: (number | null)[] }> {
  const root = await mkdtemp(join(tmpdir(), 'switchboard-shards-'));
  const dirs = Array.from({ length: total }, (_, i) => join(root, `shard-${i + 1}`));
  const codes: (number | null)[] = [];
  for (let i = 0; i < total; i += 2) {
    const batch = await Promise.all(dirs.slice(i, i + 2).map((dir, j) => certifyShard(dir, [...args, '--shard', `${i + j + 1}/${total}`])));
    for (const run of batch) assert.notEqual(run.code, 2, run.output);
    codes.push(...batch.map((run) => run.code));
  }
  return { dirs, codes };
}

async function merge(...args: string[]): Promise<{ code: number; stdout: string; stderr: string; out: string }> {
  const out = args.includes('--out') ? (args[args.indexOf('--out') + 1] ?? '') : await mkdtemp(join(tmpdir(), 'switchboard-merged-'));
  const stdout = capture();
  const stderr = capture();
  const code = await main(['merge', ...args, ...(args.includes('--out') ? [] : ['--out', out])], {
    stdout: stdout.stream,
    stderr: stderr.stream,
    env: {},
    cwd: ROOT,
  });
  return { code, stdout: stdout.text(), stderr: stderr.text(), out };
}

/**
 * What a merged certificate must share with the single run's: all but when it ran and how it was
 * cut (a failure's message stamps each event with its time, which no two runs share), and what the
 * lab measured of its own lateness (decision 0023), which no two runs share either.
 */
function judged(certificate: Certificate): unknown {
  const { timings: _timings, replayCommand: _replay, mergedShards: _merged, integrity: _sealed, propertyRun, properties, failures, ...rest } = certificate;
  // How far a run explores in its time budget depends on the machine (so do the faults applied and the combinations reached): the seed and the outcomes do not.
  return {
    ...rest,
    failures: failures.map((f) => ({ ...f, message: f.message.replace(/@[\d.]+ms/g, '@…ms') })),
    propertyRun: propertyRun === null ? null : { ...propertyRun, durationMs: 0, sequences: 0, faultsApplied: {}, coverage: undefined, calibration: undefined },
    properties: properties.map((p) => ({ ...p, runs: 0 })),
  };
}

function testcases(xml: string): string[] {
  return [...xml.matchAll(/<testcase classname="([^"]*)" name="([^"]*)"/g)].map((m) => `${m[1]} / ${m[2]}`).sort();
}

const FIXTURES = join(ROOT, 'test/fixtures/adapters');

describe('certify --shard and merge', () => {
  // The whole property run (its default time budget): only a merge of every shard can be conformant.
  const args = ['--adapter', 'reference', '--mode', 'simple', '--seed', '11'];
  let whole: string;
  let sharded: { dirs: string[]; codes: (number | null)[] };
  let merged: Awaited<ReturnType<typeof merge>>;
  before(async () => {
    const single = await mkdtemp(join(tmpdir(), 'switchboard-whole-'));
    const run = await certifyShard(single, args);
    assert.equal(run.code, 0, run.output);
    whole = single;
    sharded = await shards(3, args);
    merged = await merge(...sharded.dirs);
  });

  it('deals every scenario of the mode to exactly one shard, and only the last shard runs the property run', async () => {
    const certificates = await Promise.all(sharded.dirs.map(certificateIn));
    const names = certificates.flatMap((c) => c.transcripts.scenarios.map((s) => `${s.uri}:${s.line}`));
    const single = await certificateIn(whole);
    assert.deepEqual([...names].sort(), single.transcripts.scenarios.map((s) => `${s.uri}:${s.line}`).sort());
    assert.equal(new Set(names).size, names.length, 'a scenario ran in two shards');
    assert.deepEqual(
      certificates.map((c) => [c.verdict, c.shard?.index, c.shard?.total, c.propertyRun === null]),
      [
        ['incomplete', 1, 3, true],
        ['incomplete', 2, 3, true],
        ['incomplete', 3, 3, false],
      ],
    );
    assert.deepEqual(sharded.codes, [3, 3, 3]);
    assert.ok(
      certificates.every(
        (c) => c.verdictReasons[0] === `shard ${c.shard?.index} of 3: only \`switchboard merge\` of every shard's reports judges the whole run`,
      ),
    );
  });

  it('merges into the certificate, transcripts and JUnit report of the single run', async () => {
    assert.equal(merged.code, 0, merged.stdout + merged.stderr);
    assert.match(
      merged.stdout,
      /✔ CONFORMANT: every one of the \d+ requirements of the mode was judged with full evidence and passed\nmerged {7}from 3 shards/,
    );
    const [single, union] = await Promise.all([certificateIn(whole), certificateIn(merged.out)]);
    assert.deepEqual(judged(union), judged(single));
    assert.equal(union.mergedShards, 3);
    assert.equal(union.verdict, 'conformant');
    assert.equal(union.replayCommand, 'npx switchboard certify --adapter reference --mode simple --seed 11');
    assert.equal(await readFile(join(merged.out, 'transcripts.json'), 'utf8'), await readFile(join(whole, 'transcripts.json'), 'utf8'));
    const [singleXml, unionXml] = await Promise.all([readFile(join(whole, 'junit.xml'), 'utf8'), readFile(join(merged.out, 'junit.xml'), 'utf8')]);
    assert.deepEqual(testcases(unionXml), testcases(singleXml));
    // The scenarios, the verdict and one test case per invariant.
    assert.match(
      unionXml,
      new RegExp(
        `<testsuite name="switchboard simple reference" time="[\\d.]+" tests="${single.scenarios.total + 1 + single.properties.length}" skipped="0" failures="0" errors="0"`,
      ),
    );
  });

  it('renders the merged messages through the official HTML formatter, every scenario in it', async () => {
    const html = await readFile(join(merged.out, 'cucumber.html'), 'utf8');
    const single = await certificateIn(whole);
    assert.equal(html.match(/\{"testCaseFinished":/g)?.length, single.scenarios.total + 1 + single.properties.length);
    assert.equal(html.match(/\{"testRunStarted":/g)?.length, 1);
    assert.equal(html.match(/\{"testRunFinished":\{"timestamp":\{[^}]*\},"success":true/g)?.length, 1);
  });

  it('a shard certificate verifies by re-running its own slice, a merged one by re-running the whole', async () => {
    for (const certificate of [join(sharded.dirs[0] ?? '', 'certificate.json'), join(merged.out, 'certificate.json')]) {
      const stdout = capture();
      const stderr = capture();
      const out = await mkdtemp(join(tmpdir(), 'switchboard-reverify-'));
      const code = await main(['verify', certificate, '--out', out], { stdout: stdout.stream, stderr: stderr.stream, env: {}, cwd: ROOT });
      assert.equal(code, 0, stdout.text() + stderr.text());
      assert.match(stdout.text(), /MATCHES/);
    }
  });

  it("carries each shard's adapter log and the last shard's counterexamples over, and clears what an earlier merge left", async () => {
    const [one, two, three] = await Promise.all(sharded.dirs.map(copyOf));
    await writeFile(join(two ?? '', 'adapter-process.log'), 'shard two was here\n');
    await mkdir(join(three ?? '', 'counterexamples'), { recursive: true });
    await writeFile(join(three ?? '', 'counterexamples', 'OCTI-PROP-001.txt'), 'a counterexample\n');
    // As runs that wrote those files would have sealed them.
    for (const dir of [two ?? '', three ?? '']) await sealReports(dir, { ...(await certificateIn(dir)), integrity: null });
    const out = await mkdtemp(join(tmpdir(), 'switchboard-merged-'));
    await mkdir(join(out, 'traces'), { recursive: true });
    await writeFile(join(out, 'traces', 'stale.json'), '{}');
    await mkdir(join(out, 'shard-logs'), { recursive: true });
    await writeFile(join(out, 'shard-logs', 'shard-9.log'), 'stale\n');
    const again = await merge(one ?? '', two ?? '', three ?? '', '--out', out);
    assert.equal(again.code, 0, again.stdout + again.stderr);
    assert.deepEqual(await readdir(join(out, 'shard-logs')), ['shard-2.log']);
    assert.equal(await readFile(join(out, 'shard-logs', 'shard-2.log'), 'utf8'), 'shard two was here\n');
    assert.deepEqual(await readdir(join(out, 'counterexamples')), ['OCTI-PROP-001.txt']);
    await assert.rejects(readdir(join(out, 'traces')), { code: 'ENOENT' });
  });

  it('refuses a missing shard, a shard given twice and a whole run, naming what is wrong (exit 2)', async () => {
    const [one, two, three] = sharded.dirs as [string, string, string];
    const missing = await merge(one, three);
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /shard 2\/3 missing: a merge needs all 3 shards/);
    const twice = await merge(one, two, two, three);
    assert.match(twice.stderr, /are both shard 2\/3: give each shard's folder once/);
    const single = await merge(one, two, whole);
    assert.match(single.stderr, /holds the certificate of a whole run, not of a shard/);
    const intoShard = await merge(one, two, three, '--out', three);
    assert.equal(intoShard.code, 2);
    assert.match(intoShard.stderr, /is one of the shard folders: merging would overwrite a shard's evidence/);
  });

  it('refuses a merge without folders, without --out, or of a folder that holds no certificate (exit 2)', async () => {
    const run = async (...args: string[]): Promise<{ code: number; stderr: string }> => {
      const stderr = capture();
      const code = await main(['merge', ...args], { stdout: capture().stream, stderr: stderr.stream, env: {}, cwd: ROOT });
      return { code, stderr: stderr.text() };
    };
    const none = await run('--out', 'reports/merged');
    assert.equal(none.code, 2);
    assert.match(none.stderr, /merge needs the report folder of every shard/);
    const noOut = await run(...sharded.dirs);
    assert.equal(noOut.code, 2);
    assert.match(noOut.stderr, /--out is missing: expected the folder the merged reports go to/);
    const empty = await mkdtemp(join(tmpdir(), 'switchboard-not-a-shard-'));
    const nothing = await merge(empty);
    assert.equal(nothing.code, 2);
    assert.match(nothing.stderr, /cannot read the certificate .*certificate\.json/);
  });

  it('refuses a shard whose files or certificate were edited after its run, naming what changed (exit 2)', async () => {
    const [one, two, three] = sharded.dirs as [string, string, string];
    const edited = await copyOf(two);
    await writeFile(
      join(edited, 'cucumber.ndjson'),
      (await readFile(join(edited, 'cucumber.ndjson'), 'utf8')).replace('"status":"PASSED"', '"status":"FAILED"'),
    );
    const run = await merge(one, edited, three);
    assert.equal(run.code, 2);
    assert.match(run.stderr, /is not the shard its certificate sealed: cucumber\.ndjson: changed since the certificate sealed it/);
    const field = await copyOf(two);
    await editJson(join(field, 'certificate.json'), (c) => {
      c['mode'] = 'full';
    });
    assert.match((await merge(one, field, three)).stderr, /certificate field mode: changed since it was sealed/);
  });

  it('refuses shards of different runs: another mode, another adapter, another cut, another seed (exit 2)', async () => {
    const [one, two, three] = sharded.dirs as [string, string, string];
    // Each as a run of its own would have sealed it.
    const otherRun = async (edit: (c: Record<string, any>) => void): Promise<string> => {
      const copy = await copyOf(two);
      await editJson(join(copy, 'certificate.json'), edit);
      await sealReports(copy, { ...(await certificateIn(copy)), integrity: null });
      return copy;
    };
    const otherMode = await otherRun((c) => {
      c['mode'] = 'full';
    });
    assert.match((await merge(one, otherMode, three)).stderr, /are not shards of one run: their modes differ \("full" vs "simple"\)/);
    const otherAdapter = await otherRun((c) => {
      c['adapter'].identity.hash = 'sha256:0';
    });
    assert.match((await merge(one, otherAdapter, three)).stderr, /their adapters differ/);
    const otherCut = await otherRun((c) => {
      c['shard'].total = 2;
    });
    assert.match((await merge(one, otherCut, three)).stderr, /their shard totals differ \(2 vs 3\)/);
    const otherSeed = await otherRun((c) => {
      c['seeds'] = { properties: 12 };
    });
    assert.match((await merge(one, otherSeed, three)).stderr, /their seeds differ \(.*\): give every shard the same --seed/);
    const notMessages = await copyOf(two);
    await writeFile(join(notMessages, 'cucumber.ndjson'), '["not", "an envelope"]\n');
    await sealReports(notMessages, { ...(await certificateIn(notMessages)), integrity: null });
    const garbled = await merge(one, notMessages, three);
    assert.equal(garbled.code, 2);
    assert.match(garbled.stderr, /cucumber\.ndjson line 1: expected an envelope object such as \{"pickle": \{…\}\}/);
  });

  it('a failing adapter: the shard that holds the failure exits 1, and the merge gives the single run its verdict and findings', async () => {
    const failing = ['--adapter', `module:${join(FIXTURES, 'drops-caller-number.ts')}`, '--mode', 'simple', '--no-properties'];
    const single = await certify(...failing.slice(0, -1));
    assert.equal(single.code, 1, single.stdout + single.stderr);
    const parts = await shards(2, failing);
    assert.ok(parts.codes.includes(1), `no shard failed: ${parts.codes.join(', ')}`);
    const union = await merge(...parts.dirs);
    assert.equal(union.code, 1, union.stdout + union.stderr);
    const [expected, actual] = await Promise.all([certificateIn(single.out), certificateIn(union.out)]);
    assert.equal(actual.verdict, 'not-conformant');
    assert.deepEqual(judged(actual), judged(expected));
    assert.deepEqual(await readdir(join(union.out, 'traces')), await readdir(join(single.out, 'traces')));
  });

  it('refuses a shard that is not one slice of a whole run (exit 2)', async () => {
    for (const [shard, expected] of [
      ['0/3', /--shard "0\/3": expected <index>\/<total> with 1 ≤ index ≤ total ≤ 1000/],
      ['4/3', /--shard "4\/3": expected/],
      ['two of three', /--shard "two of three": expected/],
    ] as const) {
      const run = await certify('--adapter', 'reference', '--mode', 'simple', '--shard', shard);
      assert.equal(run.code, 2);
      assert.match(run.stderr, expected);
    }
    const nothing = await certify('--adapter', 'reference', '--mode', 'simple', '--shard', '1/2', '--no-scenarios');
    assert.equal(nothing.code, 2);
    assert.match(nothing.stderr, /--shard deals out the scenarios, and --no-scenarios skips them/);
  });
});
