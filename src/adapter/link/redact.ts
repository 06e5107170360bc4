/** Request frames as they may be logged: StartApplicationSession's password never reaches a log. */
import type { RequestFrame } from '../../contract/cti-wire/frames.ts';

export function loggableRequest(frame: RequestFrame): object {
  return frame.type === 'StartApplicationSession' ? { ...frame, password: '[redacted]' } : frame;
}
