/**
 * Runs one CTI event through the stages for one monitored extension. Never throws: a stage that
 * fails, or an event that would not match Pega's schema, is logged and the event is dropped
 * (as Pega drops an event whose processing fails).
 */
import type { CtiEvent } from '../../contract/cti-wire/frames.ts';
import { formatIssues } from '../../contract/validation.ts';
import { callIdOf } from './call-record.ts';
import type { PipelineStages, StageContext } from './types.ts';
import type { PegaEventCheck } from './validate.ts';

export function runPipeline(event: CtiEvent, stages: PipelineStages, check: PegaEventCheck, ctx: StageContext): void {
  const log = { DN: ctx.thisDN, cti: event.name };
  try {
    const callId = callIdOf(event);
    if (callId !== undefined && ctx.calls.isFinished(callId)) {
      ctx.logger.debug({ ...log, callId }, 'CTI event dropped: the call already ended on this extension');
      return;
    }
    const normalized = stages.setEventType({ event, call: callId === undefined ? undefined : ctx.calls.get(callId) }, ctx);
    // Bookkeeping follows the CTI facts, whatever the stages decide to show.
    if (callId !== undefined) ctx.calls.track(callId, event, ctx.thisDN);
    let delivered = false;
    if (normalized === null) {
      ctx.logger.debug(log, 'CTI event has no Pega event on this extension');
    } else if (!stages.filterEvent(normalized, ctx)) {
      ctx.logger.debug({ ...log, pega: normalized.name, mode: ctx.mode }, 'event filtered: not shown in this telephony mode');
    } else if (!stages.filterOnDeviceCapabilities(normalized, ctx)) {
      ctx.logger.debug({ ...log, pega: normalized.name }, 'event filtered: not supported by the device');
    } else {
      const pega = stages.convertEvent(normalized, ctx);
      const checked = check(pega);
      if (checked.ok) {
        stages.deliver({ DN: ctx.thisDN, event: pega }, ctx);
        delivered = true;
        ctx.logger.debug({ ...log, pega: normalized.name }, 'event delivered');
      } else {
        ctx.logger.error({ ...log, pega: normalized.name, issues: checked.issues }, `adapter bug: event does not match Pega's schema and was dropped: ${formatIssues(checked.issues)}`);
      }
    }
    stages.postProcess({ event, normalized, delivered }, ctx);
  } catch (error) {
    ctx.logger.error({ ...log, err: error }, 'event processing failed; event dropped');
  }
}
