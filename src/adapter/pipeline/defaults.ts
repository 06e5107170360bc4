/** The reference adapter's stages, and how overrides replace some of them. */
import { convertEvent } from './convert-event.ts';
import { deliver } from './deliver.ts';
import { filterOnDeviceCapabilities } from './filter-capabilities.ts';
import { filterEvent } from './filter-event.ts';
import { postProcess } from './post-process.ts';
import { setEventType } from './set-event-type.ts';
import type { PipelineStages } from './types.ts';

export const DEFAULT_STAGES: PipelineStages = Object.freeze({
  setEventType,
  filterEvent,
  filterOnDeviceCapabilities,
  convertEvent,
  deliver,
  postProcess,
});

export function withStages(overrides: Partial<PipelineStages> | undefined): PipelineStages {
  return {
    setEventType: overrides?.setEventType ?? DEFAULT_STAGES.setEventType,
    filterEvent: overrides?.filterEvent ?? DEFAULT_STAGES.filterEvent,
    filterOnDeviceCapabilities: overrides?.filterOnDeviceCapabilities ?? DEFAULT_STAGES.filterOnDeviceCapabilities,
    convertEvent: overrides?.convertEvent ?? DEFAULT_STAGES.convertEvent,
    deliver: overrides?.deliver ?? DEFAULT_STAGES.deliver,
    postProcess: overrides?.postProcess ?? DEFAULT_STAGES.postProcess,
  };
}
