/**
 * Seeded hostile input for the simulator's CSTA XML (issue #17): well-framed messages whose XML is
 * hostile — entity tricks, deep nesting, markup other than elements, unknown and misplaced messages,
 * known requests with hostile values — each answered with exactly one reply under its invoke id; and
 * the ones the server must close on: headers that break the framing.
 */
import fc from 'fast-check';
import { encodeFrame } from '../src/contract/csta-xml/framing.ts';
import { CSTA_NAMESPACE } from '../src/contract/csta-xml/messages.ts';
import type { Hostile } from './generators.ts';

const ED3 = `xmlns="${CSTA_NAMESPACE}"`;

/** Text as a hostile peer writes it into an element: escaped enough to stay one element, otherwise anything. */
const value = fc
  .oneof(
    fc.string({ maxLength: 40 }),
    fc.constantFrom('', '8808', ' 8808', '８８０８', '\u202e8808', '9'.repeat(300), '__proto__', '&amp;', '&#0;', '&#xD800;', '&lol;', 'a<b', ']]>'),
  )
  .map((v) => v.replace(/</g, '&lt;'));

const REQUESTS = [
  (v: string) => `<MonitorStart ${ED3}><monitorObject><deviceObject>${v}</deviceObject></monitorObject></MonitorStart>`,
  (v: string) => `<MonitorStop ${ED3}><monitorCrossRefID>${v}</monitorCrossRefID></MonitorStop>`,
  (v: string) => `<SnapshotDevice ${ED3}><snapshotObject>${v}</snapshotObject></SnapshotDevice>`,
  (v: string) => `<GetAgentState ${ED3}><device>${v}</device></GetAgentState>`,
  (v: string) => `<SetAgentState ${ED3}><device>8808</device><requestedAgentState>${v}</requestedAgentState><agentID>5501</agentID></SetAgentState>`,
  (v: string) => `<MakeCall ${ED3}><callingDevice>8808</callingDevice><calledDirectoryNumber>${v}</calledDirectoryNumber></MakeCall>`,
  (v: string) => `<AnswerCall ${ED3}><callToBeAnswered><callID>${v}</callID><deviceID>8808</deviceID></callToBeAnswered></AnswerCall>`,
  (v: string) =>
    `<GenerateDigits ${ED3}><connectionToSendDigits><callID>C1</callID><deviceID>8808</deviceID></connectionToSendDigits><charactersToSend>${v}</charactersToSend></GenerateDigits>`,
] as const;

const xml = fc.oneof(
  fc.tuple(fc.constantFrom(...REQUESTS), value).map(([request, v]) => ({ cls: 'hostile values', text: request(v) })),
  fc.constantFrom(
    {
      cls: 'XXE',
      text: `<!DOCTYPE m [<!ENTITY x SYSTEM "file:///etc/passwd">]><MonitorStart ${ED3}><monitorObject><deviceObject>&x;</deviceObject></monitorObject></MonitorStart>`,
    },
    {
      cls: 'billion laughs',
      text: `<!DOCTYPE l [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;&a;&a;">]><MonitorStop ${ED3}><monitorCrossRefID>&b;</monitorCrossRefID></MonitorStop>`,
    },
    { cls: 'comment', text: `<MonitorStop ${ED3}><!-- hi --><monitorCrossRefID>M1</monitorCrossRefID></MonitorStop>` },
    { cls: 'CDATA', text: `<MonitorStop ${ED3}><monitorCrossRefID><![CDATA[M1]]></monitorCrossRefID></MonitorStop>` },
    { cls: 'processing instruction', text: `<MonitorStop ${ED3}><?evil?><monitorCrossRefID>M1</monitorCrossRefID></MonitorStop>` },
    { cls: 'not XML', text: 'Action: Ping' },
    { cls: 'empty', text: '' },
    { cls: 'prototype names', text: `<MonitorStop ${ED3}><__proto__><polluted>1</polluted></__proto__></MonitorStop>` },
    { cls: 'a response, not a request', text: `<MonitorStartResponse ${ED3}><monitorCrossRefID>M1</monitorCrossRefID></MonitorStartResponse>` },
    {
      cls: 'another edition',
      text: '<MonitorStop xmlns="http://www.ecma-international.org/standards/ecma-323/csta/ed5"><monitorCrossRefID>M1</monitorCrossRefID></MonitorStop>',
    },
  ),
  fc
    .integer({ min: 33, max: 4_000 })
    .map((depth) => ({ cls: 'deep nesting', text: `<MonitorStop ${ED3}>${'<x>'.repeat(depth)}${'</x>'.repeat(depth)}</MonitorStop>` })),
  fc.string({ maxLength: 200 }).map((text) => ({ cls: 'random text', text })),
);

/** Headers that break the framing: the server answers under 9999, then closes. */
const killers = fc.oneof(
  fc
    .integer({ min: 1, max: 0xffff })
    .map((format) => ({ cls: 'unknown format', bytes: Buffer.from([format >> 8, format & 0xff, 0x00, 0x0c, 0x30, 0x30, 0x30, 0x31, 0x3c, 0x61, 0x2f, 0x3e]) })),
  fc.integer({ min: 0, max: 7 }).map((length) => ({ cls: 'length under the header', bytes: Buffer.from([0x00, 0x00, 0x00, length, 0x30, 0x30, 0x30, 0x31]) })),
  fc.constantFrom('abcd', '-001', '    ', '1e10').map((id) => ({
    cls: 'invoke id not digits',
    bytes: Buffer.concat([Buffer.from([0x00, 0x00, 0x00, 0x0c]), Buffer.from(id, 'latin1'), Buffer.from('<a/>')]),
  })),
);

export const cstaXmlHostile: fc.Arbitrary<Hostile> = fc.oneof(
  {
    weight: 30,
    arbitrary: fc
      .tuple(xml, fc.integer({ min: 100, max: 9998 }))
      .map(([{ cls, text }, invokeId]) => ({ cls, bytes: encodeFrame(invokeId, text), ends: 'answer' as const })),
  },
  { weight: 1, arbitrary: killers.map((k) => ({ ...k, ends: 'close' as const })) },
);
