/**
 * Request frames as they may be logged: no password (the CTI link user's or an agent's) ever
 * reaches a log, nor DTMF digits (a CSR may key a customer's PIN or card number for an IVR).
 */
import type { RequestFrame } from '../../contract/cti-wire/frames.ts';

export function loggableRequest(frame: RequestFrame): object {
  switch (frame.type) {
    case 'StartApplicationSession':
    case 'AgentLogin':
      return { ...frame, password: '[redacted]' };
    case 'GenerateDigits':
      return { ...frame, digits: `[${frame.digits.length} digits redacted]` };
    default:
      return frame;
  }
}
