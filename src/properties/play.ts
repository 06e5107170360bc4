/**
 * How one generated sequence is played: fast-check's scheduler, built from the sequence's own seed,
 * decides which pending answers each command waits for.
 */
import fc from 'fast-check';
import type { PropertySystem } from './commands.ts';
import type { PropertyModel } from './model.ts';
/**
 * Each sequence's scheduler is fast-check's, built afresh from a generated seed: fc.scheduler()'s
 * clones share one stream of choices across runs, so a shrunk case would not choose the same when
 * replayed alone; a scheduler of its own seed does, and the seed is part of the replayed value.
 */
export const scheduleSeed = fc.integer({ min: 0, max: 0x7fff_ffff });

export function schedulerOf(seed: number): fc.Scheduler {
  const [scheduler] = fc.sample(fc.scheduler(), { seed, numRuns: 1 });
  if (scheduler === undefined) throw new Error('harness bug: fast-check gave no scheduler');
  return scheduler;
}

/**
 * Plays the commands as fast-check's model runner does (each `check`ed against the model, then
 * `run`), with the scheduler deciding, before each command, which of the requests' pending answers
 * the sequence waits for first: it releases one task at a time among those answers and a "next
 * command" task, until it releases the latter. Each decision is made among tasks that are all
 * registered, so the same seed and path make the same decisions whatever the real system's timing;
 * the remaining answers are waited for, in the scheduler's order, at the end.
 */
export async function playSequence(
  scheduler: fc.Scheduler,
  model: PropertyModel,
  system: PropertySystem,
  commands: Iterable<fc.AsyncCommand<PropertyModel, PropertySystem>>,
): Promise<void> {
  for (const command of commands) {
    if (!command.check(model)) continue;
    let next = false;
    // The scheduler calls a task's own act the moment it picks it: no microtask race with real I/O.
    void scheduler.schedule(Promise.resolve(), 'the next command', undefined, (release) => {
      next = true;
      return release();
    });
    while (!next) await scheduler.waitOne();
    // A request first waits for its desktop's previous answer (RequestCommand.run).
    await command.run(model, system);
  }
  await scheduler.waitAll();
}
