/** Request frames as they may be logged: no password (the CTI link user's or an agent's) ever reaches a log. */
import type { RequestFrame } from '../../contract/cti-wire/frames.ts';

export function loggableRequest(frame: RequestFrame): object {
  switch (frame.type) {
    case 'StartApplicationSession':
    case 'AgentLogin':
      return { ...frame, password: '[redacted]' };
    default:
      return frame;
  }
}
