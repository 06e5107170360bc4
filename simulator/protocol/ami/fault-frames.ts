/**
 * How the fault layer reads and damages AMI packets: an Action is a Request (ActionID read as its
 * invoke id when it is a number), `Response: Error` an Error, any other Response a Response, an
 * Event an Event with its SequenceNumber as the sequence; the device is the one a Channel or
 * Interface header names. A corrupt field is a header (`seq` names SequenceNumber).
 */
import { deviceNamed } from '../../../src/contract/ami/vocabulary.ts';
import { rememberRequest, type FaultFrames, type FrameInfo } from '../../faults/frames.ts';
import { encodePacket, header, headers, parsePacket, type Header, type Packet } from '../../../src/contract/ami/packet.ts';

/** Where the packet's own header list rides in a FrameInfo value (not a header name AMI allows). */
const HEADERS = '\u0000headers';
const MAX_INVOKE_ID = 2 ** 31 - 1;

function invokeIdOf(actionId: string | undefined): number | null {
  if (actionId === undefined || !/^[0-9]{1,10}$/.test(actionId)) return null;
  const n = Number(actionId);
  return n <= MAX_INVOKE_ID ? n : null;
}

/**
 * Which device an event is about on this link: the first party it names that the link's peer
 * watches (as a monitor on the JSON wire is about its own device, whoever's event it carries),
 * else its channel's — except for an item of an action's list (Status, QueueStatus: it carries
 * the ActionID), which lists every channel and so is about a device only where the peer watches it.
 */
function watchedDevice(packet: Packet, own: string | null, watches: (deviceId: string) => boolean, listItem: boolean): string | null {
  const named = [
    own,
    ...headers(packet, 'ChanVariable').map((v) => /^CTI_(?:CALLING|CALLED|TRANSFERRED_TO)=(.*)$/.exec(v)?.[1] ?? null),
    ...headers(packet, 'ChanVariable').flatMap((v) => /^CTI_(?:PARTIES|DEVICES)=(.*)$/.exec(v)?.[1]?.split(',') ?? []),
  ];
  return named.find((d): d is string => d !== null && d !== undefined && watches(d)) ?? (listItem ? null : own);
}

/**
 * The wire request an AMI action stands for, where fault rules name it: a plan written for the
 * JSON wire ("refuse the next SnapshotDevice") then means the same on AMI. Status opens AMI's
 * device snapshot (with QueueStatus, sent beside it), so refusing it refuses the snapshot; Login
 * starts the manager session, so refusing StartApplicationSession refuses the login.
 */
const REQUEST_AN_ACTION_IS: Readonly<Record<string, string>> = { status: 'SnapshotDevice', login: 'StartApplicationSession' };

const UNREADABLE: FrameInfo = { frame: 'unreadable', name: null, invokeId: null, monitorId: null, seq: null, deviceId: null, value: null };

function valueOf(headers: readonly Header[]): Record<string, unknown> {
  const value: Record<string, unknown> = { [HEADERS]: headers };
  for (const [k, v] of headers) if (!(k in value)) value[k] = v;
  const seq = headers.find(([k]) => k.toLowerCase() === 'sequencenumber');
  if (seq !== undefined) value['seq'] = seq[1];
  return value;
}

function keyOf(path: string): string {
  return path === 'seq' ? 'SequenceNumber' : path;
}

export const AMI_FAULT_FRAMES: FaultFrames = {
  read(direction, text, memory) {
    const parsed = parsePacket(text.replace(/\r\n\r\n$/, ''));
    if (!parsed.ok) return UNREADABLE;
    const { packet } = parsed;
    const value = valueOf(packet.headers);
    const invokeId = invokeIdOf(header(packet, 'ActionID'));
    const deviceId = deviceNamed(header(packet, 'Channel') ?? header(packet, 'Interface'));
    const none = { monitorId: null, seq: null, value };
    if (direction === 'fromAdapter') {
      const action = header(packet, 'Action');
      if (action === undefined) return { ...UNREADABLE, value };
      const name = REQUEST_AN_ACTION_IS[action.toLowerCase()] ?? action;
      if (invokeId !== null) rememberRequest(memory, invokeId, name, deviceId);
      return { ...none, frame: 'Request', name, invokeId, deviceId };
    }
    const response = header(packet, 'Response');
    if (response !== undefined) {
      const asked = invokeId === null ? undefined : memory.requests.get(invokeId);
      if (invokeId !== null && asked !== undefined) memory.requests.delete(invokeId);
      return { ...none, frame: response === 'Error' ? 'Error' : 'Response', name: asked?.name ?? null, invokeId, deviceId: asked?.deviceId ?? null };
    }
    const event = header(packet, 'Event');
    if (event === undefined) return { ...UNREADABLE, value };
    const seq = header(packet, 'SequenceNumber');
    return {
      ...none,
      frame: 'Event',
      name: event,
      invokeId,
      seq: seq === undefined || !/^[0-9]+$/.test(seq) ? null : Number(seq),
      deviceId: watchedDevice(packet, deviceId, memory.watches, header(packet, 'ActionID') !== undefined),
    };
  },
  corrupt(value, path) {
    const headers = value[HEADERS];
    if (!Array.isArray(headers)) return null;
    const key = keyOf(path).toLowerCase();
    const list = headers as Header[];
    const at = list.findIndex(([k]) => k.toLowerCase() === key);
    const found = list[at];
    if (found === undefined) return null;
    // AMI values are text: a number becomes a word, anything else its length.
    const numeric = /^[0-9]+$/.test(found[1]);
    const copy = list.map((h, i): Header => (i === at ? [h[0], numeric ? 'corrupted' : String(found[1].length)] : h));
    return { text: encodePacket(copy), detail: `${found[0]}: ${numeric ? 'number → text' : 'text → number'}` };
  },
  malformed(text) {
    const body = text.replace(/\r\n\r\n$/, '');
    const cut = Math.max(1, Math.floor(body.length / 2));
    // Still one packet (the blank line stays), but its last line is no `Key: Value`.
    return { text: `${body.slice(0, cut)}\r\n\u0001garbled\r\n\r\n`, detail: `cut after ${cut} of ${body.length} characters` };
  },
};
