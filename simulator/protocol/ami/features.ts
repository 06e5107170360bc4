/**
 * Digits keyed at a phone (PlayDTMF with Receive) as Asterisk's bridge reads them (decision 0100):
 * while the phone's device consults (a held call and an active one), a digit that starts one of the
 * attended-transfer feature codes waits for the next; a whole code is the feature, anything else is
 * heard by the call. Outside a consultation every digit is heard. Pure.
 */
import { TRANSFER_FEATURE_CODE, type TransferFeature } from '../../../src/contract/ami/vocabulary.ts';
import { activeCallAt, callsInStateAt } from '../../model/state.ts';
import type { CallId, DeviceNumber, ModelState } from '../../model/types.ts';

export type Keyed =
  | { readonly kind: 'wait'; readonly pending: string }
  | { readonly kind: 'feature'; readonly feature: TransferFeature; readonly consultation: Consultation }
  | { readonly kind: 'heard'; readonly digits: string };

const FEATURES = Object.keys(TRANSFER_FEATURE_CODE) as TransferFeature[];

/** What one more digit makes of the digits `pending` on a channel of a device in `consultation` (or none). */
export function keyDigit(pending: string, digit: string, consultation: Consultation | undefined): Keyed {
  const keyed = pending + digit;
  if (consultation === undefined) return { kind: 'heard', digits: keyed };
  const feature = FEATURES.find((f) => TRANSFER_FEATURE_CODE[f] === keyed);
  if (feature !== undefined) return { kind: 'feature', feature, consultation };
  if (FEATURES.some((f) => TRANSFER_FEATURE_CODE[f].startsWith(keyed))) return { kind: 'wait', pending: keyed };
  return { kind: 'heard', digits: keyed };
}

export interface Consultation {
  readonly device: DeviceNumber;
  readonly held: CallId;
  readonly active: CallId;
}

/**
 * The consultation the device is in, when `callId` is one of its legs: Asterisk's transferer has
 * one channel, this dialect one per leg, so either leg's channel names it. Undefined otherwise.
 */
export function consultationAt(model: ModelState, device: DeviceNumber, callId: CallId): Consultation | undefined {
  const active = activeCallAt(model, device);
  const held = callsInStateAt(model, device, 'held');
  if (active === undefined || held.length === 0) return undefined;
  // Several held calls: the leg the channel names, else the one held last.
  const heldCall = held.find((c) => c.id === callId) ?? held[held.length - 1];
  if (heldCall === undefined || (callId !== active.id && callId !== heldCall.id)) return undefined;
  return { device, held: heldCall.id, active: active.id };
}
