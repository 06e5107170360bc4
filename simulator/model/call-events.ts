/**
 * Builds the call events of the model. Each goes to the extensions in the call (`call.parties`);
 * an extension that leaves hears its own departure, then nothing more of the call.
 */
import type { Call, CallData, Cause, DeviceNumber, ModelEventOf } from './types.ts';

function particulars(call: Call, cause: Cause) {
  return {
    callId: call.id,
    callingDevice: call.callingDevice,
    calledDevice: call.calledDevice,
    ...(call.trunkUsed === undefined ? {} : { trunkUsed: call.trunkUsed }),
    callData: call.callData,
    cause,
    devices: call.parties,
  };
}

/** Cause newCall, or why the call is offered (consultation, transfer, singleStepTransfer). */
export function delivered(call: Call, alertingDevice: DeviceNumber): ModelEventOf<'Delivered'> {
  return { name: 'Delivered', alertingDevice, ...particulars(call, call.offerCause ?? 'newCall') };
}

/** Cause normal, or why the call was offered (consultation, transfer, singleStepTransfer). */
export function established(call: Call, answeringDevice: DeviceNumber): ModelEventOf<'Established'> {
  return { name: 'Established', answeringDevice, ...particulars(call, call.offerCause ?? 'normal') };
}

export function connectionCleared(call: Call, releasingDevice: DeviceNumber, cause: Cause): ModelEventOf<'ConnectionCleared'> {
  return { name: 'ConnectionCleared', callId: call.id, releasingDevice, cause, devices: call.parties };
}

export function callCleared(call: Call, cause: Cause): ModelEventOf<'CallCleared'> {
  return { name: 'CallCleared', callId: call.id, cause, devices: call.parties };
}

export function originated(call: Call, cause: Cause): ModelEventOf<'Originated'> {
  return {
    name: 'Originated',
    callId: call.id,
    callingDevice: call.callingDevice,
    calledDevice: call.calledDevice,
    ...(call.trunkUsed === undefined ? {} : { trunkUsed: call.trunkUsed }),
    callData: call.callData,
    cause,
    devices: call.parties,
  };
}

export function held(call: Call, holdingDevice: DeviceNumber, cause: Cause): ModelEventOf<'Held'> {
  return { name: 'Held', callId: call.id, holdingDevice, cause, devices: call.parties };
}

export function retrieved(call: Call, retrievingDevice: DeviceNumber): ModelEventOf<'Retrieved'> {
  return { name: 'Retrieved', callId: call.id, retrievingDevice, cause: 'normal', devices: call.parties };
}

/** `dialled`: the number that could not be reached (it is also the failing device). */
export function failed(call: Call, dialled: DeviceNumber, cause: Cause): ModelEventOf<'Failed'> {
  return { name: 'Failed', callId: call.id, failingDevice: dialled, calledDevice: dialled, cause, devices: call.parties };
}

export interface TransferParticulars {
  readonly secondaryOldCall?: string;
  readonly transferringDevice: DeviceNumber;
  readonly transferredToDevice: DeviceNumber;
  readonly callingDevice: DeviceNumber;
  readonly calledDevice: DeviceNumber;
  readonly parties: readonly DeviceNumber[];
  readonly callData: CallData;
  readonly cause: Cause;
  readonly devices: readonly DeviceNumber[];
}

export function transferred(callId: string, p: TransferParticulars): ModelEventOf<'Transferred'> {
  return {
    name: 'Transferred',
    callId,
    ...(p.secondaryOldCall === undefined ? {} : { secondaryOldCall: p.secondaryOldCall }),
    transferringDevice: p.transferringDevice,
    transferredToDevice: p.transferredToDevice,
    callingDevice: p.callingDevice,
    calledDevice: p.calledDevice,
    parties: p.parties,
    callData: p.callData,
    cause: p.cause,
    devices: p.devices,
  };
}
