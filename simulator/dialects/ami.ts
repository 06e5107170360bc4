/** The Asterisk Manager Interface dialect: AMI packets over TCP (docs/dialects/ami.md). */
import { AMI_BANNER, AMI_ERROR_PHRASES } from '../../src/contract/ami/vocabulary.ts';
import { createAmiDeframer } from '../../src/contract/ami/deframer.ts';
import { AMI_FAULT_FRAMES } from '../protocol/ami/fault-frames.ts';
import { encodePacket } from '../../src/contract/ami/packet.ts';
import { createAmiSession } from '../sessions/ami-session.ts';
import type { Dialect } from './dialect.ts';

export function createAmiDialect(): Dialect {
  return {
    name: 'ami',
    transport: { kind: 'tcp', scheme: 'ami', greeting: () => `${AMI_BANNER}\r\n`, deframer: createAmiDeframer },
    faultFrames: AMI_FAULT_FRAMES,
    openSession: (ctx, send, logger, hangUp) => createAmiSession(ctx, send, logger, hangUp),
    refusal: (invokeId, _request, code, message) =>
      encodePacket([
        ['Response', 'Error'],
        ['ActionID', String(invokeId)],
        ['Message', `${AMI_ERROR_PHRASES[code]}: ${message}`],
      ]),
  };
}
