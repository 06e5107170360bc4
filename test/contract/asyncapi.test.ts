import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { test } from 'node:test';
import { Ajv } from 'ajv';
import { parse } from 'yaml';
import { ASYNCAPI_FILE, renderAsyncApi } from '../../src/contract/cti-wire/write-asyncapi.ts';
import { AMI_ASYNCAPI_FILE, renderAmiAsyncApi } from '../../src/contract/ami/write-asyncapi.ts';
import { ActionSchemas, ServerPacketSchemas } from '../../src/contract/ami/messages.ts';

/** The AsyncAPI 3.0.0 document schema as the AsyncAPI initiative publishes it (@asyncapi/specs). */
async function asyncApiSchema(): Promise<object> {
  const file = createRequire(import.meta.url).resolve('@asyncapi/specs/schemas/3.0.0-without-$id.json');
  return JSON.parse(await readFile(file, 'utf8')) as object;
}

const DOCUMENTS = [
  { name: 'docs/cti-wire.asyncapi.yaml', file: ASYNCAPI_FILE, render: renderAsyncApi, regenerate: 'npx tsx src/contract/cti-wire/write-asyncapi.ts' },
  { name: 'docs/dialects/ami.asyncapi.yaml', file: AMI_ASYNCAPI_FILE, render: renderAmiAsyncApi, regenerate: 'npx tsx src/contract/ami/write-asyncapi.ts' },
];

for (const { name, file, render, regenerate } of DOCUMENTS) {
  test(`the published ${name} is the one the schemas generate`, async () => {
    assert.equal(await readFile(file, 'utf8'), render(), `${name} is stale: run ${regenerate}`);
  });
}

test("both AsyncAPI documents are valid AsyncAPI 3.0.0 (the specification's own JSON Schema)", async () => {
  // Formats (uri, …) are not checked: the specification's schema names some Ajv does not know.
  const validate = new Ajv({ strict: false, allErrors: true, validateFormats: false }).compile(await asyncApiSchema());
  for (const { name, render } of DOCUMENTS) {
    const document: unknown = parse(render());
    assert.ok(validate(document), `${name}: ${JSON.stringify(validate.errors?.slice(0, 3))}`);
    // The schema is not a pushover: an operation direction AsyncAPI 3 does not have is refused.
    const broken = parse(render()) as { operations: Record<string, { action: string }> };
    for (const operation of Object.values(broken.operations)) operation.action = 'publish';
    assert.equal(validate(broken), false, `${name} with action: publish`);
  }
});

test('the CTI link document describes every request and every server frame', () => {
  const text = JSON.stringify(parse(renderAsyncApi()));
  for (const name of ['StartApplicationSession', 'MonitorStart', 'MonitorStop', 'SnapshotDevice', 'Response', 'Error', 'Event', 'SystemStatus']) {
    assert.match(text, new RegExp(`"#/channels/ctiLink/messages/${name}"`), name);
  }
});

test('the AMI document describes every action the simulator reads and every packet it writes, an action and an event of one name apart', () => {
  const document = parse(renderAmiAsyncApi()) as { channels: { managerInterface: { messages: Record<string, { name: string }> } } };
  const messages = document.channels.managerInterface.messages;
  for (const action of Object.keys(ActionSchemas)) assert.equal(messages[`${action}Action`]?.name, action);
  for (const packet of Object.keys(ServerPacketSchemas)) assert.equal(messages[packet === 'Response' ? packet : `${packet}Event`]?.name, packet);
});
