/** Framing on a TCP byte stream: the types live in the contract (src/contract/stream-framing.ts), where both ends of a TCP dialect read them. */
export type { Deframed, Deframer, StreamLimits } from '../../src/contract/stream-framing.ts';
