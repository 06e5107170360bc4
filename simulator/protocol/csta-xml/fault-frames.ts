/**
 * How the fault layer reads and damages CSTA XML frames. Frames read in the contract's words
 * (MonitorStart, Delivered, seq, monitorId), so one fault plan means the same on every dialect.
 * `corrupt` knows the top-level fields `seq` (the event's messageSequenceNumber) and `monitorId`
 * (monitorCrossRefID); `malformed` cuts the XML, never the invoke id before it.
 */
import { decodeMessage } from '../../../src/contract/csta-xml/codec.ts';
import { EVENT_INVOKE_ID } from '../../../src/contract/csta-xml/framing.ts';
import { isEventType, type CstaMessage } from '../../../src/contract/csta-xml/messages.ts';
import { rememberRequest, type FaultFrames, type FrameInfo, type LinkMemory } from '../../faults/frames.ts';
import type { FaultDirection } from '../../faults/types.ts';
import { splitFrameText } from './codec.ts';
import { requestOf } from './requests.ts';

/** The frame's text rides in the read value under a key no fault plan's field can name (plans name fields by letters only). */
const TEXT = '_text';

const FIELDS: Readonly<Record<string, string>> = { seq: 'messageSequenceNumber', monitorId: 'monitorCrossRefID' };

const UNREADABLE: FrameInfo = { frame: 'unreadable', name: null, invokeId: null, monitorId: null, seq: null, deviceId: null, value: null };

function eventFields(message: CstaMessage): { readonly monitorId: string | null; readonly seq: number | null } {
  const body = message.body as {
    readonly monitorCrossRefID?: string;
    readonly extensions?: { readonly security?: { readonly messageSequenceNumber: string } };
  };
  const seq = body.extensions?.security?.messageSequenceNumber;
  return { monitorId: body.monitorCrossRefID ?? null, seq: seq === undefined ? null : Number(seq) };
}

function read(direction: FaultDirection, text: string, memory: LinkMemory): FrameInfo {
  const { invokeId, xml } = splitFrameText(text);
  const decoded = decodeMessage(xml);
  if (!decoded.ok) return UNREADABLE;
  const { message } = decoded;
  const none = { name: null, invokeId, monitorId: null, seq: null, deviceId: null };
  if (direction === 'fromAdapter') {
    const mapped = invokeId === null ? null : requestOf(invokeId, message);
    if (mapped === null || !mapped.ok) return { ...UNREADABLE, value: { [TEXT]: text } };
    const request = mapped.request;
    const deviceId = 'deviceId' in request ? request.deviceId : request.type === 'MakeCall' ? request.callingDevice : null;
    rememberRequest(memory, request.invokeId, request.type, deviceId);
    return { ...none, frame: 'Request', name: request.type, deviceId, value: { [TEXT]: text } };
  }
  if (message.type === 'SystemStatus') return { ...none, frame: 'SystemStatus', value: { [TEXT]: text } };
  if (isEventType(message.type) && invokeId === EVENT_INVOKE_ID) {
    const { monitorId, seq } = eventFields(message);
    const name = message.type.slice(0, -'Event'.length);
    const deviceId = monitorId === null ? null : (memory.deviceOfMonitor(monitorId) ?? null);
    return {
      ...none,
      frame: 'Event',
      name,
      monitorId,
      seq,
      deviceId,
      value: { [TEXT]: text, ...(seq === null ? {} : { seq }), ...(monitorId === null ? {} : { monitorId }) },
    };
  }
  const asked = invokeId === null ? undefined : memory.requests.get(invokeId);
  if (invokeId !== null && asked !== undefined) memory.requests.delete(invokeId);
  const frame = message.type === 'CSTAErrorCode' || message.type === 'StartApplicationSessionNegResponse' ? 'Error' : 'Response';
  const monitorId = message.type === 'MonitorStartResponse' ? message.body.monitorCrossRefID : null;
  return {
    ...none,
    frame,
    name: asked?.name ?? null,
    deviceId: asked?.deviceId ?? null,
    value: { [TEXT]: text, ...(monitorId === null ? {} : { monitorId }) },
  };
}

function corrupt(value: Readonly<Record<string, unknown>>, path: string): { readonly text: string; readonly detail: string } | null {
  const text = value[TEXT];
  const element = FIELDS[path];
  if (typeof text !== 'string' || element === undefined || !Object.hasOwn(value, path)) return null;
  const open = `<${element}>`;
  const start = text.indexOf(open);
  const end = text.indexOf(`</${element}>`, start);
  if (start === -1 || end === -1) return null;
  return {
    text: `${text.slice(0, start + open.length)}?corrupted?${text.slice(end)}`,
    detail: `${path}: ${element} → text that is no ${path === 'seq' ? 'number' : 'identifier'}`,
  };
}

function malformed(text: string): { readonly text: string; readonly detail: string } {
  const { invokeId, xml } = splitFrameText(text);
  const keep = invokeId === null ? '' : text.slice(0, 4);
  const cut = Math.max(1, Math.floor(xml.length / 2));
  return { text: `${keep}${xml.slice(0, cut)}`, detail: `XML cut after ${cut} of ${xml.length} characters` };
}

export const CSTA_XML_FAULT_FRAMES: FaultFrames = { read, corrupt, malformed };
