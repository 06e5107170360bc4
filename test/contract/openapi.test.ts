import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { test } from 'node:test';
import { parse } from 'yaml';
import type { TSchema } from '@sinclair/typebox';
import { ACTIVITY_NAMES, compile, compileTagged, formatIssues, HttpFaceSchemas, PegaEventSchemas } from '../../src/contract/index.ts';
import { OPENAPI_FILE, renderOpenApi } from '../../src/contract/pega/write-openapi.ts';

const checkPegaEvent = compileTagged('pyEventType', PegaEventSchemas);

test('the published OpenAPI document is the one the face schemas generate', async () => {
  const committed = await readFile(OPENAPI_FILE, 'utf8');
  assert.equal(committed, renderOpenApi(), 'docs/pega-face.openapi.yaml is stale: run npx tsx src/contract/pega/write-openapi.ts');
});

test('the OpenAPI document describes every route, the event webhook, every activity and every Pega event', () => {
  const document = parse(renderOpenApi()) as {
    openapi: string;
    paths: Record<string, Record<string, unknown>>;
    webhooks: Record<string, unknown>;
    components: { schemas: Record<string, { anyOf?: { const: string }[] }> };
  };
  assert.equal(document.openapi, '3.1.0');
  assert.deepEqual(Object.keys(document.paths['/health'] ?? {}), ['get']);
  assert.deepEqual(Object.keys(document.paths['/sessions'] ?? {}), ['post']);
  assert.deepEqual(Object.keys(document.paths['/sessions/{sessionId}'] ?? {}), ['delete']);
  assert.deepEqual(Object.keys(document.paths['/sessions/{sessionId}/activities/{activity}'] ?? {}), ['post']);
  assert.ok(document.webhooks['deliverEvent'] !== undefined);
  assert.deepEqual(
    document.components.schemas['ActivityName']?.anyOf?.map((s) => s.const),
    ACTIVITY_NAMES,
  );
  for (const name of [
    ...Object.keys(PegaEventSchemas),
    'CreateSessionRequest',
    'SessionCreated',
    'ActivityRequest',
    'ActivitySucceeded',
    'ActivityFailed',
    'FaceError',
    'Health',
    'EventPost',
  ]) {
    assert.ok(document.components.schemas[name] !== undefined, name);
  }
  assert.doesNotMatch(renderOpenApi(), /^\s*[&*]a\d/m, 'no YAML anchors: some OpenAPI tools do not follow them');
});

test('every example body in docs/pega-face.md matches the schema it is labelled with', async () => {
  const text = await readFile(new URL('../../docs/pega-face.md', import.meta.url), 'utf8');
  const examples = [...text.matchAll(/<!-- schema: (\w+) -->\n```json\n([\s\S]*?)\n```/g)];
  assert.ok(examples.length >= 7, `found ${examples.length} labelled examples`);
  const schemas: Record<string, TSchema> = { ...HttpFaceSchemas };
  for (const [, name = '', body = ''] of examples) {
    const schema = schemas[name];
    assert.ok(schema !== undefined, `no schema ${name}`);
    const checked = compile(schema)(JSON.parse(body));
    assert.ok(checked.ok, `${name}: ${checked.ok ? '' : formatIssues(checked.issues)}`);
    if (name === 'EventPost') assert.ok(checkPegaEvent((JSON.parse(body) as { event: unknown }).event).ok, 'the example event is a Pega event');
  }
});

test("the face's OpenAPI passes Redocly's recommended rules (a linter nobody here wrote)", async () => {
  const { createConfig, lintFromString } = await import('@redocly/openapi-core');
  const config = await createConfig({ extends: ['recommended'] });
  const problems = await lintFromString({ source: await readFile(OPENAPI_FILE, 'utf8'), absoluteRef: OPENAPI_FILE.pathname, config });
  assert.deepEqual(
    problems.map((p) => `${p.severity} ${p.ruleId}: ${p.message} ${p.location[0]?.pointer ?? ''}`),
    [],
  );
});
