/** Sends the event to the desktop of the extension: the sink the harness (or Pega) gave the adapter. */
import type { EventDelivery } from '../../contract/pega/events.ts';
import type { StageContext } from './types.ts';

export function deliver(delivery: EventDelivery, ctx: StageContext): void {
  ctx.sink.deliver(delivery);
}
