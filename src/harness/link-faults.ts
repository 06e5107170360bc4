/**
 * The link faults the lab's steps and the property run inject, as rules of a simulator fault plan
 * (simulator/faults). One source for both, so a regression scenario exported from a counterexample
 * injects exactly the fault the property run did.
 */
import type { FaultRule } from '../../simulator/faults/types.ts';

export type LinkFault =
  /** The next event about the extension reaches its adapter twice, unchanged (same sequence number). */
  | { readonly kind: 'duplicate' }
  /** The next event about the extension is held back this long; what follows on that link waits behind it. */
  | { readonly kind: 'delay'; readonly ms: number }
  /** The next event about the extension never reaches its adapter. */
  | { readonly kind: 'lose' }
  /** The next event about the extension arrives as text that is not JSON. */
  | { readonly kind: 'garble' }
  /** The next event about the extension arrives with its sequence number of the wrong type (a frame the wire's schema refuses). */
  | { readonly kind: 'corrupt' }
  /** The next two events about the extension arrive swapped. */
  | { readonly kind: 'reorder' }
  /**
   * The link drops instead of passing on the next event about the extension. Not an answer to a
   * request naming it: another desktop's adapter asks about the extension too (DropParty, a
   * transfer to it), and its link is not the one this fault is for.
   */
  | { readonly kind: 'closeLink' };

/** The one rule that applies `fault` once, to the next frame(s) about `extension` the switch sends. */
export function linkFaultRule(fault: LinkFault, extension: string): FaultRule {
  const match = { frame: 'Event' as const, deviceId: extension };
  switch (fault.kind) {
    case 'duplicate':
      return { direction: 'toAdapter', match, action: { kind: 'duplicate' }, times: 1 };
    case 'lose':
      return { direction: 'toAdapter', match, action: { kind: 'drop' }, times: 1 };
    case 'garble':
      return { direction: 'toAdapter', match, action: { kind: 'malformed' }, times: 1 };
    case 'corrupt':
      return { direction: 'toAdapter', match, action: { kind: 'corrupt', field: 'seq' }, times: 1 };
    case 'delay':
      return { direction: 'toAdapter', match, action: { kind: 'delay', ms: fault.ms }, times: 1 };
    case 'reorder':
      return { direction: 'toAdapter', match, action: { kind: 'reorder', window: 2 }, times: 2 };
    case 'closeLink':
      return { direction: 'toAdapter', match, action: { kind: 'closeLink' }, times: 1 };
  }
}
