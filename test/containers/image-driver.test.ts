/**
 * `switchboard certify --adapter image:<name>`: the reference adapter's image certified conformant,
 * a broken adapter's image rejected naming the requirement it fails (positive control), the setup
 * errors (exit 2) for an image the engine lacks and one whose adapter exits, and the container
 * removed when the run ends or is interrupted. Needs an engine and `npm run images` (support/docker.ts).
 */
import assert from 'node:assert/strict';
import { copyFile, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ContainerRuntimeClient } from 'testcontainers';
import { LINK_CREDENTIALS } from '../../src/harness/lab.ts';
import { assertScenariosOnlyPassed, certificateIn, certify, certifyProcess, ROOT } from '../certify/support/certify-run.ts';
import { adapterContainersOf, containerTest, IMAGES } from './support/docker.ts';

async function imageId(client: ContainerRuntimeClient, image: string): Promise<string> {
  const { ImageName } = await import('testcontainers');
  return (await client.image.inspect(ImageName.fromString(image))).Id;
}

containerTest(
  'the reference adapter image is certified conformant for Simple telephony through image:, and its container is removed after the run',
  async (_t, client) => {
    const run = await certify('--adapter', `image:${IMAGES.referenceAdapter}`, '--mode', 'simple');
    const certificate = await certificateIn(run.out);
    // The scenarios only: every one passed, the invariants not judged (incomplete, exit 3).
    assertScenariosOnlyPassed(run, certificate);
    assert.equal(certificate.adapter.kind, 'image');
    assert.equal(certificate.adapter.identity['image'], IMAGES.referenceAdapter);
    assert.equal(certificate.adapter.identity['imageId'], await imageId(client, IMAGES.referenceAdapter));
    assert.match(certificate.adapter.identity['imageId'] ?? '', /^sha256:[0-9a-f]{64}$/);
    assert.equal(certificate.adapter.identity['name'], 'switchboard-reference-adapter');

    assert.deepEqual(await adapterContainersOf(client, process.pid), [], 'no container of this run is left, running or stopped');
    const text = await readFile(join(run.out, 'adapter-process.log'), 'utf8');
    const log = text
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { msg: string; url?: string });
    assert.match(
      log.find((l) => l.msg === 'Pega face listening')?.url ?? '',
      /^http:\/\/127\.0\.0\.1:\d+$/,
      'it served on the loopback port the harness gave it',
    );
    assert.ok(
      log.some((l) => l.msg === 'session opened'),
      "the adapter's own log lines are captured",
    );
    assert.ok(
      log.some((l) => l.msg === 'Pega face stopped'),
      'it was stopped gracefully (SIGTERM) and its last words were captured',
    );
    assert.ok(!text.includes(LINK_CREDENTIALS.password), 'no password in the captured output');
  },
);

containerTest(
  'a broken adapter image (the reference adapter dropping the caller number) is rejected through image: naming OCTI-CALL-001',
  async (t, client) => {
    const { GenericContainer } = await import('testcontainers');
    const context = await mkdtemp(join(tmpdir(), 'switchboard-broken-image-'));
    await copyFile(join(ROOT, 'test/containers/fixtures/serve-module.ts'), join(context, 'serve-module.ts'));
    await copyFile(join(ROOT, 'test/fixtures/adapters/drops-caller-number.ts'), join(context, 'drops-caller-number.ts'));
    await writeFile(
      join(context, 'Dockerfile'),
      [
        `FROM ${IMAGES.runtime}`,
        'COPY serve-module.ts /app/test/containers/fixtures/serve-module.ts',
        'COPY drops-caller-number.ts /app/test/fixtures/adapters/drops-caller-number.ts',
        'ENTRYPOINT ["/usr/local/bin/node", "--import", "tsx", "/app/test/containers/fixtures/serve-module.ts", "/app/test/fixtures/adapters/drops-caller-number.ts", "drops-caller-number"]',
        '',
      ].join('\n'),
    );
    const broken = 'switchboard-test/drops-caller-number:dev';
    await GenericContainer.fromDockerfile(context).build(broken, { deleteOnExit: false });
    t.after(() =>
      client.container.dockerode
        .getImage(broken)
        .remove({ force: true })
        .catch(() => undefined),
    );

    const run = await certify('--adapter', `image:${broken}`, '--mode', 'simple');
    assert.equal(run.code, 1, run.stdout + run.stderr);
    const certificate = await certificateIn(run.out);
    assert.equal(certificate.verdict, 'not-conformant');
    assert.equal(certificate.adapter.identity['name'], 'drops-caller-number');
    assert.equal(certificate.requirements.find((r) => r.id === 'OCTI-CALL-001')?.status, 'failed');
    assert.match(certificate.failures.find((f) => f.requirements.includes('OCTI-CALL-001'))?.message ?? '', /pyANI="16175551212"/);
    assert.match(run.stdout, /OCTI-CALL-001/);
    assert.deepEqual(await adapterContainersOf(client, process.pid), [], 'the container is removed after a failed run too');
  },
);

containerTest('an image the engine does not have is a setup error (exit 2) naming it; the harness never pulls', async (_t, client) => {
  const run = await certify('--adapter', 'image:switchboard-test/no-such-image:never', '--mode', 'simple');
  assert.equal(run.code, 2);
  assert.match(
    run.stderr,
    /image:switchboard-test\/no-such-image:never: the Docker engine has no image "switchboard-test\/no-such-image:never"; the harness never pulls: build it \(`npm run images`/,
  );
  assert.doesNotMatch(run.stdout, /Certifying/);
  assert.deepEqual(await adapterContainersOf(client, process.pid), []);
});

containerTest('an image whose adapter exits before answering /health is a setup error (exit 2) quoting what it printed', async (_t, client) => {
  // The runtime image alone runs `switchboard` without a command: it prints a usage error and exits 2.
  const run = await certify('--adapter', `image:${IMAGES.runtime}`, '--mode', 'simple', '--start-timeout-ms', '60000');
  assert.equal(run.code, 2);
  assert.match(
    run.stderr,
    /the container exited with code 2 before answering GET http:\/\/127\.0\.0\.1:\d+\/health; it printed:\n {2}\| switchboard: a command is missing/,
  );
  assert.match(run.stderr, /\(all its output: .*adapter-process\.log\)/);
  assert.deepEqual(await adapterContainersOf(client, process.pid), [], 'the exited container is removed');
});

containerTest('Ctrl-C during an image: run removes the container before the harness exits', async (_t, client) => {
  const out = await mkdtemp(join(tmpdir(), 'switchboard-image-sigint-'));
  const { cli, exited } = await certifyProcess(['--out', out, '--mode', 'simple', '--adapter', `image:${IMAGES.referenceAdapter}`]);
  const pid = cli.pid ?? 0;
  assert.equal((await adapterContainersOf(client, pid)).length, 1, 'the run started one container');
  cli.kill('SIGINT');
  // The run stops, writes what it has and exits 130, as a shell reports a SIGINT.
  assert.equal(await exited, 130, 'the harness stops on the signal');
  assert.deepEqual(await adapterContainersOf(client, pid), [], 'the container was removed before the harness exited');
  assert.ok((await readFile(join(out, 'adapter-process.log'), 'utf8')).includes('"msg":"Pega face listening"'), 'its output was captured');
});
