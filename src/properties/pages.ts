/**
 * The property run's requests in Pega's terms: the adapter page a desktop sends, and an outcome in words.
 */
import type { Simulator } from '../../simulator/index.ts';
import type { AdapterPage } from '../contract/index.ts';
import { outsidePartyOf } from './commands.ts';
import type { Outcome } from './record.ts';
import type { RequestSpec } from './specs.ts';
import { AGENTS, EXTENSIONS } from './world.ts';
/** The adapter page Pega sets for a request (as the Lab's steps do), with the switch's call ids. */
export function pageOf(spec: RequestSpec, idOf: (ordinal: number) => string | undefined, truth: ReturnType<Simulator['control']['truth']>): AdapterPage {
  const ext = spec.extension;
  const agent = AGENTS[ext];
  const callId = typeof spec.call === 'number' ? idOf(spec.call) : undefined;
  const reason = spec.reason === undefined ? {} : { AgentOptions: { pyOpenCTI: { pyReasonCode: spec.reason } } };
  switch (spec.activity) {
    case 'OpenAdapter':
    case 'CloseAdapter':
      return {};
    case 'SubscribeForEvents':
    case 'UnSubscribeForEvents':
      return { DN: ext };
    case 'LoginAgent':
      return { DN: ext, AgentID: agent.id, AgentPassword: spec.password === 'wrong' ? 'not-the-password' : agent.password };
    case 'LogoutAgent':
      return { DN: ext, AgentID: agent.id, ...reason };
    case 'SetAgentReady':
      return { DN: ext, AgentID: agent.id };
    case 'SetAgentNotReady':
      return { DN: ext, AgentID: agent.id, ...(spec.afterCallWork === true ? { WorkMode: 'AFTER_CALL_WORK' } : reason) };
    case 'HoldCall':
    case 'RetrieveCall':
      return { DN: ext, ...(callId === undefined ? {} : { CallID: callId, HeldCallId: callId }) };
    case 'TransferComplete':
    case 'ConferenceComplete': {
      const held = spec.held === undefined ? undefined : idOf(spec.held);
      return { DN: ext, ...(callId === undefined ? {} : { CallID: callId }), ...(held === undefined ? {} : { HeldCallId: held }) };
    }
    case 'DropParty': {
      // "the far end" of the named call when the destination is an outside number that is in it.
      const party =
        spec.destination === undefined ? undefined : spec.destination.length > 6 ? (outsidePartyOf(truth, callId) ?? spec.destination) : spec.destination;
      return { DN: ext, ...(callId === undefined ? {} : { CallID: callId }), ...(party === undefined ? {} : { Destination: party }) };
    }
    default:
      return {
        DN: ext,
        ...(callId === undefined ? {} : { CallID: callId }),
        ...(spec.destination === undefined ? {} : { Destination: spec.destination }),
        ...(spec.digits === undefined ? {} : { Digits: spec.digits }),
        ...(spec.activity === 'MakeCall' && spec.destination === undefined ? { Destination: EXTENSIONS.find((e) => e !== ext) ?? ext } : {}),
      };
  }
}

export function outcomeWords(outcome: Outcome): string {
  switch (outcome.kind) {
    case 'result':
      return outcome.result.ok ? 'success' : `${outcome.result.errCode} (${outcome.result.errMessage})`;
    case 'threw':
      return `no result of the contract: ${outcome.message}`;
    case 'timeout':
      return `no answer within ${outcome.afterMs} ms`;
  }
}
