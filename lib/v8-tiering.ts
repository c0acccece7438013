/**
 * Earlier optimization of the per-step JavaScript in Node: V8's TurboFan interrupt budget.
 *
 * V8 (Node 20: Ignition → Sparkplug → TurboFan, no Maglev) optimizes a function once it has
 * spent its *interrupt budget* — bytecode bytes executed in it (returns and loop back-edges),
 * 66 KiB by default — about three times over, plus one time per 150 bytes of its bytecode, and
 * starts counting again whenever one of its inline caches changes. An SVI step runs hundreds of
 * small functions once each (interpreting the model and guide, the fused ops, the optimizer,
 * tfjs's engine), each executing a few hundred bytes per call: they reach TurboFan only after
 * thousands of steps, and until then run interpreted or in baseline code. Measured on
 * `seed_mvn` (main-thread CPU time per 500-step block), the default budget gives
 * ≈ [1.2, 0.8, 0.6, 0.5, 0.5, …] ms per step; a 16 KiB budget ≈ [1.0, 0.55, 0.45, 0.4, …].
 *
 * {@link tuneTiering} lowers the budget to {@link INTERRUPT_BUDGET} through
 * `v8.setFlagsFromString`. The flag is process-wide: every function of the process is then
 * optimized after a quarter of the bytecode it needed before (more optimizing compilations,
 * on V8's background thread; no change to what any code computes). It is not applied when the
 * process already sets `--interrupt-budget` (command line or `NODE_OPTIONS`), when
 * `IGNIS_V8_TIERING=0`, or outside Node.
 *
 * @module
 */

/** The interrupt budget Ignis sets, in bytecode bytes (V8's default is 67584). */
export const INTERRUPT_BUDGET = 16384;

/** What {@link tuneTiering} reads from the process (injectable for tests). */
export interface TieringHost {
  /** `IGNIS_V8_TIERING` (`'0'` opts out). */
  readonly optOut: string | undefined;
  /** `process.execArgv` and `NODE_OPTIONS`, joined: where a user's own V8 flags would be. */
  readonly v8Args: string;
  /** `v8.setFlagsFromString`, or `undefined` outside Node. */
  readonly setFlags: ((flags: string) => void) | undefined;
}

interface NodeProcessLike {
  readonly execArgv?: readonly string[];
  readonly env?: Readonly<Record<string, string | undefined>>;
  readonly getBuiltinModule?: (id: string) => unknown;
}

/** The running process as a {@link TieringHost} (`setFlags` undefined outside Node). */
export function nodeTieringHost(): TieringHost {
  const proc = (globalThis as { readonly process?: NodeProcessLike }).process;
  const v8 = proc?.getBuiltinModule?.('node:v8') as { readonly setFlagsFromString?: (flags: string) => void } | undefined;
  const setFlags = typeof v8?.setFlagsFromString === 'function' ? v8.setFlagsFromString.bind(v8) : undefined;
  return {
    optOut: proc?.env?.IGNIS_V8_TIERING,
    v8Args: `${(proc?.execArgv ?? []).join(' ')} ${proc?.env?.NODE_OPTIONS ?? ''}`,
    setFlags,
  };
}

/**
 * Lower V8's interrupt budget to {@link INTERRUPT_BUDGET} (see the module notes). Returns the
 * flag it set, or `undefined` when it set none (outside Node, opted out, the process sets
 * the budget itself, or the runtime refused the flag). Idempotent.
 * @internal
 */
export function tuneTiering(host: TieringHost = nodeTieringHost()): string | undefined {
  if (host.setFlags === undefined || host.optOut === '0' || /--interrupt[-_]budget[= ]/.test(host.v8Args)) return undefined;
  const flag = `--interrupt-budget=${INTERRUPT_BUDGET}`;
  try {
    host.setFlags(flag);
  } catch {
    return undefined; // a runtime whose `node:v8` refuses flags (a frozen-flags build, a Node look-alike): V8's default stays
  }
  return flag;
}
