import type { Reading } from '../rules/conditions.js';

/**
 * The life of one alert, as a pure state machine over the readings of consecutive evaluations:
 *
 *   inactive ──breach──▶ pending ──(`for` consecutive breaches)──▶ firing ──▶ resolved
 *      ▲                    │ ok                                      │
 *      └────────────────────┘                 (`resolve.after` consecutive OKs, or one "clear")
 *
 * - `for` = N: the alert fires on the N-th consecutive breaching evaluation (N = 1 fires at once).
 *   A pending alert that reads OK goes back to inactive: a value that breaches now and then never
 *   fires unless it breaches N times in a row.
 * - Hysteresis: a firing alert resolves only after `resolve.after` consecutive OK evaluations, or
 *   at once on a "clear" reading (beyond the threshold by the rule's margin). A breach in between
 *   starts the count again, so a value hovering at the threshold keeps the alert firing instead of
 *   resolving and firing again.
 * - No data (too few samples, no labels) neither counts nor breaks a run; the state stays.
 * - Each new pending-or-firing period from inactive or resolved is a new episode: notifications
 *   and acknowledgements belong to an episode.
 */
export type AlertState = 'inactive' | 'pending' | 'firing' | 'resolved';

export interface LifecyclePolicy {
  /** Consecutive breaching evaluations that fire the alert (≥ 1). */
  for: number;
  /** Consecutive non-breaching evaluations that resolve a firing alert (≥ 1). */
  resolveAfter: number;
}

export interface AlertMemory {
  state: AlertState;
  episode: number;
  /** Consecutive breaching evaluations, in this run. */
  breaches: number;
  /** Consecutive OK evaluations while firing. */
  oks: number;
}

export interface Transition {
  from: AlertState;
  to: AlertState;
}

export interface StepResult {
  memory: AlertMemory;
  transition: Transition | null;
}

export const INITIAL_MEMORY: AlertMemory = Object.freeze({
  state: 'inactive',
  episode: 0,
  breaches: 0,
  oks: 0,
});

export function step(memory: AlertMemory, reading: Reading, policy: LifecyclePolicy): StepResult {
  if (reading === 'no_data') return { memory, transition: null };
  const to = (next: AlertMemory): StepResult => ({
    memory: next,
    transition: next.state === memory.state ? null : { from: memory.state, to: next.state },
  });
  const breach = reading === 'breach';

  switch (memory.state) {
    case 'inactive':
    case 'resolved': {
      if (!breach) return { memory: { ...memory, breaches: 0, oks: 0 }, transition: null };
      const episode = memory.episode + 1;
      return to({ state: policy.for <= 1 ? 'firing' : 'pending', episode, breaches: 1, oks: 0 });
    }
    case 'pending': {
      if (!breach) return to({ ...memory, state: 'inactive', breaches: 0, oks: 0 });
      const breaches = memory.breaches + 1;
      return to({ ...memory, state: breaches >= policy.for ? 'firing' : 'pending', breaches });
    }
    case 'firing': {
      if (breach) return to({ ...memory, breaches: memory.breaches + 1, oks: 0 });
      const oks = memory.oks + 1;
      const resolved = reading === 'clear' || oks >= policy.resolveAfter;
      return resolved
        ? to({ ...memory, state: 'resolved', breaches: 0, oks: 0 })
        : to({ ...memory, breaches: 0, oks });
    }
  }
}

/**
 * Applies a reading as the next evaluation, or, when `base` is given, as a refinement of the last
 * one: the same window end evaluated again (more data folded since, a new reference). A refinement
 * replaces the last reading rather than adding one, so it steps from the memory before the last
 * reading (`base`) and a window counts once towards `for` and `resolve.after`. Two rules keep what
 * channels were told true: a firing alert is never silently un-fired (a refinement that would take
 * it back to pending or inactive resolves it), and every move from inactive or resolved to pending
 * or firing is a new episode. Without `base` this is exactly `step`.
 */
export function advance(
  current: AlertMemory,
  base: AlertMemory | null,
  reading: Reading,
  policy: LifecyclePolicy,
): StepResult {
  if (base === null) return step(current, reading, policy);
  if (reading === 'no_data') return { memory: current, transition: null };
  const stepped = step(base, reading, policy).memory;
  const unfired = current.state === 'firing' && (stepped.state === 'inactive' || stepped.state === 'pending');
  const state: AlertState = unfired ? 'resolved' : stepped.state;
  const startsEpisode = isOpen(state) && !isOpen(current.state);
  const memory: AlertMemory = {
    state,
    episode: current.episode + (startsEpisode ? 1 : 0),
    breaches: unfired ? 0 : stepped.breaches,
    oks: unfired ? 0 : stepped.oks,
  };
  return { memory, transition: state === current.state ? null : { from: current.state, to: state } };
}

/** Whether an alert in this state is open: it may fire, or fires. */
export const isOpen = (state: AlertState) => state === 'pending' || state === 'firing';
