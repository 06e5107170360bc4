/** The last check before an event leaves the adapter: it must match Pega's schema for its type. */
import { PegaEventSchemas } from '../../contract/pega/events.ts';
import { compileTagged, type Check } from '../../contract/validation.ts';

export type PegaEventCheck = Check<unknown>;

// Compiled once, not per adapter: a pure function of the schemas, and compiling them took ~8 % of a
// property run's CPU, which creates an adapter per desktop per sequence (bench/README.md).
const checkPegaEvent = compileTagged('pyEventType', PegaEventSchemas, 'event');

export function createPegaEventCheck(): PegaEventCheck {
  return checkPegaEvent;
}
