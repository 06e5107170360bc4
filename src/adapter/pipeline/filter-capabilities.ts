/** FilterEventsOnDeviceCapabilities: drops the events the device is configured not to support. */
import type { DeviceCapabilities, NormalizedEvent, StageContext } from './types.ts';

/** By default a device supports every event. */
export const ALL_CAPABILITIES: DeviceCapabilities = Object.freeze({ unsupportedEvents: [] });

export function filterOnDeviceCapabilities(event: NormalizedEvent, ctx: StageContext): boolean {
  return !ctx.capabilities.unsupportedEvents.includes(event.name);
}
