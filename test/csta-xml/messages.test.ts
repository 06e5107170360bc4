/** CSTA XML messages: every message type written and read back, literal peers' XML read, and bad messages named. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { decodeMessage, encodeMessage } from '../../src/contract/csta-xml/codec.ts';
import { CSTA_NAMESPACE, MESSAGE_TYPES, MessageSchemas, SESSION_NAMESPACE, type CstaMessage } from '../../src/contract/csta-xml/messages.ts';
import { arbitraryOf } from './support/arbitrary.ts';

const ED3 = `xmlns="${CSTA_NAMESPACE}"`;

describe('CSTA XML messages', () => {
  for (const type of MESSAGE_TYPES) {
    it(`${type}: any valid message is read back as written, and written again identically`, () => {
      fc.assert(
        fc.property(arbitraryOf(MessageSchemas[type]), (body) => {
          const message = { type, body } as CstaMessage;
          const text = encodeMessage(message);
          const decoded = decodeMessage(text);
          assert.equal(decoded.ok, true, decoded.ok ? '' : decoded.error.message);
          if (!decoded.ok) return;
          assert.deepEqual(decoded.message, message);
          assert.equal(encodeMessage(decoded.message), text);
        }),
        { numRuns: 40 },
      );
    });
  }

  it("writes elements in the schema's (ECMA-323's) order whatever order the value's keys are in", () => {
    const text = encodeMessage({
      type: 'DeliveredEvent',
      body: {
        cause: 'newCall',
        calledDevice: { deviceIdentifier: '5000' },
        callingDevice: { deviceIdentifier: '6175551212' },
        alertingDevice: { deviceIdentifier: '8808' },
        connection: { deviceID: '8808', callID: 'C1' },
        monitorCrossRefID: 'M1',
      },
    });
    assert.equal(
      text,
      `<?xml version="1.0" encoding="UTF-8"?><DeliveredEvent ${ED3}><monitorCrossRefID>M1</monitorCrossRefID><connection><callID>C1</callID><deviceID>8808</deviceID></connection><alertingDevice><deviceIdentifier>8808</deviceIdentifier></alertingDevice><callingDevice><deviceIdentifier>6175551212</deviceIdentifier></callingDevice><calledDevice><deviceIdentifier>5000</deviceIdentifier></calledDevice><cause>newCall</cause></DeliveredEvent>`,
    );
  });

  it('reads a pretty-printed request with a namespace prefix, as a hand-written client sends it', () => {
    const xml = `<?xml version="1.0" encoding="UTF-8"?>\n<csta:MakeCall xmlns:csta="${CSTA_NAMESPACE}">\n  <csta:callingDevice>8808</csta:callingDevice>\n  <csta:calledDirectoryNumber>5000</csta:calledDirectoryNumber>\n</csta:MakeCall>\n`;
    assert.deepEqual(decodeMessage(xml), { ok: true, message: { type: 'MakeCall', body: { callingDevice: '8808', calledDirectoryNumber: '5000' } } });
  });

  it('reads a CSTAErrorCode of any category it knows, and an empty positive response', () => {
    assert.deepEqual(decodeMessage(`<CSTAErrorCode ${ED3}><stateIncompatibility>invalidConnectionState</stateIncompatibility></CSTAErrorCode>`), {
      ok: true,
      message: { type: 'CSTAErrorCode', body: { stateIncompatibility: 'invalidConnectionState' } },
    });
    assert.deepEqual(decodeMessage(`<HoldCallResponse ${ED3}/>`), { ok: true, message: { type: 'HoldCallResponse', body: {} } });
  });

  it('reads the session messages in the ECMA-354 namespace, and refuses them in the CSTA one', () => {
    assert.equal(decodeMessage(`<StopApplicationSessionPosResponse xmlns="${SESSION_NAMESPACE}"/>`).ok, true);
    const wrong = decodeMessage(`<StopApplicationSessionPosResponse ${ED3}/>`);
    assert.equal(wrong.ok ? 'ok' : wrong.error.code, 'wrongNamespace');
  });

  const refusals: [string, string, string, RegExp][] = [
    ['an unknown root element', `<Teleport ${ED3}/>`, 'unknownMessage', /Expected one of StartApplicationSession, .*got "Teleport"/],
    [
      'a message in another namespace',
      '<MakeCall xmlns="http://www.ecma-international.org/standards/ecma-323/csta/ed5"/>',
      'wrongNamespace',
      /Expected namespace .*ed3, got ".*ed5"/,
    ],
    ['a message in no namespace', '<MonitorStopResponse/>', 'wrongNamespace', /got ""/],
    [
      'a device that is no number',
      `<MonitorStart ${ED3}><monitorObject><deviceObject>88 08</deviceObject></monitorObject></MonitorStart>`,
      'schemaMismatch',
      /MonitorStart\.monitorObject\.deviceObject: .*device number/,
    ],
    [
      'a missing required element',
      `<AnswerCall ${ED3}><callToBeAnswered><callID>C1</callID></callToBeAnswered></AnswerCall>`,
      'schemaMismatch',
      /AnswerCall\.callToBeAnswered\.deviceID: Expected required property/,
    ],
    ['an element the message does not have', `<HoldCallResponse ${ED3}><surprise>1</surprise></HoldCallResponse>`, 'schemaMismatch', /HoldCallResponse/],
    [
      'two error categories at once',
      `<CSTAErrorCode ${ED3}><operation>invalidCallID</operation><security>generic</security></CSTAErrorCode>`,
      'schemaMismatch',
      /CSTAErrorCode/,
    ],
    ['an XXE document', `<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><MakeCall ${ED3}>&e;</MakeCall>`, 'doctypeRefused', /no DOCTYPE/],
  ];
  for (const [what, xml, code, message] of refusals) {
    it(`refuses ${what} with code ${code}, naming what was expected`, () => {
      const decoded = decodeMessage(xml);
      assert.equal(decoded.ok, false);
      if (decoded.ok) return;
      assert.equal(decoded.error.code, code);
      assert.match(decoded.error.message, message);
    });
  }

  it('never echoes a password it refuses', () => {
    const decoded = decodeMessage(
      `<SetAgentState ${ED3}><device>8808</device><requestedAgentState>loggedOn</requestedAgentState><agentID>5501</agentID><password>s3cret-not-hex</password></SetAgentState>`,
    );
    assert.equal(decoded.ok, false);
    if (!decoded.ok) {
      assert.match(decoded.error.message, /password.*\(value not shown\)/);
      assert.doesNotMatch(decoded.error.message, /s3cret/);
    }
  });
});
