/**
 * The live system of the property run: one real simulator on loopback and, for each sequence, one
 * fresh desktop per extension, driven through any adapter driver (the AdapterFactory of
 * `--adapter`). The simulator outlives sequences: after each sequence the switch is drained through
 * its own verbs (every call hung up, every agent logged out at the phone), judged once more, and
 * the sequence's desktops are closed and their sessions released. Every sequence starts from the
 * same baseline — two new desktops that open and subscribe, no call, every agent logged out — so
 * no event and no memory of an earlier sequence can reach it (decision 0022), and a counterexample
 * carries every request that built the state it needs.
 */
import { createSimulator, type Simulator } from '../../simulator/index.ts';
import type { AdapterSettings, TelephonyMode } from '../contract/index.ts';
import { Desktop } from '../harness/desktop.ts';
import { LabClock, MOST_EXTENSION } from '../harness/lab-clock.ts';
import { LINK_CREDENTIALS } from '../harness/lab.ts';
import { Trace } from '../harness/trace.ts';
import { desktopName, EXTENSIONS, provisioning, type Extension } from './world.ts';
import { ForwardingTrace, type LiveOptions, LiveSequence, type Seat, SetupFailure } from './live-sequence.ts';
import { simulatorDialect } from '../harness/dialect.ts';
import { LAB_RECONNECT } from '../harness/adapter-timings.ts';

/** Where the live run spends its time (the benchmark reports it). */
export interface LiveStats {
  sequences: number;
  /** Desktops created (two per sequence). */
  desktopsCreated: number;
  /** OpenAdapter / SubscribeForEvents the lab made to set up the baseline. */
  baselineRequests: number;
  beginMs: number;
  finishMs: number;
}

export class LiveLab {
  readonly stats: LiveStats = { sequences: 0, desktopsCreated: 0, baselineRequests: 0, beginMs: 0, finishMs: 0 };
  /** How many times the switch applied each fault action (a certifying run needs every kind at least once). */
  readonly faultsApplied = new Map<string, number>();
  readonly #options: LiveOptions;
  readonly #simulator: Simulator;
  /** The lab's own lateness: every deadline that judges the adapter runs on it (decision 0023). */
  readonly clock = new LabClock();
  readonly #seats = new Map<Extension, Seat>();
  #url = '';
  /** False when the adapter refused the reconnect timeouts: its link drops would take its own (long) backoff. */
  #fastReconnect = true;
  #current: LiveSequence | undefined;

  private constructor(options: LiveOptions) {
    this.#options = options;
    this.#simulator = createSimulator({
      logger: options.logger.child({ room: 'simulator' }),
      credentials: LINK_CREDENTIALS,
      ...simulatorDialect(options.dialect),
    });
    this.#simulator.control.onModelEvent((event) => this.#current?.switchEvent(event));
    this.#simulator.control.onFault((record) => {
      this.faultsApplied.set(record.action, (this.faultsApplied.get(record.action) ?? 0) + 1);
      this.#current?.faultApplied(record);
    });
  }

  /** Starts the simulator and creates the first desktops (so whether the adapter takes short reconnect timeouts is known). */
  static async start(options: LiveOptions): Promise<LiveLab> {
    const lab = new LiveLab(options);
    try {
      lab.#url = (await lab.#simulator.start()).url;
      lab.#simulator.control.provision(provisioning());
      for (const extension of EXTENSIONS) lab.#seats.set(extension, await lab.#newSeat(extension));
    } catch (error) {
      await lab.stop().catch(() => undefined);
      throw error;
    }
    return lab;
  }

  get mode(): TelephonyMode {
    return this.#options.mode;
  }

  /** True when link drops can be part of a sequence (the adapter accepted short reconnect timeouts). */
  get fastReconnect(): boolean {
    return this.#fastReconnect;
  }

  /** Starts a sequence from the baseline: new desktops, each opened and subscribed to its extension. */
  async begin(): Promise<LiveSequence> {
    const started = performance.now();
    this.stats.sequences++;
    try {
      return await this.#begin();
    } finally {
      this.stats.beginMs += performance.now() - started;
    }
  }

  async #begin(): Promise<LiveSequence> {
    this.#drain();
    const trace = new Trace();
    const sequence = new LiveSequence(this.#options, trace, this.#simulator, this.clock, (ext) => this.#seatOf(ext));
    this.#current = sequence;
    try {
      // The seats are new: the first ones made at start, else none (finish retires them). Desktops run
      // concurrently (decision 0022), so each makes its own and opens it while the other does; one
      // desktop's requests still go one at a time.
      await Promise.all(
        EXTENSIONS.map(async (extension) => {
          const seat = this.#seats.get(extension) ?? (await this.#newSeat(extension));
          this.#seats.set(extension, seat);
          seat.forward.target = trace;
          await sequence.baseline(seat, 'OpenAdapter', {});
          await sequence.baseline(seat, 'SubscribeForEvents', { DN: seat.extension });
        }),
      );
    } catch (error) {
      this.#current = undefined;
      await this.#retireAll();
      throw error;
    } finally {
      this.stats.baselineRequests += sequence.baselineRequests;
    }
    return sequence;
  }

  /** Ends a sequence: judges it once quiet, drains the switch, judges it again, retires its desktops. Throws InvariantViolation. */
  async finish(sequence: LiveSequence): Promise<void> {
    const started = performance.now();
    try {
      this.#clearFaults();
      await sequence.quiet('after the commands');
      this.#drain();
      await sequence.quiet('after the switch was drained');
    } finally {
      if (this.#current === sequence) this.#current = undefined;
      await this.#retireAll();
      this.stats.finishMs += performance.now() - started;
    }
  }

  async stop(): Promise<void> {
    try {
      await this.#retireAll();
      await this.#simulator.stop();
    } finally {
      this.clock.stop();
    }
  }

  #seatOf(extension: Extension): Seat {
    const seat = this.#seats.get(extension);
    if (seat === undefined) throw new Error(`harness bug: no desktop for ${extension}`);
    return seat;
  }

  #settings(withReconnect: boolean): AdapterSettings {
    // The adapter's own timeouts run on its wall clock, which the lab's stalls would eat into
    // (decision 0023): as long as the longest a lab deadline may be extended. Nothing in a sequence
    // leaves a CTI request unanswered (a dropped link closes its socket), so none has to fire.
    const adapterMs = this.#options.deadlineMs * MOST_EXTENSION;
    return {
      mode: this.#options.mode,
      ctiUrl: this.#url,
      credentials: { ...LINK_CREDENTIALS },
      timeouts: { connectMs: adapterMs, requestMs: adapterMs, ...(withReconnect ? LAB_RECONNECT : {}) },
    };
  }

  /** A new desktop for the extension, recording nowhere yet. */
  async #newSeat(extension: Extension): Promise<Seat> {
    const logger = this.#options.logger.child({ room: 'adapter', desktop: extension });
    const forward = new ForwardingTrace();
    let desktop: Desktop;
    try {
      desktop = await Desktop.open(desktopName(extension), this.#options.factory, this.#settings(this.#fastReconnect), forward, logger);
    } catch (error) {
      if (!this.#fastReconnect) throw new SetupFailure(`the adapter refused valid settings: ${error instanceof Error ? error.message : String(error)}`);
      // An adapter that does not know the optional reconnect timeouts: its own defaults, and no link drops.
      this.#fastReconnect = false;
      desktop = await Desktop.open(desktopName(extension), this.#options.factory, this.#settings(false), forward, logger).catch((again: unknown) => {
        throw new SetupFailure(`the adapter refused valid settings: ${again instanceof Error ? again.message : String(again)}`);
      });
    }
    this.stats.desktopsCreated++;
    return { extension, desktop, forward };
  }

  /** The desktops record nothing more, close (best effort) and their sessions end: nothing they send reaches a later sequence. */
  async #retireAll(): Promise<void> {
    const seats = [...this.#seats.values()];
    this.#seats.clear();
    if (seats.length === 0) return;
    for (const seat of seats) seat.forward.target = undefined;
    await Promise.all(
      seats.map((seat) =>
        this.clock.deadline(
          seat.desktop.invoke('CloseAdapter', {}).catch(() => undefined),
          this.#options.deadlineMs,
          undefined,
        ),
      ),
    );
    await this.#options.releaseSessions?.();
  }

  #clearFaults(): void {
    this.#simulator.control.clearFaults();
  }

  /** Every call hung up (queued callers, extensions, then whoever is left), every agent logged out at the phone. */
  #drain(): void {
    const control = this.#simulator.control;
    for (let round = 0; round < 12; round++) {
      const calls = [...control.truth().calls.values()];
      if (calls.length === 0) break;
      for (const call of calls) {
        const live = control.truth().calls.get(call.id);
        if (live === undefined) continue;
        const parties = [...live.connections].sort(
          (a, b) => Number(control.truth().extensions.has(b.device)) - Number(control.truth().extensions.has(a.device)),
        );
        for (const party of parties) control.attempt({ kind: 'hangUp', call: call.id, party: party.device });
      }
    }
    for (const agent of control.truth().agents.values()) {
      if (agent.status.kind !== 'loggedOut') control.attempt({ kind: 'agentAtPhone', agent: agent.id, extension: agent.status.extension, action: 'logout' });
    }
    const truth = control.truth();
    const left = [...truth.calls.keys()].join(', ');
    const stuck = [...truth.agents.values()].filter((a) => a.status.kind !== 'loggedOut').map((a) => a.id);
    if (left !== '' || stuck.length > 0)
      throw new Error(`harness bug: the switch could not be drained (calls ${left || 'none'}, agents ${stuck.join(', ') || 'none'})`);
  }
}
