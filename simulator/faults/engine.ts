/**
 * The fault layer: between each session and its socket, in both directions, outside the model.
 * Every frame of a link passes through here; with no plan set it passes straight on (nothing is
 * parsed). With a plan, each frame is read, the rules are tried in order, and the first that
 * applies acts on it. Decisions are drawn from seeded streams, one per link and direction, in
 * frame order, so the same seed and the same frames give the same faults.
 *
 * Each direction of a link is a lane: frames leave it in order, and a delay holds the lane (later
 * frames wait behind the delayed one, as on one TCP connection). Reorder holds frames beside the
 * lane, so others pass them. Nothing here may throw into the server.
 *
 * Over 300 lines on purpose: createFaultEngine is one closure whose functions share the links'
 * lanes; the state's types and the rule matching live in lanes.ts.
 */
import type { Logger } from 'pino';
import type { Clock } from '../clock.ts';
import { newLinkMemory, type FrameInfo } from './frames.ts';
import { shuffled, stream, type Random } from './prng.ts';
import type { FaultActionOf, FaultDirection, FaultListener, FaultPlan, FaultRecord, FaultRule } from './types.ts';
import { type Active, type FaultLinkIO, type Item, label, type Lane, type LinkState, matches } from './lanes.ts';

export interface FaultLink {
  /** A text frame from the adapter. */
  fromAdapter(text: string): void;
  /** A frame the session sends to the adapter. */
  toAdapter(text: string): void;
  /** Runs `fn` in the adapter's frame order, after what the fromAdapter lane still holds (e.g. refusing a binary frame). */
  inOrder(fn: () => void): void;
  /** The socket closed: cancels the link's timers and forgets held frames. Idempotent. */
  closed(): void;
}

export interface FaultEngine {
  /** Replaces the plan (already checked), restarts counters and streams, releases held frames. */
  setPlan(plan: FaultPlan): void;
  clear(): void;
  plan(): FaultPlan | null;
  onFault(listener: FaultListener): () => void;
  attach(io: FaultLinkIO): FaultLink;
}

export interface FaultEngineDeps {
  readonly clock: Clock;
  readonly logger: Logger;
}

export function createFaultEngine(deps: FaultEngineDeps): FaultEngine {
  const { clock, logger } = deps;
  const listeners = new Set<FaultListener>();
  const links = new Set<LinkState>();
  let active: Active | null = null;
  let generation = 0;

  function guarded(what: string, fn: () => void): void {
    try {
      fn();
    } catch (error) {
      logger.error({ err: error }, `${what} failed; the link goes on`);
    }
  }

  function passOn(lane: Lane, text: string): void {
    try {
      lane.out(text);
    } catch (error) {
      logger.error({ err: error }, 'passing a frame on failed; the link goes on');
    }
  }

  function pump(link: LinkState, lane: Lane): void {
    if (lane.pumping) return;
    lane.pumping = true;
    try {
      while (!link.dead && lane.cancelWait === null) {
        const item = lane.queue.shift();
        if (item === undefined) break;
        if (item.kind === 'wait') {
          lane.cancelWait = clock.setTimer(item.ms, () => {
            lane.cancelWait = null;
            pump(link, lane);
          });
          break;
        }
        if (item.kind === 'deliver') passOn(lane, item.text);
        else guarded('a fault action', item.fn);
      }
    } finally {
      lane.pumping = false;
    }
  }

  function push(link: LinkState, direction: FaultDirection, ...items: Item[]): void {
    const lane = link.lanes[direction];
    lane.queue.push(...items);
    pump(link, lane);
  }

  function streamOf(link: LinkState, plan: Active, name: string): Random {
    if (link.generation !== plan.generation) {
      link.streams.clear();
      link.generation = plan.generation;
    }
    let random = link.streams.get(name);
    if (random === undefined) {
      random = stream(plan.plan.seed, `${link.io.id}/${name}`);
      link.streams.set(name, random);
    }
    return random;
  }

  function release(link: LinkState, key: string, shuffle: boolean): void {
    const held = link.held.get(key);
    if (held === undefined) return;
    link.held.delete(key);
    held.cancel?.();
    const order = held.texts.map((_, i) => i);
    const plan = active;
    const released = shuffle && plan !== null ? shuffled(order, streamOf(link, plan, `${held.direction}/reorder/${held.rule}`)) : order;
    logger.info(
      { link: link.io.id, rule: held.rule, direction: held.direction, order: released.map((i) => held.labels[i]) },
      shuffle ? 'reordered frames released' : 'held frames released in order',
    );
    push(link, held.direction, ...released.map((i): Item => ({ kind: 'deliver', text: held.texts[i] ?? '' })));
  }

  function releaseAll(shuffle: boolean): void {
    for (const link of links) for (const key of [...link.held.keys()]) guarded('releasing held frames', () => release(link, key, shuffle));
  }

  function kill(link: LinkState): void {
    if (link.dead) return;
    link.dead = true;
    for (const lane of Object.values(link.lanes)) {
      lane.cancelWait?.();
      lane.cancelWait = null;
      lane.queue.length = 0;
      lane.inbox.length = 0;
    }
    for (const held of link.held.values()) held.cancel?.();
    link.held.clear();
    link.stalled.clear();
    links.delete(link);
  }

  function report(record: FaultRecord): void {
    logger.info(
      { fault: record },
      `fault ${record.action} applied to ${record.direction} ${record.frame}${record.name === null ? '' : ` ${record.name}`} on ${record.link}`,
    );
    for (const listener of [...listeners]) guarded('a fault listener', () => listener(record));
  }

  /** The rule that takes the frame, with its draw, or null: rules in order, counters and draws as they are tried. */
  function decide(
    link: LinkState,
    plan: Active,
    direction: FaultDirection,
    info: FrameInfo,
  ): { readonly index: number; readonly rule: FaultRule; readonly draw: number | null } | null {
    for (const [index, rule] of plan.plan.rules.entries()) {
      if (rule.direction !== direction || !matches(rule, info)) continue;
      const count = plan.counts[index];
      if (count === undefined) continue;
      count.matched += 1;
      if (count.matched <= (rule.afterFrames ?? 0)) continue;
      if (rule.times !== undefined && count.applied >= rule.times) continue;
      const probability = rule.probability ?? 1;
      let draw: number | null = null;
      if (probability < 1) {
        draw = streamOf(link, plan, direction)();
        if (draw >= probability) continue;
      }
      count.applied += 1;
      return { index, rule, draw };
    }
    return null;
  }

  function hold(link: LinkState, direction: FaultDirection, index: number, action: FaultActionOf<'reorder'>, text: string, info: FrameInfo): void {
    const key = `${direction}/${index}`;
    let held = link.held.get(key);
    if (held === undefined) {
      held = { rule: index, direction, texts: [], labels: [], cancel: null };
      link.held.set(key, held);
      if (action.maxHoldMs !== undefined)
        held.cancel = clock.setTimer(action.maxHoldMs, () => guarded('releasing held frames', () => release(link, key, true)));
    }
    held.texts.push(text);
    held.labels.push(label(info));
    if (held.texts.length >= action.window) release(link, key, true);
  }

  function closeLink(link: LinkState, abrupt: boolean): void {
    if (link.dead) return;
    const { io } = link;
    kill(link);
    logger.info({ link: io.id, abrupt }, 'fault: closing the link');
    guarded('closing the link', () => io.close(abrupt));
  }

  function process(link: LinkState, direction: FaultDirection, text: string): void {
    const plan = active;
    if (plan === null && link.stalled.size === 0) {
      push(link, direction, { kind: 'deliver', text });
      return;
    }
    const info = link.io.frames.read(direction, text, link.memory);
    if (direction === 'toAdapter' && (info.frame === 'Response' || info.frame === 'Error') && info.invokeId !== null && link.stalled.delete(info.invokeId)) {
      logger.info({ link: link.io.id, invokeId: info.invokeId, request: info.name }, 'fault: the reply to a stalled request is swallowed');
      return;
    }
    const chosen = plan === null ? null : decide(link, plan, direction, info);
    if (plan === null || chosen === null) {
      push(link, direction, { kind: 'deliver', text });
      return;
    }

    const { index, rule, draw } = chosen;
    const { action } = rule;
    plan.n += 1;
    const base = {
      n: plan.n,
      rule: index,
      action: action.kind,
      direction,
      link: link.io.id,
      frame: info.frame,
      name: info.name,
      invokeId: info.invokeId,
      monitorId: info.monitorId,
      seq: info.seq,
      deviceId: info.deviceId,
      draw,
      at: clock.now(),
    } as const;
    const items: Item[] = [];
    let detail: string | null = null;
    switch (action.kind) {
      case 'delay':
        detail = `${action.ms}ms`;
        items.push({ kind: 'wait', ms: action.ms }, { kind: 'deliver', text });
        break;
      case 'drop':
        break;
      case 'duplicate':
        items.push({ kind: 'deliver', text }, { kind: 'deliver', text });
        break;
      case 'corrupt': {
        const damaged = info.value === null ? null : link.io.frames.corrupt(info.value, action.field);
        detail = damaged?.detail ?? null;
        items.push({ kind: 'deliver', text: damaged?.text ?? text });
        break;
      }
      case 'malformed': {
        const broken = link.io.frames.malformed(text);
        detail = broken.detail;
        items.push({ kind: 'deliver', text: broken.text });
        break;
      }
      case 'refuse': {
        const invokeId = info.invokeId ?? 0;
        const message = action.message ?? `${info.name ?? 'the request'} refused by a simulated fault (rule ${index})`;
        const refusal = link.io.refusal(invokeId, info.name, action.code, message);
        detail = action.code;
        items.push({ kind: 'run', fn: () => enter(link, 'toAdapter', refusal) });
        break;
      }
      case 'stall':
        if (info.invokeId !== null) link.stalled.add(info.invokeId);
        items.push({ kind: 'deliver', text });
        break;
      case 'closeLink':
        detail = action.abrupt === true ? 'abrupt' : 'close 1011';
        items.push({ kind: 'run', fn: () => closeLink(link, action.abrupt === true) });
        break;
      case 'reorder': {
        // The record goes out before the frame is held, so a release it triggers comes after it.
        const already = link.held.get(`${direction}/${index}`)?.texts.length ?? 0;
        report({ ...base, detail: `held ${already + 1} of ${action.window}` });
        hold(link, direction, index, action, text, info);
        return;
      }
    }
    report({ ...base, detail });
    push(link, direction, ...items);
  }

  /** Frames arriving while one is being decided (a listener acting on the switch) wait their turn. */
  function enter(link: LinkState, direction: FaultDirection, text: string): void {
    if (link.dead) return;
    const lane = link.lanes[direction];
    lane.inbox.push(text);
    if (lane.busy) return;
    lane.busy = true;
    try {
      for (let next = lane.inbox.shift(); next !== undefined; next = lane.inbox.shift()) {
        const frame = next;
        // No plan, nothing stalled, held back or waiting on the lane: the frame goes on as process and
        // pump would pass it, without their closures and queue (every frame of a faultless run, bench/README.md P1).
        if (active === null && link.stalled.size === 0 && lane.queue.length === 0 && lane.cancelWait === null && !lane.pumping) passOn(lane, frame);
        else guarded('fault handling of a frame', () => process(link, direction, frame));
        if (link.dead) break;
      }
    } finally {
      lane.busy = false;
    }
  }

  return {
    setPlan(plan) {
      releaseAll(false);
      generation += 1;
      active = { plan, generation, counts: plan.rules.map(() => ({ matched: 0, applied: 0 })), n: 0 };
      logger.info({ seed: plan.seed, rules: plan.rules.length }, 'fault plan set');
    },
    clear() {
      releaseAll(false);
      active = null;
      logger.info('fault plan cleared');
    },
    plan: () => active?.plan ?? null,
    onFault(listener) {
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
      };
    },
    attach(io) {
      const lane = (out: (text: string) => void): Lane => ({ queue: [], out, cancelWait: null, pumping: false, inbox: [], busy: false });
      const link: LinkState = {
        io,
        memory: newLinkMemory(
          (monitorId) => io.deviceOfMonitor(monitorId),
          (deviceId) => io.watches?.(deviceId) ?? false,
        ),
        lanes: { fromAdapter: lane((text) => io.toSession(text)), toAdapter: lane((text) => io.toSocket(text)) },
        stalled: new Set(),
        held: new Map(),
        streams: new Map(),
        generation: -1,
        dead: false,
      };
      links.add(link);
      return {
        fromAdapter: (text) => enter(link, 'fromAdapter', text),
        toAdapter: (text) => enter(link, 'toAdapter', text),
        inOrder(fn) {
          if (!link.dead) push(link, 'fromAdapter', { kind: 'run', fn });
        },
        closed: () => kill(link),
      };
    },
  };
}
