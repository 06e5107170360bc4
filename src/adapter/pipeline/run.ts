/**
 * Runs one CTI event through the stages for one monitored extension. Never throws: a stage that
 * fails, or an event that would not match Pega's schema, is logged and that event is dropped
 * (as Pega drops an event whose processing fails). One CTI event may name several Pega events
 * (a transfer ends one call and continues another): each goes through the filters on its own.
 */
import type { CtiEvent } from '../../contract/cti-wire/frames.ts';
import { formatIssues } from '../../contract/validation.ts';
import { callIdOf } from './call-record.ts';
import type { NormalizedEvent, PipelineStages, StageContext } from './types.ts';
import type { PegaEventCheck } from './validate.ts';

export function runPipeline(event: CtiEvent, stages: PipelineStages, check: PegaEventCheck, ctx: StageContext): void {
  const log = { DN: ctx.thisDN, cti: event.name };
  try {
    const callId = callIdOf(event);
    if (callId !== undefined && ctx.calls.isFinished(callId)) {
      ctx.logger.debug({ ...log, callId }, 'CTI event dropped: the call already ended on this extension');
      return;
    }
    const normalized = stages.setEventType({ event, ...ctx.calls.known(event) }, ctx);
    // Bookkeeping follows the CTI facts, whatever the stages decide to show.
    ctx.calls.track(event, ctx.thisDN);
    if (normalized.length === 0) ctx.logger.debug(log, 'CTI event has no Pega event on this extension');
    let delivered = false;
    for (const one of normalized) delivered = deliverOne(one, stages, check, ctx, log) || delivered;
    stages.postProcess({ event, normalized, delivered }, ctx);
  } catch (error) {
    ctx.logger.error({ ...log, err: error }, 'event processing failed; event dropped');
  }
}

function deliverOne(normalized: NormalizedEvent, stages: PipelineStages, check: PegaEventCheck, ctx: StageContext, log: object): boolean {
  if (!stages.filterEvent(normalized, ctx)) {
    ctx.logger.debug({ ...log, pega: normalized.name, mode: ctx.mode }, 'event filtered: not shown in this telephony mode');
    return false;
  }
  if (!stages.filterOnDeviceCapabilities(normalized, ctx)) {
    ctx.logger.debug({ ...log, pega: normalized.name }, 'event filtered: not supported by the device');
    return false;
  }
  const pega = stages.convertEvent(normalized, ctx);
  const checked = check(pega);
  if (!checked.ok) {
    ctx.logger.error(
      { ...log, pega: normalized.name, issues: checked.issues },
      `adapter bug: event does not match Pega's schema and was dropped: ${formatIssues(checked.issues)}`,
    );
    return false;
  }
  stages.deliver({ DN: ctx.thisDN, event: pega }, ctx);
  ctx.logger.debug({ ...log, pega: normalized.name }, 'event delivered');
  return true;
}
