/**
 * Seeded hostile input for the simulator's AMI (issue #17): packets that are no `Key: Value` text,
 * actions with hostile values, unknown and missing actions, control characters and unicode — each
 * one packet the server answers with one Response — and the ones it must close on: an overlong line,
 * a packet that never ends.
 */
import fc from 'fast-check';
import type { Hostile } from './generators.ts';

/** Values a header may carry: no CR or LF, which would end the line (and the packet) early. */
const value = fc
  .oneof(
    fc.string({ maxLength: 40 }),
    fc.string({ unit: 'binary', maxLength: 40 }),
    fc.constantFrom(
      '',
      '8808',
      'PJSIP/8808',
      'PJSIP/8808-C1',
      'PJSIP/-',
      '\u0000',
      'a\u0000b',
      '\u202e8808',
      '８８０８',
      '9'.repeat(300),
      '__proto__',
      'constructor',
      'true',
      '-1',
    ),
  )
  .map((v) => v.replace(/[\r\n]/g, ''));

const ACTIONS = [
  'Login',
  'Ping',
  'Events',
  'Filter',
  'Originate',
  'Hangup',
  'BlindTransfer',
  'Redirect',
  'Atxfer',
  'PlayDTMF',
  'QueueAdd',
  'QueueRemove',
  'QueuePause',
  'Status',
  'CoreShowChannels',
  'QueueStatus',
  'ExtensionState',
] as const;
const KEYS = [
  'Channel',
  'Exten',
  'Context',
  'Priority',
  'Variable',
  'Interface',
  'MemberName',
  'Queue',
  'Paused',
  'Reason',
  'Digit',
  'Member',
  'Operation',
  'Filter',
  'EventMask',
  'Username',
  'Secret',
  'AllVariables',
  'ActionID',
  '__proto__',
] as const;

function packet(lines: readonly string[]): Buffer {
  return Buffer.from(`${lines.join('\r\n')}\r\n\r\n`, 'utf8');
}

/** A known action with hostile headers: answered Success or Error, never both, never nothing. */
const hostileAction = fc
  .tuple(fc.constantFrom(...ACTIONS), fc.array(fc.tuple(fc.constantFrom(...KEYS), value), { maxLength: 6 }), fc.nat({ max: 999_999 }))
  .map(([action, pairs, id]) => ({
    cls: 'hostile values',
    bytes: packet([`Action: ${action}`, `ActionID: H${id}`, ...pairs.filter(([k]) => k !== 'ActionID').map(([k, v]) => `${k}: ${v}`)]),
  }));

const malformed = fc.oneof(
  fc
    .string({ minLength: 1, maxLength: 60 })
    .map((t) => t.replace(/[\r\n:]/g, 'x') || 'x')
    .map((t) => ({ cls: 'not Key: Value', bytes: packet([t]) })),
  fc
    .constantFrom(': no key', 'Bad Key With Spaces: 1', `${'K'.repeat(80)}: long key`, 'Action: Ping\u0007', 'Action:\u0000Ping')
    .map((t) => ({ cls: 'malformed header', bytes: packet([t]) })),
);

const unknown = fc.oneof(
  fc
    .string({ minLength: 1, maxLength: 30 })
    .map((t) => t.replace(/[\r\n]/g, '') || 'Nope')
    .map((name) => ({ cls: 'unknown actions', bytes: packet([`Action: ${name}`, 'ActionID: U1']) })),
  fc.constant({ cls: 'missing action', bytes: packet(['ActionID: M1', 'Channel: PJSIP/8808']) }),
);

/** What the server must close on, after a Response: Error naming the limit. */
const killers = fc.oneof(
  fc.integer({ min: 8_193, max: 20_000 }).map((n) => ({ cls: 'overlong line', bytes: Buffer.from(`Action: Ping\r\nActionID: ${'x'.repeat(n)}`) })),
  fc
    .integer({ min: 70, max: 90 })
    .map((n) => ({ cls: 'packet never ends', bytes: Buffer.from(`Action: Originate\r\n${`Variable: k=${'v'.repeat(1000)}\r\n`.repeat(n)}`) })),
);

export const amiHostile: fc.Arbitrary<Hostile> = fc.oneof(
  { weight: 30, arbitrary: fc.oneof(hostileAction, malformed, unknown).map((h) => ({ ...h, ends: 'answer' as const })) },
  { weight: 1, arbitrary: killers.map((k) => ({ ...k, ends: 'close' as const })) },
);
