/** EventPostProcessing: forgets calls that are over on this extension, so the table does not grow. */
import { callIdsOf } from './call-record.ts';
import type { PostProcessInput, StageContext } from './types.ts';

export function postProcess({ event }: PostProcessInput, ctx: StageContext): void {
  for (const callId of callIdsOf(event)) if (ctx.calls.get(callId)?.ended === true) ctx.calls.forget(callId);
}
