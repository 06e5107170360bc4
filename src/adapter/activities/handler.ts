/** An activity's implementation: the adapter page in, the activity's result out. */
import type { ActivityName, AdapterPage } from '../../contract/pega/activities.ts';
import type { ActivityResult } from '../../contract/pega/errors.ts';

export type Handler = (page: AdapterPage) => Promise<ActivityResult>;
export type Handlers = Partial<Record<ActivityName, Handler>>;
