/**
 * The small contact centre every property sequence plays in: two extensions with a desktop each,
 * one queue serving both, an agent per extension, two customers and two outside numbers. Small on
 * purpose: a few parties make collisions (two calls at one extension, a hang-up crossing an answer)
 * likely, and every name reads well in a counterexample.
 */
import type { Provisioning } from '../../simulator/index.ts';
import { desktopOf } from '../harness/trace.ts';

export const EXTENSIONS = ['8808', '8809'] as const;
export type Extension = (typeof EXTENSIONS)[number];

export const QUEUE = { id: 'Sales', dialledNumber: '8000', members: [...EXTENSIONS] } as const;

/** The agent who works at each extension, with the password the ACD knows. */
export const AGENTS: Readonly<Record<Extension, { readonly id: string; readonly password: string }>> = {
  '8808': { id: '5501', password: 'pw-5501' },
  '8809': { id: '5502', password: 'pw-5502' },
};

export const CUSTOMERS = ['16175551212', '16175550100'] as const;

/** An outside number that rings until the far end answers (a `far end answers` stimulus). */
export const RINGING_NUMBER = '16175550199';
/** An outside number that is always busy: the call fails at once. */
export const BUSY_NUMBER = '16175550142';
/** A number the dial plan does not know: the switch refuses it. */
export const UNKNOWN_NUMBER = '999';

export const REASON_CODES = ['LUNCH', 'BREAK'] as const;
/** A reason code the ACD refuses (not in its list). */
export const UNKNOWN_REASON = 'NAP';

export const MAX_CALLS_PER_SEQUENCE = 3;

/**
 * The extension with call waiting (decision 0061): a second call rings there beside one ringing or
 * connected. One extension only, so the other still shows the busy refusal a single-appearance line gives.
 */
export const CALL_WAITING_EXTENSION: Extension = '8808';

/** No timed behaviour anywhere (no after-call-work timer, no ring timeout, far ends that wait): the switch acts only when told, so quiet is decidable. */
export function provisioning(): Provisioning {
  return {
    extensions: [...EXTENSIONS],
    callWaiting: [CALL_WAITING_EXTENSION],
    queues: [{ id: QUEUE.id, dialledNumber: QUEUE.dialledNumber, members: [...QUEUE.members] }],
    agents: EXTENSIONS.map((e) => ({ id: AGENTS[e].id, password: AGENTS[e].password })),
    acd: { reasonCodes: [...REASON_CODES] },
    dialPlan: {
      outside: [
        { number: RINGING_NUMBER, behaviour: 'ring' },
        { number: BUSY_NUMBER, behaviour: 'busy' },
      ],
    },
  };
}

export function extensionOfAgent(agent: string): Extension | undefined {
  return EXTENSIONS.find((e) => AGENTS[e].id === agent);
}

/** The lab's one naming of desktops (src/harness/trace.ts). */
export const desktopName = desktopOf;
