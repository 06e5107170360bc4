/**
 * The AMI dialect's packets as schemas: every action the simulator reads (by its Action header) and
 * every packet it writes (by its Event header, or a Response), each header with what its value may
 * be. A packet is `Key: Value` lines; here it is the object of its headers, keys as Asterisk spells
 * them, the headers that repeat (`Variable`, `ChanVariable`) as lists (packetObject). The published
 * AsyncAPI document (docs/dialects/ami.asyncapi.yaml) is generated from these, and every packet of
 * a certification's wire log is checked against them (test/simulator/ami-schemas.test.ts).
 *
 * Actions allow headers they do not name (Asterisk ignores them); what the simulator writes is
 * exact. Over 300 lines on purpose: declarations only, one schema per packet in two maps that the
 * generator and the checks read by name; splitting them apart would part each packet from the
 * header shapes it is written in.
 */
import { Type, type TSchema } from '@sinclair/typebox';
import type { Packet } from './packet.ts';

const open = { additionalProperties: true } as const;
const exact = { additionalProperties: false } as const;

const Text = (description: string) => Type.String({ maxLength: 8192, description });
const Count = Type.String({ pattern: '^[0-9]{1,10}$', description: 'a decimal count' });
const Flag = Type.String({ pattern: '^(0|1)$', description: '0 or 1' });
const Truth = Type.String({ pattern: '^(true|false|yes|no|1|0|on|off)$', description: "Asterisk's yes/no words" });
const Dialled = Type.String({ pattern: '^\\+?[0-9]{1,32}$', description: 'an extension or outside number' });
const Channel = Type.String({ pattern: '^PJSIP/\\+?[0-9]{1,32}-[A-Za-z0-9._:]{1,64}$', description: 'a call leg: PJSIP/<extension>-<call>' });
/** A channel an action names: any name Asterisk could be given (the simulator answers `No such channel` for one it does not have). */
const ChannelNamed = Type.String({ pattern: '^[A-Za-z]+/\\S{1,160}$', description: 'a channel: PJSIP/<extension>-<call> for one the simulator has' });
const Interface = Type.String({ pattern: '^PJSIP/\\+?[0-9]{1,32}$', description: "a phone: PJSIP/<extension> (a queue member's interface)" });
const CallId = Type.String({ pattern: '^[A-Za-z0-9._:]{1,64}$', description: 'the call (Linkedid)' });
const UniqueId = Type.String({ pattern: '^[A-Za-z0-9._:+]{1,100}$', description: '<call>.<extension>: one leg' });
const Assignment = Type.String({
  pattern: '^[^=]{1,64}=[\\s\\S]{0,1024}$',
  description: 'name=value (CTI_* names carry the CSTA particulars, others are call data)',
});
const Variables = (description: string) => Type.Optional(Type.Array(Assignment, { maxItems: 128, description }));

const ActionID = Type.Optional(Text('echoed in the answer and in the events of a list'));
const envelope = { Privilege: Type.Optional(Text('the event classes, e.g. call,all')), SequenceNumber: Type.Optional(Count), ActionID };

/** Asterisk's channel headers, as channel events carry them. */
const channelHeaders = {
  Channel,
  ChannelState: Type.String({ pattern: '^[0-9]$', description: '0 Down, 4 Ring, 5 Ringing, 6 Up' }),
  ChannelStateDesc: Type.Union(['Down', 'Ring', 'Ringing', 'Up'].map((s) => Type.Literal(s))),
  CallerIDNum: Type.Union([Dialled, Type.Literal('<unknown>')]),
  CallerIDName: Type.Optional(Text('always <unknown> here')),
  ConnectedLineNum: Type.Union([Dialled, Type.Literal('<unknown>')]),
  ConnectedLineName: Type.Optional(Text('always <unknown> here')),
  Language: Type.Optional(Text('en')),
  AccountCode: Type.Optional(Text('empty')),
  Context: Text('from-internal'),
  Exten: Type.Union([Dialled, Type.Literal('s')]),
  Priority: Count,
  Uniqueid: UniqueId,
  Linkedid: CallId,
};

const chanVariables = {
  ChanVariable: Variables("the channel's variables (manager.conf channelvars): CTI_CAUSE, CTI_CALLING, CTI_CALLED, CTI_DEVICES, … and call data"),
};

/** What every queue member report carries about the member's standing. */
const memberStanding = {
  StateInterface: Interface,
  Membership: Type.Literal('dynamic'),
  Penalty: Count,
  CallsTaken: Count,
  LastCall: Count,
  LastPause: Count,
};

/** A queue member's headers, as the member events carry them (agent state). */
const memberHeaders = {
  Queue: Text('the queue'),
  MemberName: Text('the agent id'),
  Interface,
  ...memberStanding,
  LoginTime: Count,
  InCall: Flag,
  Status: Type.String({ pattern: '^[0-9]$', description: '1 not in use, 2 in use' }),
  Paused: Flag,
  PausedReason: Text('why the member is paused: a reason code, CTI_ACW for after-call work, the logout reason on QueueMemberRemoved'),
  Ringinuse: Flag,
  Wrapuptime: Count,
};

const listEnd = { EventList: Type.Literal('Complete'), ListItems: Count };

/** The actions the simulator reads, by Action name. */
export const ActionSchemas = {
  Login: Type.Object(
    {
      Action: Type.Literal('Login'),
      ActionID,
      Username: Text("the CTI user, or an agent's own manager user (its password checked, nothing else allowed)"),
      Secret: Text('never logged'),
      Events: Type.Optional(Text('on, off, or event classes call,agent,cel,system')),
    },
    open,
  ),
  Logoff: Type.Object({ Action: Type.Literal('Logoff'), ActionID }, open),
  Ping: Type.Object({ Action: Type.Literal('Ping'), ActionID }, open),
  Events: Type.Object({ Action: Type.Literal('Events'), ActionID, EventMask: Text('on, off, or event classes') }, open),
  Filter: Type.Object({ Action: Type.Literal('Filter'), ActionID, Operation: Type.Literal('Add'), Filter: Text('literal text an event must hold') }, open),
  Originate: Type.Object(
    { Action: Type.Literal('Originate'), ActionID, Channel: Interface, Exten: Dialled, Variable: Variables('call data, name=value') },
    open,
  ),
  Hangup: Type.Object({ Action: Type.Literal('Hangup'), ActionID, Channel: ChannelNamed }, open),
  BlindTransfer: Type.Object({ Action: Type.Literal('BlindTransfer'), ActionID, Channel: ChannelNamed, Exten: Dialled }, open),
  Redirect: Type.Object({ Action: Type.Literal('Redirect'), ActionID, Channel: ChannelNamed, Exten: Dialled }, open),
  Atxfer: Type.Object({ Action: Type.Literal('Atxfer'), ActionID, Channel: ChannelNamed, Exten: Dialled }, open),
  PJSIPNotify: Type.Object(
    { Action: Type.Literal('PJSIPNotify'), ActionID, Channel: ChannelNamed, Variable: Variables('Event=talk (answer, retrieve) or Event=hold') },
    open,
  ),
  PlayDTMF: Type.Object(
    { Action: Type.Literal('PlayDTMF'), ActionID, Channel: ChannelNamed, Digit: Type.String({ pattern: '^[0-9*#A-D]$' }), Receive: Type.Optional(Truth) },
    open,
  ),
  CancelAtxfer: Type.Object({ Action: Type.Literal('CancelAtxfer'), ActionID, Channel: ChannelNamed }, open),
  QueueAdd: Type.Object(
    {
      Action: Type.Literal('QueueAdd'),
      ActionID,
      Interface,
      Queue: Type.Optional(Text('the queue')),
      MemberName: Text('the agent id'),
      Paused: Type.Optional(Truth),
    },
    open,
  ),
  QueueRemove: Type.Object({ Action: Type.Literal('QueueRemove'), ActionID, Interface, Queue: Type.Optional(Text('the queue')) }, open),
  QueuePause: Type.Object(
    {
      Action: Type.Literal('QueuePause'),
      ActionID,
      Interface,
      Paused: Truth,
      Queue: Type.Optional(Text('the queue')),
      Reason: Type.Optional(Text('a reason code, or CTI_ACW for after-call work')),
    },
    open,
  ),
  Status: Type.Object({ Action: Type.Literal('Status'), ActionID, Channel: Type.Optional(ChannelNamed), AllVariables: Type.Optional(Truth) }, open),
  CoreShowChannels: Type.Object({ Action: Type.Literal('CoreShowChannels'), ActionID }, open),
  QueueStatus: Type.Object(
    { Action: Type.Literal('QueueStatus'), ActionID, Queue: Type.Optional(Text('the queue')), Member: Type.Optional(Text('an agent id or interface')) },
    open,
  ),
  ExtensionState: Type.Object({ Action: Type.Literal('ExtensionState'), ActionID, Exten: Dialled, Context: Type.Optional(Text('from-internal')) }, open),
} satisfies Record<string, TSchema>;

/** What the simulator writes: answers (by the Response header) and events (by the Event header). */
export const ServerPacketSchemas = {
  Response: Type.Object(
    {
      Response: Type.Union(['Success', 'Error', 'Goodbye'].map((r) => Type.Literal(r))),
      ActionID,
      Message: Type.Optional(Text("Asterisk's words for the outcome; an Error's starts with Asterisk's phrase")),
      Ping: Type.Optional(Type.Literal('Pong')),
      Timestamp: Type.Optional(Type.String({ pattern: '^[0-9]+\\.[0-9]{6}$' })),
      Events: Type.Optional(Type.Union([Type.Literal('On'), Type.Literal('Off')])),
      EventList: Type.Optional(Type.Literal('start')),
      Exten: Type.Optional(Dialled),
      Context: Type.Optional(Text('from-internal')),
      Hint: Type.Optional(Type.Union([Interface, Type.Literal('')])),
      Status: Type.Optional(Type.String({ pattern: '^(-1|0|1|8)$', description: 'ExtensionState: -1 unknown, 0 idle, 1 in use, 8 ringing' })),
      StatusText: Type.Optional(Type.Union(['Unknown', 'Idle', 'InUse', 'Ringing'].map((s) => Type.Literal(s)))),
    },
    exact,
  ),
  FullyBooted: Type.Object({ Event: Type.Literal('FullyBooted'), ...envelope, Status: Type.Literal('Fully Booted'), Uptime: Count, LastReload: Count }, exact),
  OriginateResponse: Type.Object(
    {
      Event: Type.Literal('OriginateResponse'),
      ...envelope,
      Response: Type.Literal('Success'),
      Channel,
      Context: Text('from-internal'),
      Exten: Dialled,
      Reason: Type.Literal('4'),
      Uniqueid: UniqueId,
      CallerIDNum: Dialled,
      CallerIDName: Text('<unknown>'),
    },
    exact,
  ),
  Newstate: Type.Object({ Event: Type.Literal('Newstate'), ...envelope, ...channelHeaders, ...chanVariables }, exact),
  DialBegin: Type.Object({ Event: Type.Literal('DialBegin'), ...envelope, ...channelHeaders, DialString: Dialled, ...chanVariables }, exact),
  DialEnd: Type.Object(
    {
      Event: Type.Literal('DialEnd'),
      ...envelope,
      ...channelHeaders,
      DestChannel: Channel,
      DialStatus: Type.Union(['BUSY', 'NOANSWER', 'CHANUNAVAIL', 'CONGESTION'].map((s) => Type.Literal(s))),
      ...chanVariables,
    },
    exact,
  ),
  Hangup: Type.Object(
    { Event: Type.Literal('Hangup'), ...envelope, ...channelHeaders, Cause: Count, 'Cause-txt': Text('the Q.850 cause in words'), ...chanVariables },
    exact,
  ),
  CEL: Type.Object(
    { Event: Type.Literal('CEL'), ...envelope, EventName: Type.Literal('LINKEDID_END'), LinkedID: CallId, UniqueID: CallId, ...chanVariables },
    exact,
  ),
  Hold: Type.Object({ Event: Type.Literal('Hold'), ...envelope, ...channelHeaders, ...chanVariables }, exact),
  Unhold: Type.Object({ Event: Type.Literal('Unhold'), ...envelope, ...channelHeaders, ...chanVariables }, exact),
  BlindTransfer: Type.Object(
    { Event: Type.Literal('BlindTransfer'), ...envelope, Result: Type.Literal('Success'), ...channelHeaders, Extension: Dialled, ...chanVariables },
    exact,
  ),
  AttendedTransfer: Type.Object(
    {
      Event: Type.Literal('AttendedTransfer'),
      ...envelope,
      Result: Type.Literal('Success'),
      DestType: Type.Optional(Type.Literal('Threeway')),
      ...channelHeaders,
      DestTransfererChannel: Type.Optional(Channel),
      Extension: Type.Optional(Dialled),
      ...chanVariables,
    },
    exact,
  ),
  QueueMemberAdded: Type.Object({ Event: Type.Literal('QueueMemberAdded'), ...envelope, ...memberHeaders }, exact),
  QueueMemberRemoved: Type.Object({ Event: Type.Literal('QueueMemberRemoved'), ...envelope, ...memberHeaders }, exact),
  QueueMemberPause: Type.Object({ Event: Type.Literal('QueueMemberPause'), ...envelope, ...memberHeaders }, exact),
  QueueMemberStatus: Type.Object({ Event: Type.Literal('QueueMemberStatus'), ...envelope, ...memberHeaders }, exact),
  Status: Type.Object(
    {
      Event: Type.Literal('Status'),
      ...envelope,
      ...channelHeaders,
      Variable: Variables('with AllVariables: CTI_CALLING, CTI_CALLED, CTI_TRUNK, CTI_HELD=1 for a held party, and call data'),
    },
    exact,
  ),
  StatusComplete: Type.Object({ Event: Type.Literal('StatusComplete'), ...envelope, ...listEnd, Items: Count }, exact),
  CoreShowChannel: Type.Object(
    { Event: Type.Literal('CoreShowChannel'), ...envelope, ...channelHeaders, Application: Type.Literal('Dial'), BridgeId: CallId },
    exact,
  ),
  CoreShowChannelsComplete: Type.Object({ Event: Type.Literal('CoreShowChannelsComplete'), ...envelope, ...listEnd }, exact),
  QueueMember: Type.Object(
    {
      Event: Type.Literal('QueueMember'),
      ...envelope,
      Queue: Text('the queue'),
      Name: Text('the agent id'),
      MemberName: Text('the agent id'),
      Location: Interface,
      ...memberStanding,
      InCall: Flag,
      Status: Type.String({ pattern: '^[0-9]$' }),
      Paused: Flag,
      PausedReason: Text('the reason code, CTI_ACW for after-call work'),
    },
    exact,
  ),
  QueueStatusComplete: Type.Object({ Event: Type.Literal('QueueStatusComplete'), ...envelope, ...listEnd }, exact),
} satisfies Record<string, TSchema>;

export type ActionName = keyof typeof ActionSchemas;
export type ServerPacketName = keyof typeof ServerPacketSchemas;

/** The headers that may repeat in a packet, read as lists. */
const REPEATED = new Set(['variable', 'chanvariable']);

/**
 * A packet as the object its schema describes: each key spelled as `schema` spells it (AMI keys are
 * matched without regard to case), the repeating headers as lists; a key the schema does not name
 * keeps the packet's spelling. Null when a header other than the repeating ones comes twice.
 */
export function packetObject(packet: Packet, schema: TSchema): Record<string, unknown> | null {
  const spelled = new Map(Object.keys(schema['properties'] as object).map((k) => [k.toLowerCase(), k]));
  const out: Record<string, unknown> = {};
  const lists = new Map<string, string[]>();
  for (const [key, value] of packet.headers) {
    const name = spelled.get(key.toLowerCase()) ?? key;
    if (REPEATED.has(key.toLowerCase())) {
      const list = lists.get(name) ?? [];
      list.push(value);
      lists.set(name, list);
    } else if (Object.hasOwn(out, name)) return null;
    else out[name] = value;
  }
  for (const [name, list] of lists) out[name] = list;
  return out;
}
