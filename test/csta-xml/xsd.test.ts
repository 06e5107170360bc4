/**
 * The published XML Schemas of the CSTA XML dialect (docs/dialects/csta-xml/*.xsd), read by xmllint:
 * they are the ones the message schemas generate, every message the codec writes is valid against
 * them, and documents the codec refuses are refused by them too.
 */
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { decodeMessage, encodeMessage } from '../../src/contract/csta-xml/codec.ts';
import { MESSAGE_TYPES, MessageSchemas, type CstaMessage } from '../../src/contract/csta-xml/messages.ts';
import { buildXsdDocuments } from '../../src/contract/csta-xml/xsd.ts';
import { XSD_DIRECTORY } from '../../src/contract/csta-xml/write-xsd.ts';
import { arbitraryOf } from './support/arbitrary.ts';
import { xmllint } from './support/xsd.ts';

const SAMPLES_PER_MESSAGE = 12;

function samples(seed: number): CstaMessage[] {
  return MESSAGE_TYPES.flatMap((type) =>
    fc.sample(arbitraryOf(MessageSchemas[type]), { seed, numRuns: SAMPLES_PER_MESSAGE }).map((body) => ({ type, body }) as CstaMessage),
  );
}

const DELIVERED = encodeMessage({
  type: 'DeliveredEvent',
  body: {
    monitorCrossRefID: 'M1',
    connection: { callID: 'C1', deviceID: '8808' },
    alertingDevice: { deviceIdentifier: '8808' },
    callingDevice: { deviceIdentifier: '+16175550100' },
    calledDevice: { deviceIdentifier: '8808' },
    cause: 'newCall',
    extensions: { privateData: { private: { switchboard: { callData: { item: [{ name: 'account', value: '42' }] } } } } },
  },
});

describe('the CSTA XML dialect as XML Schemas', () => {
  it('is published as the message schemas generate it', async () => {
    for (const [file, text] of buildXsdDocuments()) {
      assert.equal(
        await readFile(new URL(file, XSD_DIRECTORY), 'utf8'),
        text,
        `docs/dialects/csta-xml/${file} is stale: run npx tsx src/contract/csta-xml/write-xsd.ts`,
      );
    }
  });

  it('declares every message as a global element', () => {
    const text = [...buildXsdDocuments().values()].join('\n');
    for (const type of MESSAGE_TYPES) assert.match(text, new RegExp(`^  <xs:element name="${type}">`, 'm'), type);
  });

  it('accepts every message the codec writes, every optional part included somewhere (seeded samples)', async () => {
    const seed = 323;
    const documents = samples(seed).map(encodeMessage);
    for (const document of documents) assert.ok(decodeMessage(document).ok, document);
    const verdict = await xmllint(documents);
    assert.ok(verdict.valid, `seed ${seed}:\n${verdict.errors.slice(0, 5).join('\n')}`);
  });

  it('accepts the well-formed example and refuses what the codec refuses too', async () => {
    assert.ok((await xmllint([DELIVERED])).valid);
    const broken = {
      'an event cause ECMA-269 does not list': DELIVERED.replace('<cause>newCall</cause>', '<cause>lunchBreak</cause>'),
      'a required element left out': DELIVERED.replace(/<alertingDevice>.*?<\/alertingDevice>/, ''),
      'a device number with letters': DELIVERED.replace('<deviceID>8808</deviceID>', '<deviceID>88O8</deviceID>'),
      'an element the message does not have': DELIVERED.replace('<cause>', '<priority>high</priority><cause>'),
    };
    for (const [what, document] of Object.entries(broken)) {
      assert.notEqual(document, DELIVERED, what);
      assert.equal(decodeMessage(document).ok, false, `the codec accepted ${what}`);
      assert.equal((await xmllint([document])).valid, false, `the XML Schemas accepted ${what}`);
    }
  });

  it('holds documents to what the codec writes and, reading, does not insist on: ECMA-323 order, private data in its namespace', async () => {
    const lenient = {
      reordered: DELIVERED.replace(/(<callingDevice>.*?<\/callingDevice>)(<calledDevice>.*?<\/calledDevice>)/, '$2$1'),
      'private data outside its namespace': DELIVERED.replace(' xmlns="urn:switchboard:csta-private:1"', ''),
    };
    for (const [what, document] of Object.entries(lenient)) {
      assert.notEqual(document, DELIVERED, what);
      assert.ok(decodeMessage(document).ok, what);
      assert.equal((await xmllint([document])).valid, false, what);
    }
  });
});
