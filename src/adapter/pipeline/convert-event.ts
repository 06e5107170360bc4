/** ConvertEvent: shapes a normalized event into the py* event Pega's Call Control Panel reads. */
import type { PegaEvent } from '../../contract/pega/events.ts';
import type { NormalizedEvent, StageContext } from './types.ts';

export function convertEvent(event: NormalizedEvent, ctx: StageContext): PegaEvent {
  switch (event.kind) {
    case 'agent':
      return { pyEventType: 'AgentStateEvent', pyEventName: event.name, pyMedia: 'Phone', pyReasonCode: event.reasonCode, pyWorkMode: event.workMode };
    case 'party':
      return {
        pyEventType: 'PartyInfoEvent',
        pyEventName: 'PartyInfo',
        pyCallId: event.callId,
        pyMedia: 'Phone',
        pyThisDN: ctx.thisDN,
        pyParties: event.parties.map((pyDN) => ({ pyDN })),
      };
    case 'call': {
      const { call } = event;
      return {
        pyEventType: 'CallStateEvent',
        pyEventName: event.name,
        pyCallId: call.callId,
        pyCallType: call.callType,
        pyMedia: 'Phone',
        pyANI: call.ani,
        pyDNIS: call.dnis,
        pyOtherDN: call.otherDN,
        pyThisDN: ctx.thisDN,
        ...(event.failure === undefined ? {} : { pyCallState: event.failure }),
        pyNamedVariables: { ...call.callData },
      };
    }
  }
}
