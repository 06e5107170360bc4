/**
 * The fuzz client's side of the simulator's TCP dialects (AMI, CSTA XML): how to log in, a request
 * a well-behaved client makes, and how to cut the bytes that come back into replies, each judged
 * clear (an error naming the problem), accepted, or unclear. Events and heartbeats are not replies.
 */
import type fc from 'fast-check';
import { createAmiDeframer } from '../src/contract/ami/deframer.ts';
import { header, parsePacket } from '../src/contract/ami/packet.ts';
import { decodeMessage, encodeMessage } from '../src/contract/csta-xml/codec.ts';
import { encodeFrame, EVENT_INVOKE_ID, FrameDecoder } from '../src/contract/csta-xml/framing.ts';
import { CSTA_NAMESPACE } from '../src/contract/csta-xml/messages.ts';
import { amiHostile } from './ami-generators.ts';
import { cstaXmlHostile } from './csta-xml-generators.ts';
import type { Hostile } from './generators.ts';
import { FUZZ_CTI_USER, FUZZ_SECRETS } from './secrets.ts';

export type Verdict = 'clear' | 'accepted' | 'unclear';

export interface Reply {
  /** The request it answers (AMI ActionID, CSTA invoke id, as text). */
  readonly id: string;
  readonly verdict: Verdict;
  /** What the report shows of it when it is unclear or fails the well-behaved client. */
  readonly text: string;
}

export interface StreamDialect {
  readonly hostile: fc.Arbitrary<Hostile>;
  login(): Buffer;
  /** The id the login's reply carries. */
  readonly loginId: string;
  /** A request a well-behaved client makes (a device snapshot), under id `n`. */
  request(n: number): { readonly id: string; readonly bytes: Buffer };
  /** A fresh reader for one connection: bytes in, replies out. */
  reader(): (chunk: Buffer) => Reply[];
}

/** An AMI `Response: Error` names its problem in `Message`; Success accepts. */
const ami: StreamDialect = {
  hostile: amiHostile,
  login: () => Buffer.from(`Action: Login\r\nActionID: login\r\nUsername: ${FUZZ_CTI_USER}\r\nSecret: ${FUZZ_SECRETS.ctiPassword}\r\n\r\n`),
  loginId: 'login',
  request: (n) => ({ id: `W${n}`, bytes: Buffer.from(`Action: ExtensionState\r\nActionID: W${n}\r\nExten: 8808\r\nContext: from-internal\r\n\r\n`) }),
  reader() {
    let banner = false;
    const deframer = createAmiDeframer({ maxFrameBytes: 1 << 20, maxLineBytes: 1 << 16 });
    return (chunk) => {
      let data = chunk;
      if (!banner) {
        const lf = data.indexOf(0x0a);
        if (lf === -1) return [];
        banner = true;
        data = data.subarray(lf + 1);
      }
      const replies: Reply[] = [];
      for (const item of deframer.push(data)) {
        if (item.kind !== 'frame') continue;
        const parsed = parsePacket(item.text);
        const response = parsed.ok ? header(parsed.packet, 'Response') : undefined;
        // Events, and the packets a list action sends after its Response, are not replies.
        if (!parsed.ok || response === undefined || header(parsed.packet, 'Event') !== undefined) continue;
        const message = header(parsed.packet, 'Message') ?? '';
        const verdict: Verdict = response === 'Success' ? 'accepted' : response === 'Error' && message.length >= 10 ? 'clear' : 'unclear';
        replies.push({ id: header(parsed.packet, 'ActionID') ?? '', verdict, text: item.text });
      }
      return replies;
    };
  },
};

/** A CSTA XML refusal carries no text (decision 0057): a CSTAErrorCode or a NegResponse names its category and value. */
const cstaXml: StreamDialect = {
  hostile: cstaXmlHostile,
  login: () =>
    encodeFrame(
      1,
      encodeMessage({
        type: 'StartApplicationSession',
        body: {
          applicationInfo: {
            applicationID: 'fuzz',
            applicationSpecificInfo: { switchboard: { sessionLogin: { userName: FUZZ_CTI_USER, password: FUZZ_SECRETS.ctiPassword } } },
          },
          requestedProtocolVersions: { protocolVersion: CSTA_NAMESPACE },
        },
      }),
    ),
  loginId: '1',
  request: (n) => {
    // Invoke ids 2..9998: 1 is the login's, 9999 the events'.
    const id = 2 + (n % (EVENT_INVOKE_ID - 2));
    return { id: String(id), bytes: encodeFrame(id, encodeMessage({ type: 'SnapshotDevice', body: { snapshotObject: '8808' } })) };
  },
  reader() {
    const decoder = new FrameDecoder();
    return (chunk) =>
      decoder.push(chunk).frames.flatMap((frame): Reply[] => {
        const decoded = decodeMessage(frame.xml);
        const type = decoded.ok ? decoded.message.type : '';
        // Under 9999 come events and heartbeats, and the answer to a header that broke the framing.
        if (frame.invokeId === EVENT_INVOKE_ID && type !== 'CSTAErrorCode') return [];
        const verdict: Verdict = type === 'CSTAErrorCode' || type.endsWith('NegResponse') ? 'clear' : type.endsWith('Response') ? 'accepted' : 'unclear';
        return [{ id: String(frame.invokeId), verdict, text: frame.xml }];
      });
  },
};

export const STREAM_DIALECTS = { ami, 'csta-xml': cstaXml } as const;
