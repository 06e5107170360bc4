/**
 * The call-control activities of Full telephony (decision 0013): each reads its adapter-page
 * properties (CALL_CONTROL_PAGES), finds the call the page does not name from the switch's view of
 * DN, and sends one CTI request. Success only means the switch accepted; the desktop learns the
 * outcome from the switch's events.
 *
 * | activity | CTI request |
 * |---|---|
 * | AnswerCall | AnswerCall {callId, DN} |
 * | HangUpCall | ClearConnection {callId, DN} |
 * | HoldCall / RetrieveCall | HoldCall / RetrieveCall {callId, DN} |
 * | MakeCall | MakeCall {DN → Destination, CallData} |
 * | SendDTMF | GenerateDigits {callId, DN, Digits} |
 * | ConsultationCall, ConferenceInitiate, TransferInitiate | ConsultationCall {callId held, DN → Destination, call data} |
 * | TransferComplete / ConferenceComplete | TransferCall / ConferenceCall {held, active, DN} |
 * | DropParty | ClearConnection {callId, Destination} |
 * | BlindTransfer | SingleStepTransfer {callId, DN → Destination, CallData} |
 */
import type { CallData, SnapshotCall } from '../../contract/cti-wire/frames.ts';
import type { AdapterPage, CallControlActivity } from '../../contract/pega/activities.ts';
import { ACTIVITY_SUCCESS, type ActivityResult } from '../../contract/pega/errors.ts';
import { pickCall, stateOf, type Tiers } from '../calls/pick.ts';
import { failure } from '../errors.ts';
import type { CallControlOps, AdapterSession } from '../session.ts';
import type { Handler } from './handler.ts';
import { readCallData, readCallId, readDestination, readDigits, readDN, type Read } from './page.ts';

/** Which calls fit each activity when the page names none (see pick.ts). */
const RINGING: Tiers = [['alerting']];
const CONNECTED: Tiers = [['connected']];
const HELD: Tiers = [['held']];
/** Hang up: the call not on hold (talking, dialling or ringing), else the held one. */
const TO_LEAVE: Tiers = [['connected', 'initiated', 'alerting'], ['held']];
/** The consult call of a transfer or conference may still be ringing at the far end. */
const CONSULT_LEG: Tiers = [['connected', 'initiated', 'alerting']];

type Prop = 'CallID' | 'HeldCallId';

/** A call id from the page, or the only call at DN that fits `tiers`; a failure naming `property` (the page properties that could have named it) otherwise. */
async function callToActOn(
  calls: () => Promise<readonly SnapshotCall[]>,
  at: { activity: string; dn: string },
  given: string | undefined,
  property: string,
  tiers: Tiers,
  exclude?: string,
): Promise<Read<string>> {
  if (given !== undefined) return { ok: true, value: given };
  const pick = pickCall(await calls(), tiers, exclude);
  switch (pick.kind) {
    case 'found':
      return { ok: true, value: pick.callId };
    case 'none':
      return { ok: false, result: failure('noCallFound', { ...at, property, callState: pick.callState }) };
    case 'several':
      return { ok: false, result: failure('ambiguousCall', { ...at, property, callState: pick.callState, candidates: pick.candidates }) };
  }
}

/** Two page reads, the first failure winning. */
function both<A, B>(a: Read<A>, b: Read<B>): Read<readonly [A, B]> {
  if (!a.ok) return a;
  if (!b.ok) return b;
  return { ok: true, value: [a.value, b.value] };
}

const nonEmpty = (data: CallData): { callData?: CallData } => (Object.keys(data).length === 0 ? {} : { callData: data });

interface Common {
  readonly activity: CallControlActivity;
  readonly dn: string;
}

export function callControl(session: AdapterSession): Record<CallControlActivity, Handler> {
  /** Reads DN, then `prepare` reads the rest of the page (no link needed) and returns the action to run on the link. */
  const handler =
    (activity: CallControlActivity, prepare: (page: AdapterPage, common: Common) => Read<(ops: CallControlOps) => Promise<ActivityResult>>): Handler =>
    async (page) => {
      const dn = readDN(activity, page);
      if (!dn.ok) return dn.result;
      const action = prepare(page, { activity, dn: dn.value });
      return action.ok ? session.callControl(activity, dn.value, action.value) : action.result;
    };

  /**
   * One request about one call at DN: the page's call id (first of `names` present), else the only
   * call fitting `tiers`; `readMore` reads what else the request needs from the page.
   */
  const onOneCall = <T>(
    activity: CallControlActivity,
    names: readonly Prop[],
    tiers: Tiers,
    readMore: (page: AdapterPage) => Read<T>,
    request: (callId: string, more: T, common: Common, ops: CallControlOps) => Promise<void>,
  ): Handler =>
    handler(activity, (page, common) => {
      let given: string | undefined;
      for (const name of names) {
        const read = readCallId(activity, page, name);
        if (!read.ok) return read;
        given ??= read.value;
      }
      const more = readMore(page);
      if (!more.ok) return more;
      const property = names.join(' or ');
      return {
        ok: true,
        value: async (ops) => {
          const callId = await callToActOn(ops.calls, common, given, property, tiers);
          if (!callId.ok) return callId.result;
          await request(callId.value, more.value, common, ops);
          return ACTIVITY_SUCCESS;
        },
      };
    });
  const nothingMore = (): Read<undefined> => ({ ok: true, value: undefined });

  /** ConsultationCall, ConferenceInitiate, TransferInitiate: hold the call and consult Destination; the consult carries the held call's data. */
  const consult = (activity: CallControlActivity): Handler =>
    onOneCall(
      activity,
      ['CallID'],
      CONNECTED,
      (page) => both(readDestination(activity, page), readCallData(activity, page)),
      async (callId, [destination, data], { dn }, ops) => {
        // Voice and data transfer: the consulted party's desktop gets the customer's call data.
        const callData = { ...ops.knownCallData(callId), ...data };
        await ops.send(
          { type: 'ConsultationCall', existingCallId: callId, deviceId: dn, consultedDevice: destination, ...nonEmpty(callData) },
          { callId, destination },
        );
      },
    );

  /** TransferComplete, ConferenceComplete: the held call and the active (consult) call, from the page or the switch. */
  const complete = (activity: CallControlActivity, type: 'TransferCall' | 'ConferenceCall'): Handler =>
    handler(activity, (page, common) => {
      const callId = readCallId(activity, page, 'CallID');
      if (!callId.ok) return callId;
      const heldCallId = readCallId(activity, page, 'HeldCallId');
      if (!heldCallId.ok) return heldCallId;
      return {
        ok: true,
        value: async (ops) => {
          const ids = await completeIds(ops, common, callId.value, heldCallId.value);
          if (!ids.ok) return ids.result;
          const { held, active } = ids.value;
          await ops.send({ type, heldCallId: held, activeCallId: active, deviceId: common.dn }, { callId: active, heldCallId: held });
          return ACTIVITY_SUCCESS;
        },
      };
    });

  return {
    AnswerCall: onOneCall('AnswerCall', ['CallID'], RINGING, nothingMore, (callId, _, { dn }, ops) =>
      ops.send({ type: 'AnswerCall', callId, deviceId: dn }, { callId }),
    ),
    HangUpCall: onOneCall('HangUpCall', ['CallID'], TO_LEAVE, nothingMore, (callId, _, { dn }, ops) =>
      ops.send({ type: 'ClearConnection', callId, deviceId: dn }, { callId }),
    ),
    // holdCall's page names the call to hold HeldCallId (server-side guide); CallID when it is blank.
    HoldCall: onOneCall('HoldCall', ['HeldCallId', 'CallID'], CONNECTED, nothingMore, (callId, _, { dn }, ops) =>
      ops.send({ type: 'HoldCall', callId, deviceId: dn }, { callId }),
    ),
    RetrieveCall: onOneCall('RetrieveCall', ['HeldCallId', 'CallID'], HELD, nothingMore, (callId, _, { dn }, ops) =>
      ops.send({ type: 'RetrieveCall', callId, deviceId: dn }, { callId }),
    ),
    SendDTMF: onOneCall(
      'SendDTMF',
      ['CallID'],
      CONNECTED,
      (page) => readDigits('SendDTMF', page),
      (callId, digits, { dn }, ops) => ops.send({ type: 'GenerateDigits', callId, deviceId: dn, digits }, { callId }),
    ),
    MakeCall: handler('MakeCall', (page, { dn }) => {
      const destination = readDestination('MakeCall', page);
      if (!destination.ok) return destination;
      const data = readCallData('MakeCall', page);
      if (!data.ok) return data;
      return {
        ok: true,
        value: async (ops) => {
          await ops.send(
            { type: 'MakeCall', callingDevice: dn, calledDirectoryNumber: destination.value, ...nonEmpty(data.value) },
            { destination: destination.value },
          );
          return ACTIVITY_SUCCESS;
        },
      };
    }),
    ConsultationCall: consult('ConsultationCall'),
    ConferenceInitiate: consult('ConferenceInitiate'),
    TransferInitiate: consult('TransferInitiate'),
    ConferenceComplete: complete('ConferenceComplete', 'ConferenceCall'),
    TransferComplete: complete('TransferComplete', 'TransferCall'),
    DropParty: onOneCall(
      'DropParty',
      ['CallID'],
      CONNECTED,
      (page) => readDestination('DropParty', page),
      (callId, party, _, ops) => ops.send({ type: 'ClearConnection', callId, deviceId: party }, { callId, destination: party }),
    ),
    BlindTransfer: onOneCall(
      'BlindTransfer',
      ['CallID'],
      CONNECTED,
      (page) => both(readDestination('BlindTransfer', page), readCallData('BlindTransfer', page)),
      // The call itself moves, with the data the switch holds for it; the page's data is added.
      (callId, [destination, data], { dn }, ops) =>
        ops.send({ type: 'SingleStepTransfer', callId, deviceId: dn, transferredTo: destination, ...nonEmpty(data) }, { callId, destination }),
    ),
  };
}

/**
 * The held and the active call of a transfer or conference. Both named and distinct: as named.
 * Otherwise the switch's view decides: a named call that is on hold is the held one (whichever
 * property named it), and the missing one is the only call fitting its role.
 */
async function completeIds(
  ops: CallControlOps,
  at: Common,
  callId: string | undefined,
  heldCallId: string | undefined,
): Promise<Read<{ held: string; active: string }>> {
  if (callId !== undefined && heldCallId !== undefined && callId !== heldCallId) return { ok: true, value: { held: heldCallId, active: callId } };
  const calls = await ops.calls();
  const named = callId ?? heldCallId;
  let held = heldCallId !== undefined && heldCallId !== callId ? heldCallId : undefined;
  let active: string | undefined;
  if (named !== undefined && held === undefined) {
    if (stateOf(calls, named) === 'held') held = named;
    else active = named;
  }
  const seen = async (): Promise<readonly SnapshotCall[]> => calls;
  const heldRead = await callToActOn(seen, at, held, 'HeldCallId', HELD, active);
  if (!heldRead.ok) return heldRead;
  const activeRead = await callToActOn(seen, at, active, 'CallID', CONSULT_LEG, heldRead.value);
  if (!activeRead.ok) return activeRead;
  return { ok: true, value: { held: heldRead.value, active: activeRead.value } };
}
