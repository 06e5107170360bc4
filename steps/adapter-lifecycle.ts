/**
 * The adapter outlives scenarios (one module import, one started process for the whole run), so
 * each scenario starts by ending what the previous one left open on it: over HTTP, the sessions
 * its desktops opened. Order-independent: nothing is opened before the first step.
 */
import { Before } from '@cucumber/cucumber';
import { suiteContext } from '../src/harness/suite-context.ts';
import type { LabWorld } from './world.ts';

Before(async function (this: LabWorld) {
  await (await suiteContext(this.parameters)).releaseSessions();
});
