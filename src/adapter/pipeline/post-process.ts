/** EventPostProcessing: forgets calls that are over on this extension, so the table does not grow. */
import { callIdOf } from './call-record.ts';
import type { PostProcessInput, StageContext } from './types.ts';

export function postProcess({ event }: PostProcessInput, ctx: StageContext): void {
  const callId = callIdOf(event);
  if (callId !== undefined && ctx.calls.get(callId)?.ended === true) ctx.calls.forget(callId);
}
