/** The wire log's scrub (src/harness/wire-scrub.ts): every credential an adapter sends becomes ***, in each dialect, and nothing else changes. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { cstaRequest } from '../../src/adapter/link/csta-xml/requests.ts';
import { loginAction } from '../../src/adapter/link/ami/requests.ts';
import { encodePacket, header, parsePacket } from '../../src/contract/ami/packet.ts';
import { decodeMessage } from '../../src/contract/csta-xml/codec.ts';
import { decodeRequest, encodeFrame } from '../../src/contract/cti-wire/codec.ts';
import type { RequestFrame } from '../../src/contract/cti-wire/frames.ts';
import { HEX_CENSOR, scrubFrame } from '../../src/harness/wire-scrub.ts';
import { frameText, splitFrameText } from '../../simulator/protocol/csta-xml/codec.ts';

const SECRET = 'pa55-w0rd-Zq9';
const hex = (text: string): string => Buffer.from(text, 'utf8').toString('hex');

const START: RequestFrame = {
  type: 'StartApplicationSession',
  invokeId: 1,
  applicationId: 'pega',
  user: 'switchboard',
  password: SECRET,
  protocolVersion: '1',
};
const AGENT_LOGIN: RequestFrame = { type: 'AgentLogin', invokeId: 2, agentId: '5501', password: SECRET, deviceId: '8808', queue: 'sales' };

describe('the wire log scrub', () => {
  it('json: the passwords of StartApplicationSession and AgentLogin become ***; the frame still decodes', () => {
    for (const frame of [START, AGENT_LOGIN]) {
      const scrubbed = scrubFrame('json', encodeFrame(frame));
      assert.ok(!scrubbed.includes(SECRET), scrubbed);
      const decoded = decodeRequest(scrubbed);
      assert.ok(decoded.ok, scrubbed);
      assert.deepEqual(decoded.frame, { ...frame, password: '***' });
    }
  });

  it('json: a frame without a credential is kept byte for byte', () => {
    const text = '{ "type": "MonitorStart",  "invokeId": 3, "deviceId": "8808" }';
    assert.equal(scrubFrame('json', text), text);
  });

  it('json: a credential at any depth, in any case, or with its name escaped, is found', () => {
    assert.equal(scrubFrame('json', '{"a":[{"Secret":"x1"}],"b":{"AgentPassword":"x2"}}'), '{"a":[{"Secret":"***"}],"b":{"AgentPassword":"***"}}');
    assert.ok(!scrubFrame('json', '{"pass\\u0077ord":"hidden-value"}').includes('hidden-value'));
  });

  it('json: a frame that does not parse is scrubbed by pattern', () => {
    assert.equal(
      scrubFrame('json', '{"type":"StartApplicationSession","password":"hidden-value","user":'),
      '{"type":"StartApplicationSession","password":"***","user":',
    );
  });

  it('csta-xml: sessionLogin and SetAgentState passwords are censored, the hex one as hexBinary; both frames still decode', () => {
    const login = scrubFrame('csta-xml', frameText(1, cstaRequest(START, '8808')));
    const agent = scrubFrame('csta-xml', frameText(2, cstaRequest(AGENT_LOGIN, '8808')));
    for (const text of [login, agent]) {
      assert.ok(!text.includes(SECRET) && !text.toLowerCase().includes(hex(SECRET)), text);
      assert.ok(decodeMessage(splitFrameText(text).xml).ok, text);
    }
    assert.match(login, /<password>\*\*\*<\/password>/);
    assert.match(agent, new RegExp(`<password>${HEX_CENSOR}</password>`));
    assert.equal(Buffer.from(HEX_CENSOR, 'hex').toString('utf8'), '***');
  });

  it('csta-xml: a prefixed element or CDATA content is censored; other elements are not touched', () => {
    assert.equal(
      scrubFrame('csta-xml', '0001<a><c:password x="1"><![CDATA[s3cr3t]]></c:password><b>keep</b></a>'),
      '0001<a><c:password x="1">***</c:password><b>keep</b></a>',
    );
    const plain = '0002<MonitorStart xmlns="x"><monitorObject><deviceObject>8808</deviceObject></monitorObject></MonitorStart>';
    assert.equal(scrubFrame('csta-xml', plain), plain);
  });

  it('ami: Login Secret (and a challenge login Key) become ***; Key elsewhere is a plain header', () => {
    const login = scrubFrame('ami', encodePacket([...loginAction('switchboard', SECRET), ['ActionID', '1']]));
    assert.ok(!login.includes(SECRET), login);
    const parsed = parsePacket(login);
    assert.ok(parsed.ok);
    assert.equal(header(parsed.packet, 'Secret'), '***');
    assert.equal(header(parsed.packet, 'Username'), 'switchboard');
    assert.match(scrubFrame('ami', 'Action: Login\r\nAuthType: MD5\r\nKey: 0123abcd\r\n\r\n'), /Key: \*\*\*/);
    const other = 'Action: Command\r\nKey: visible\r\n\r\n';
    assert.equal(scrubFrame('ami', other), other);
  });
});
