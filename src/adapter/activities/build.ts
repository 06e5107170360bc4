/**
 * Builds the Pega face: one method per activity in ACTIVITIES. Each checks the mode rule first,
 * then runs its handler (or the not-implemented fallback), and never rejects.
 */
import { ACTIVITY_NAMES, type ActivityName, type AdapterPage } from '../../contract/pega/activities.ts';
import type { ActivityResult } from '../../contract/pega/errors.ts';
import type { AdapterLogger, PegaCallAdapter } from '../../contract/pega/face.ts';
import type { TelephonyMode } from '../../contract/pega/modes.ts';
import { failure } from '../errors.ts';
import type { Handler, Handlers } from './handler.ts';
import { notImplementedYet } from './implementations.ts';
import { refuseOutOfMode } from './mode-gate.ts';

export function buildActivities(handlers: Handlers, mode: TelephonyMode, logger: AdapterLogger): PegaCallAdapter {
  const adapter: Handlers = {};
  for (const name of ACTIVITY_NAMES) adapter[name] = guarded(name, handlers[name], mode, logger);
  if (!isComplete(adapter)) throw new Error('reference adapter bug: an activity has no method');
  return Object.freeze(adapter);
}

function guarded(name: ActivityName, handler: Handler | undefined, mode: TelephonyMode, logger: AdapterLogger): Handler {
  return async (page: AdapterPage): Promise<ActivityResult> => {
    let result: ActivityResult;
    try {
      result = refuseOutOfMode(name, mode) ?? (handler === undefined ? notImplementedYet(name) : await handler(page));
    } catch (error) {
      logger.error({ activity: name, err: error }, `${name} failed: adapter bug`);
      result = failure('internal', { activity: name });
    }
    // Only the fields that identify the request: the page may carry AgentPassword.
    const request = { activity: name, DN: page?.DN, CallID: page?.CallID, AgentID: page?.AgentID };
    if (result.ok) logger.info(request, `${name} succeeded`);
    else logger.info({ ...request, errCode: result.errCode }, `${name} failed: ${result.errMessage}`);
    return result;
  };
}

function isComplete(adapter: Handlers): adapter is Record<ActivityName, Handler> {
  return ACTIVITY_NAMES.every((name) => typeof adapter[name] === 'function');
}
