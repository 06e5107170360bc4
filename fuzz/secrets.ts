/**
 * The secrets a fuzz run configures its servers with and sends among its hostile classes — and
 * then looks for in every file the run wrote (none may appear, nor their bytes as a list).
 */
/** The CTI link's user: a name, not a secret (logged on every session start). */
export const FUZZ_CTI_USER = 'fuzz-user';

export const FUZZ_SECRETS = {
  ctiPassword: 'cti-pw-Zq8v1Lr5Xk2p',
  agentPassword: 'agent-pw-Hy4n7Tt0Bc3m',
  controlToken: 'control-token-Wd9s2Kf6Pj1r8Ue5',
  faceLinkPassword: 'face-link-pw-Mx3c8Vb1Nq7z',
} as const;

/** The servers: the simulator's CTI link in each dialect (json over WebSocket, AMI and CSTA XML over TCP), its control channel, the face, the event service. */
export type TargetKind = 'cti' | 'control' | 'face' | 'events' | 'ami' | 'csta-xml';
/** In this order for good: a server's sub-seed is its index, so new ones go at the end. */
export const TARGETS: readonly TargetKind[] = ['cti', 'control', 'face', 'events', 'ami', 'csta-xml'];

/** How often a target sends its `process.memoryUsage()` to the campaign. */
export const MEMORY_EVERY_MS = 200;
/** The target's event-loop tick: a tick later than this by more is a stall. */
export const STALL_TICK_MS = 20;

/** The target's event loop stalled `ms` past a tick; the process ran `cpuMs` of CPU (every thread) meanwhile. */
export interface LoopStall {
  readonly ms: number;
  readonly cpuMs: number;
}

/** What a target process prints once listening. */
export interface TargetInfo {
  readonly kind: TargetKind;
  /** ws:// for the json CTI link, ami:// and csta-xml:// for the TCP dialects, http:// origin for the others. */
  readonly url: string;
  /** The event service: the one URL the well-behaved client posts to. */
  readonly sinkUrl?: string;
}

/** Each secret, and each as the decimal byte list Node prints for a Buffer (how issue #15's leak looked). */
export function forbiddenTexts(): string[] {
  return Object.values(FUZZ_SECRETS).flatMap((secret) => [secret, [...Buffer.from(secret, 'utf8')].join(','), Buffer.from(secret).toString('base64')]);
}
