/** The last check before an event leaves the adapter: it must match Pega's schema for its type. */
import { PegaEventSchemas } from '../../contract/pega/events.ts';
import { compileTagged, type Check } from '../../contract/validation.ts';

export type PegaEventCheck = Check<unknown>;

export function createPegaEventCheck(): PegaEventCheck {
  return compileTagged('pyEventType', PegaEventSchemas, 'event');
}
