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
  // Log fields are written out at each line, not spread from a shared object: this runs for every
  // event, and a debug line that is off then costs no copy.
  try {
    const callId = callIdOf(event);
    if (callId !== undefined && ctx.calls.isFinished(callId)) {
      // A call's first event under an id the switch has cleared: it gave the id to a new call (PBXs
      // recycle call ids). Any other event for a call over here, a ringing one too, is a late one.
      if ((event.name === 'Delivered' || event.name === 'Originated') && ctx.calls.wasCleared(callId)) ctx.calls.reopen(callId);
      else {
        ctx.logger.debug({ DN: ctx.thisDN, cti: event.name, callId }, 'CTI event dropped: the call already ended on this extension');
        return;
      }
    }
    const known = ctx.calls.known(event);
    const normalized = stages.setEventType({ event, call: known.call, secondary: known.secondary }, ctx);
    // Bookkeeping follows the CTI facts, whatever the stages decide to show.
    ctx.calls.track(event, ctx.thisDN);
    if (normalized.length === 0) ctx.logger.debug({ DN: ctx.thisDN, cti: event.name }, 'CTI event has no Pega event on this extension');
    let delivered = false;
    for (const one of normalized) delivered = deliverOne(one, event.name, stages, check, ctx) || delivered;
    stages.postProcess({ event, normalized, delivered }, ctx);
  } catch (error) {
    ctx.logger.error({ DN: ctx.thisDN, cti: event.name, err: error }, 'event processing failed; event dropped');
  }
}

function deliverOne(normalized: NormalizedEvent, cti: CtiEvent['name'], stages: PipelineStages, check: PegaEventCheck, ctx: StageContext): boolean {
  if (!stages.filterEvent(normalized, ctx)) {
    ctx.logger.debug({ DN: ctx.thisDN, cti, pega: normalized.name, mode: ctx.mode }, 'event filtered: not shown in this telephony mode');
    return false;
  }
  if (!stages.filterOnDeviceCapabilities(normalized, ctx)) {
    ctx.logger.debug({ DN: ctx.thisDN, cti, pega: normalized.name }, 'event filtered: not supported by the device');
    return false;
  }
  const pega = stages.convertEvent(normalized, ctx);
  const checked = check(pega);
  if (!checked.ok) {
    ctx.logger.error(
      { DN: ctx.thisDN, cti, pega: normalized.name, issues: checked.issues },
      `adapter bug: event does not match Pega's schema and was dropped: ${formatIssues(checked.issues)}`,
    );
    return false;
  }
  stages.deliver({ DN: ctx.thisDN, event: pega }, ctx);
  ctx.logger.debug({ DN: ctx.thisDN, cti, pega: normalized.name }, 'event delivered');
  return true;
}
