/**
 * What the fault layer reads from a frame's text, and the two ways it damages one. Each dialect
 * says how its frames read (FaultFrames); the CSTA-JSON dialect's frames read as JSON here
 * (JSON_FAULT_FRAMES). A frame that cannot be read is `unreadable`.
 */
import type { FaultDirection, FaultFrameType } from './types.ts';

export interface FrameInfo {
  readonly frame: FaultFrameType | 'unreadable';
  readonly name: string | null;
  readonly invokeId: number | null;
  readonly monitorId: string | null;
  readonly seq: number | null;
  readonly deviceId: string | null;
  /** The parsed frame, for corrupt. */
  readonly value: Readonly<Record<string, unknown>> | null;
}

/** What one link knows to say which device a reply or an event concerns. */
export interface LinkMemory {
  /** Requests seen while a plan was set, by invoke id: their type and device (forgotten when answered; bounded). */
  readonly requests: Map<number, { readonly name: string; readonly deviceId: string | null }>;
  /** The device an open monitor watches (the server's monitor registry). */
  readonly deviceOfMonitor: (monitorId: string) => string | undefined;
  /** Whether the link's peer asked for events about the device (dialects without monitors: AMI's filters). */
  readonly watches: (deviceId: string) => boolean;
}

/** How the fault layer reads and damages one dialect's frames. */
export interface FaultFrames {
  /** Reads a frame; remembers the requests it sees so that their replies can be matched by device. */
  read(direction: FaultDirection, text: string, memory: LinkMemory): FrameInfo;
  /** The frame with the field at `path` of `value` (as read) made unreadable, and what changed (never the values). */
  corrupt(value: Readonly<Record<string, unknown>>, path: string): { readonly text: string; readonly detail: string } | null;
  /** The frame's text broken so that it is no frame of the dialect. */
  malformed(text: string): { readonly text: string; readonly detail: string };
}

const MAX_REMEMBERED = 1024;

/** Keeps the request so that its reply can be matched by device (bounded: the oldest is forgotten). */
export function rememberRequest(memory: LinkMemory, invokeId: number, name: string, deviceId: string | null): void {
  memory.requests.delete(invokeId);
  memory.requests.set(invokeId, { name, deviceId });
  if (memory.requests.size > MAX_REMEMBERED) {
    const oldest = memory.requests.keys().next();
    if (oldest.done !== true) memory.requests.delete(oldest.value);
  }
}

export function newLinkMemory(deviceOfMonitor: (monitorId: string) => string | undefined, watches: (deviceId: string) => boolean = () => false): LinkMemory {
  return { requests: new Map(), deviceOfMonitor, watches };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const str = (value: unknown): string | null => (typeof value === 'string' ? value : null);
const int = (value: unknown): number | null => (typeof value === 'number' && Number.isInteger(value) ? value : null);

const UNREADABLE: FrameInfo = { frame: 'unreadable', name: null, invokeId: null, monitorId: null, seq: null, deviceId: null, value: null };

function parse(text: string): Record<string, unknown> | null {
  try {
    const value: unknown = JSON.parse(text);
    return isRecord(value) ? value : null;
  } catch {
    return null;
  }
}

/** Reads a frame; remembers the requests it sees so that their replies can be matched by device. */
export function readFrame(direction: FaultDirection, text: string, memory: LinkMemory): FrameInfo {
  const value = parse(text);
  if (value === null) return UNREADABLE;
  const none = { name: null, invokeId: null, monitorId: null, seq: null, deviceId: null, value };
  if (direction === 'fromAdapter') {
    const name = str(value['type']);
    if (name === null) return { ...UNREADABLE, value };
    const invokeId = int(value['invokeId']);
    const deviceId = str(value['deviceId']) ?? str(value['callingDevice']);
    if (invokeId !== null) rememberRequest(memory, invokeId, name, deviceId);
    return { ...none, frame: 'Request', name, invokeId, deviceId };
  }
  switch (value['type']) {
    case 'Response':
    case 'Error': {
      const invokeId = int(value['invokeId']);
      const asked = invokeId === null ? undefined : memory.requests.get(invokeId);
      const name = str(value['request']) ?? asked?.name ?? null;
      const deviceId = asked?.deviceId ?? null;
      if (invokeId !== null && asked !== undefined) memory.requests.delete(invokeId);
      return { ...none, frame: value['type'], name, invokeId, deviceId };
    }
    case 'Event': {
      const monitorId = str(value['monitorId']);
      const event = value['event'];
      return {
        ...none,
        frame: 'Event',
        name: isRecord(event) ? str(event['name']) : null,
        monitorId,
        seq: int(value['seq']),
        deviceId: monitorId === null ? null : (memory.deviceOfMonitor(monitorId) ?? null),
      };
    }
    case 'SystemStatus':
      return { ...none, frame: 'SystemStatus' };
    default:
      return { ...UNREADABLE, value };
  }
}

function parentOf(value: Readonly<Record<string, unknown>>, path: string): { readonly parent: Record<string, unknown>; readonly key: string } | null {
  const parts = path.split('.');
  const key = parts.pop();
  if (key === undefined) return null;
  let at: unknown = value;
  for (const part of parts) {
    if (!isRecord(at)) return null;
    at = at[part];
  }
  return isRecord(at) && Object.hasOwn(at, key) ? { parent: at, key } : null;
}

export function hasField(value: Readonly<Record<string, unknown>> | null, path: string): boolean {
  return value !== null && parentOf(value, path) !== null;
}

function typeName(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value;
}

/** A value of the wrong type for the one given: a string becomes its length, a number or boolean its text, anything else "corrupted". */
function wrong(value: unknown): unknown {
  if (typeof value === 'string') return value.length;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return 'corrupted';
}

/** The frame with the field's value replaced, and what changed (types only: values, passwords included, are never told). */
export function corrupt(value: Readonly<Record<string, unknown>>, path: string): { readonly text: string; readonly detail: string } | null {
  const copy = structuredClone(value) as Record<string, unknown>;
  const at = parentOf(copy, path);
  if (at === null) return null;
  const before = at.parent[at.key];
  const after = wrong(before);
  at.parent[at.key] = after;
  return { text: JSON.stringify(copy), detail: `${path}: ${typeName(before)} → ${typeName(after)}` };
}

/** The frame's text cut in half, so it is not JSON. */
export function malformed(text: string): { readonly text: string; readonly detail: string } {
  const cut = Math.max(1, Math.floor(text.length / 2));
  let broken = text.slice(0, cut);
  try {
    JSON.parse(broken);
    broken = `{${broken}`;
  } catch {
    // not JSON: as wanted
  }
  return { text: broken, detail: `cut after ${cut} of ${text.length} characters` };
}

/** The CSTA-JSON dialect's frames. */
export const JSON_FAULT_FRAMES: FaultFrames = { read: readFrame, corrupt, malformed };
