/**
 * Whether the container tests can run here, and the handles they share. They need a Docker engine
 * that answers and the images `npm run images` builds. Without them a test is skipped saying why
 * and how to enable it, except under CI (CI=true), where it fails: CI must run them (.ci/run starts
 * an engine and builds the images).
 */
import assert from 'node:assert/strict';
import { test, type TestContext } from 'node:test';
import type { ContainerRuntimeClient } from 'testcontainers';
import { imageTag, RUNTIME_NAME } from '../../../containers/build-images.ts';
import { CONTAINER_LABELS } from '../../../src/harness/drivers/image.ts';

// No reaper (its image cannot be pulled here: the tests remove what they start), and no lookup of
// the bridge gateway (the tests only use host networking and loopback).
process.env['TESTCONTAINERS_RYUK_DISABLED'] ??= 'true';
process.env['TESTCONTAINERS_HOST_OVERRIDE'] ??= 'localhost';

export const IMAGES = {
  runtime: `${RUNTIME_NAME}:dev`,
  referenceAdapter: imageTag('reference-adapter'),
  simulator: imageTag('simulator'),
} as const;

const IN_CI = process.env['CI'] === 'true';
const HOW = 'start a Docker engine (as root: `dockerd &`; `bash .ci/run` does it), then `npm run images`';

type Probe = { readonly kind: 'ready'; readonly client: ContainerRuntimeClient } | { readonly kind: 'unavailable'; readonly why: string };

async function probe(): Promise<Probe> {
  const { getContainerRuntimeClient, ImageName } = await import('testcontainers');
  let client: ContainerRuntimeClient;
  try {
    client = await getContainerRuntimeClient();
  } catch (error) {
    return { kind: 'unavailable', why: `no Docker engine answers (${error instanceof Error ? error.message : String(error)})` };
  }
  const missing: string[] = [];
  for (const image of Object.values(IMAGES)) {
    if (!(await client.image.exists(ImageName.fromString(image)))) missing.push(image);
  }
  if (missing.length > 0) return { kind: 'unavailable', why: `the images ${missing.join(', ')} are not built` };
  return { kind: 'ready', client };
}

const state = await probe();

/** A test that needs the engine and the images: skipped outside CI when they are missing, failed in CI. */
export function containerTest(name: string, body: (t: TestContext, client: ContainerRuntimeClient) => Promise<void>): void {
  const skip = state.kind === 'unavailable' && !IN_CI ? `container test skipped: ${state.why}; to run it, ${HOW}` : false;
  test(name, { skip }, async (t) => {
    if (state.kind === 'unavailable') assert.fail(`CI=true, but ${state.why}: the container tests must run in CI; ${HOW}`);
    await body(t, state.client);
  });
}

/** Containers, running or not, that the harness started for the process `pid`. */
export async function adapterContainersOf(client: ContainerRuntimeClient, pid: number): Promise<string[]> {
  const found = await client.container.dockerode.listContainers({ all: true, filters: { label: [`${CONTAINER_LABELS.harnessPid}=${pid}`] } });
  return found.map((c) => c.Id);
}
