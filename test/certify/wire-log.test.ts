/**
 * `certify --wire-log` end to end, with the reference adapter: wire.jsonl holds every CTI frame of
 * the scenarios both ways, each frame valid in its dialect's published shapes (json: the frame
 * schemas the AsyncAPI document is generated from; CSTA XML: the message schemas its codec checks,
 * and the published XML Schemas, by xmllint; AMI: the packet schemas its AsyncAPI document is
 * generated from), and no credential the lab gave, in any spelling the dialect could carry it
 * (decision 0140).
 */
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { amiPacketChecker } from '../../src/contract/ami/check.ts';
import { parsePacket } from '../../src/contract/ami/packet.ts';
import { decodeMessage } from '../../src/contract/csta-xml/codec.ts';
import { decodeRequest, decodeServerFrame } from '../../src/contract/cti-wire/codec.ts';
import { LINK_CREDENTIALS } from '../../src/harness/lab.ts';
import { WIRE_LOG } from '../../src/harness/wire-log.ts';
import { splitFrameText } from '../../simulator/protocol/csta-xml/codec.ts';
import { xmllint } from '../csta-xml/support/xsd.ts';
import { certificateIn, certify } from './support/certify-run.ts';

interface Line {
  readonly scenario: string;
  readonly link: string;
  readonly direction: 'to-switch' | 'to-adapter';
  readonly at: number;
  readonly frame: string;
}

/** Every line of the log, its shape checked (a cut line would fail here: these runs stay far below the cap). */
async function wireLines(out: string): Promise<Line[]> {
  const text = await readFile(join(out, WIRE_LOG), 'utf8');
  return text
    .split('\n')
    .filter((line) => line !== '')
    .map((line, index) => {
      const value = JSON.parse(line) as Record<string, unknown>;
      assert.deepEqual(Object.keys(value), ['scenario', 'link', 'direction', 'at', 'frame'], `line ${index + 1}: ${line.slice(0, 200)}`);
      assert.equal(typeof value['scenario'], 'string');
      assert.match(String(value['link']), /^L\d+$/);
      assert.ok(value['direction'] === 'to-switch' || value['direction'] === 'to-adapter');
      assert.ok(typeof value['at'] === 'number' && value['at'] >= 0);
      assert.equal(typeof value['frame'], 'string');
      return value as unknown as Line;
    });
}

/**
 * The log is the wire, faults included: features/lifecycle/bad-frames.feature has the link garble and
 * corrupt one event on purpose. Those scenarios, and no other, hold one frame each that no published
 * shape takes: the event the fault damaged, sent to the adapter.
 */
const DAMAGED_ON_PURPOSE = ['A non-JSON frame is skipped and the next call still pops', 'A corrupt frame is skipped and the next call still pops'];

function assertOnlyDamagedOnPurpose(problems: readonly string[]): void {
  assert.deepEqual(
    problems.map((p) => DAMAGED_ON_PURPOSE.find((name) => p.startsWith(`${name} L`) && p.includes(' to-adapter: ')) ?? p).sort(),
    [...DAMAGED_ON_PURPOSE].sort(),
  );
}

/** Frames that are not what the json dialect publishes: requests to the switch, responses, errors, events and heartbeats to the adapter. */
function jsonProblems(lines: readonly Line[]): string[] {
  return lines.flatMap((line) => {
    const decoded = line.direction === 'to-switch' ? decodeRequest(line.frame) : decodeServerFrame(line.frame);
    return decoded.ok ? [] : [`${line.scenario} ${line.link} ${line.direction}: ${decoded.error.message} in ${line.frame.slice(0, 200)}`];
  });
}

/** Frames that are not a CSTA XML message its codec reads, behind the invoke id digits the session's text starts with. */
function cstaProblems(lines: readonly Line[]): string[] {
  return lines.flatMap((line) => {
    const { invokeId, xml } = splitFrameText(line.frame);
    const decoded = decodeMessage(xml);
    if (invokeId === null) return [`${line.scenario} ${line.link} ${line.direction}: no invoke id before ${line.frame.slice(0, 100)}`];
    return decoded.ok ? [] : [`${line.scenario} ${line.link} ${line.direction}: ${decoded.error.message} in ${line.frame.slice(0, 200)}`];
  });
}

/** AMI packets that are not what the dialect's AsyncAPI document describes: actions to the switch, answers and events to the adapter. */
function amiProblems(lines: readonly Line[]): string[] {
  const check = amiPacketChecker();
  return lines.flatMap((line) => {
    if (line.direction === 'to-adapter' && line.frame.startsWith('Asterisk Call Manager/')) return []; // the banner, no packet
    const parsed = parsePacket(line.frame);
    const problem = parsed.ok ? check(parsed.packet, line.direction === 'to-switch' ? 'action' : 'server') : parsed.message;
    return problem === null ? [] : [`${line.scenario} ${line.link} ${line.direction}: ${problem} in ${JSON.stringify(line.frame.slice(0, 200))}`];
  });
}

/**
 * The credentials the lab hands adapters that are long enough to find (src/harness/secrets.ts): the
 * link's, and those of features/lifecycle/secrets.feature and monitoring.feature (a right agent
 * password, a wrong one, two wrong link passwords).
 */
const CREDENTIALS = [LINK_CREDENTIALS.password, 'agent-pw-5501x', 'wrong-pw-0000x', 'not-the-link-pw-9Zk', 'not-the-password'];

/** Where a credential shows in the log: as given, or as the hexBinary CSTA XML carries an agent password in. */
function leaks(text: string): string[] {
  const lower = text.toLowerCase();
  return CREDENTIALS.flatMap((secret) => {
    const hex = Buffer.from(secret, 'utf8').toString('hex');
    return [...(text.includes(secret) ? [`${secret} as text`] : []), ...(lower.includes(hex) ? [`${secret} as hexBinary ${hex}`] : [])];
  });
}

/** The run's log holds both directions, every scenario it names ran, and the certificate lists it with its count. */
async function assertLogOfRun(out: string, lines: readonly Line[]): Promise<void> {
  assert.ok(lines.some((l) => l.direction === 'to-switch'));
  assert.ok(lines.some((l) => l.direction === 'to-adapter'));
  const certificate = await certificateIn(out);
  assert.deepEqual(certificate.wireLog, { file: WIRE_LOG, frames: lines.length, bytes: (await readFile(join(out, WIRE_LOG))).length, cut: false });
  const ran = new Set(certificate.transcripts.scenarios.map((s) => s.name));
  for (const line of lines) assert.ok(ran.has(line.scenario), `${line.scenario} is not a scenario of the run`);
  // Sealed with the other reports: an edited log is found by verify.
  assert.ok(certificate.integrity?.files.some((f) => f.path === WIRE_LOG));
  assert.match(await readFile(join(out, 'certificate.md'), 'utf8'), /\| Wire log \| \[wire\.jsonl\]\(wire\.jsonl\): \d+ CTI frames/);
}

/** Within a scenario and link, time never runs backwards: lines are in the order the switch heard them. */
function assertInOrder(lines: readonly Line[]): void {
  const last = new Map<string, number>();
  for (const line of lines) {
    const key = `${line.scenario}\u0000${line.link}`;
    assert.ok(line.at >= (last.get(key) ?? 0), `${key}: ${line.at} after ${last.get(key)}`);
    last.set(key, line.at);
  }
}

describe('certify --wire-log', { timeout: 300_000 }, () => {
  it('json: every frame of every scenario, both ways, each a frame the AsyncAPI schemas accept, no credential in it', async () => {
    const run = await certify('--adapter', 'reference', '--mode', 'full', '--dialect', 'json', '--wire-log');
    assert.equal(run.code, 3, run.stdout + run.stderr);
    assert.match(run.stdout, /junit\.xml, wire\.jsonl\)/);
    const lines = await wireLines(run.out);
    await assertLogOfRun(run.out, lines);
    assertInOrder(lines);
    assertOnlyDamagedOnPurpose(jsonProblems(lines));
    // The check sees a broken frame: a request missing its invokeId, an event with a name nobody publishes.
    const broken = lines.map((line, i) => (i === 0 ? { ...line, frame: line.frame.replace(/"invokeId":\d+,?/, '') } : line));
    assert.equal(jsonProblems(broken).length, 3);
    const renamed = lines.map((line) => ({ ...line, frame: line.frame.replace('"name":"Delivered"', '"name":"Ringing"') }));
    assert.ok(jsonProblems(renamed).length > 0);

    const text = await readFile(join(run.out, WIRE_LOG), 'utf8');
    assert.deepEqual(leaks(text), []);
    // Not vacuous: the logins are in the log, their credentials censored, and the grep finds one left in.
    const logins = lines.filter((l) => /"type":"(StartApplicationSession|AgentLogin)"/.test(l.frame));
    assert.ok(logins.length > 0 && logins.every((l) => l.frame.includes('"password":"***"')));
    // (The file is JSON lines: the frame's quotes are escaped in it.)
    assert.deepEqual(leaks(text.replace('\\"password\\":\\"***\\"', `\\"password\\":\\"${LINK_CREDENTIALS.password}\\"`)), [
      `${LINK_CREDENTIALS.password} as text`,
    ]);
  });

  it('csta-xml: every frame is a CSTA XML message its codec reads; no credential, as text or hexBinary', async () => {
    const run = await certify('--adapter', 'reference', '--mode', 'full', '--dialect', 'csta-xml', '--wire-log');
    assert.equal(run.code, 3, run.stdout + run.stderr);
    const lines = await wireLines(run.out);
    await assertLogOfRun(run.out, lines);
    assertOnlyDamagedOnPurpose(cstaProblems(lines));
    const broken = lines.map((line, i) => (i === 0 ? { ...line, frame: line.frame.replace(/<\/[A-Za-z]+>$/, '') } : line));
    assert.equal(cstaProblems(broken).length, 3);
    // The published XML Schemas, read by xmllint, take every message both ends wrote (the damaged scenarios aside).
    const documents = lines.filter((line) => !DAMAGED_ON_PURPOSE.includes(line.scenario)).map((line) => splitFrameText(line.frame).xml);
    const verdict = await xmllint(documents);
    assert.ok(verdict.valid, verdict.errors.slice(0, 5).join('\n'));
    assert.equal((await xmllint([documents[0]!.replace('xmlns="', 'xmlns="urn:not-csta:')])).valid, false);

    const text = await readFile(join(run.out, WIRE_LOG), 'utf8');
    assert.deepEqual(leaks(text), []);
    assert.ok(lines.some((l) => l.frame.includes('<sessionLogin><userName>switchboard</userName><password>***</password></sessionLogin>')));
    // An agent's password travels as hexBinary: censored as the hexBinary of ***, so the message stays valid.
    assert.ok(lines.some((l) => /<SetAgentState [^>]*>.*<password>2a2a2a<\/password>/.test(l.frame)));
  });

  it('ami: every packet is one the AsyncAPI document describes; no Login Secret, no agent password', async () => {
    const run = await certify('--adapter', 'reference', '--mode', 'full', '--dialect', 'ami', '--wire-log', '--no-properties');
    assert.equal(run.code, 3, run.stdout + run.stderr);
    const lines = await wireLines(run.out);
    await assertLogOfRun(run.out, lines);
    assertOnlyDamagedOnPurpose(amiProblems(lines));
    // The check sees a broken packet: a header an event does not have, an action with a header missing.
    const renamed = lines.map((line) => ({ ...line, frame: line.frame.replace('\r\nLinkedid: ', '\r\nLinkedID2: ') }));
    assert.ok(amiProblems(renamed).length > 0);
    const unhung = lines.map((line) =>
      line.frame.startsWith('Action: Hangup\r\n')
        ? {
            ...line,
            frame: line.frame
              .split('\r\n')
              .filter((l) => !l.startsWith('Channel: '))
              .join('\r\n'),
          }
        : line,
    );
    assert.ok(unhung.some((line, i) => line !== lines[i]) && amiProblems(unhung).length > 0);
    const text = await readFile(join(run.out, WIRE_LOG), 'utf8');
    assert.deepEqual(leaks(text), []);
    const logins = lines.filter((l) => l.direction === 'to-switch' && l.frame.startsWith('Action: Login\r\n'));
    assert.ok(logins.length > 0 && logins.every((l) => /\r\nSecret: \*\*\*(\r\n|$)/.test(l.frame)));
  });
});
