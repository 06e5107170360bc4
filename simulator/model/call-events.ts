/** Builds the call events of the model; each goes to every extension that has or had a connection in the call. */
import type { Call, Cause, DeviceNumber, ModelEventOf } from './types.ts';

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

export function delivered(call: Call, alertingDevice: DeviceNumber): ModelEventOf<'Delivered'> {
  return { name: 'Delivered', alertingDevice, ...particulars(call, 'newCall') };
}

export function established(call: Call, answeringDevice: DeviceNumber): ModelEventOf<'Established'> {
  return { name: 'Established', answeringDevice, ...particulars(call, 'normal') };
}

export function connectionCleared(call: Call, releasingDevice: DeviceNumber, cause: Cause): ModelEventOf<'ConnectionCleared'> {
  return { name: 'ConnectionCleared', callId: call.id, releasingDevice, cause, devices: call.parties };
}

export function callCleared(call: Call, cause: Cause): ModelEventOf<'CallCleared'> {
  return { name: 'CallCleared', callId: call.id, cause, devices: call.parties };
}
