// The alert lifecycle as a pure state machine: every (state, reading) pair, `for`, hysteresis, episodes.
import { describe, expect, it } from 'vitest';
import { read, type Reading } from '../../../src/modules/alerting/rules/conditions.js';
import {
  advance,
  INITIAL_MEMORY,
  step,
  type AlertMemory,
  type AlertState,
  type LifecyclePolicy,
} from '../../../src/modules/alerting/alerts/lifecycle.js';

const READINGS: Reading[] = ['breach', 'ok', 'clear', 'no_data'];

/** Runs readings through the machine; returns the states after each and every transition. */
function run(readings: readonly Reading[], policy: LifecyclePolicy, start: AlertMemory = INITIAL_MEMORY) {
  let memory = start;
  const states: AlertState[] = [];
  const transitions: string[] = [];
  for (const reading of readings) {
    const result = step(memory, reading, policy);
    memory = result.memory;
    states.push(memory.state);
    if (result.transition) transitions.push(`${result.transition.from}->${result.transition.to}`);
  }
  return { memory, states, transitions };
}

const memory = (state: AlertState, over: Partial<AlertMemory> = {}): AlertMemory => ({
  state,
  episode: 4,
  breaches: 0,
  oks: 0,
  ...over,
});

describe('every state and reading (for = 3, resolve after 2)', () => {
  const policy = { for: 3, resolveAfter: 2 };
  // The expected next state for each (state, reading), written out from the machine's definition.
  const table: Record<AlertState, Record<Reading, AlertState>> = {
    inactive: { breach: 'pending', ok: 'inactive', clear: 'inactive', no_data: 'inactive' },
    pending: { breach: 'pending', ok: 'inactive', clear: 'inactive', no_data: 'pending' },
    firing: { breach: 'firing', ok: 'firing', clear: 'resolved', no_data: 'firing' },
    resolved: { breach: 'pending', ok: 'resolved', clear: 'resolved', no_data: 'resolved' },
  };
  for (const state of Object.keys(table) as AlertState[]) {
    for (const reading of READINGS) {
      it(`${state} + ${reading} → ${table[state][reading]}`, () => {
        const before = memory(state, { breaches: state === 'pending' ? 1 : 0 });
        const { memory: after, transition } = step(before, reading, policy);
        expect(after.state).toBe(table[state][reading]);
        expect(transition === null).toBe(after.state === state);
        if (transition) expect(transition).toEqual({ from: state, to: after.state });
        // A new episode starts exactly when an alert leaves inactive or resolved.
        const leftRest = (state === 'inactive' || state === 'resolved') && after.state !== state;
        expect(after.episode).toBe(before.episode + (leftRest ? 1 : 0));
      });
    }
  }

  it('no data changes nothing at all, in every state', () => {
    for (const state of Object.keys(table) as AlertState[]) {
      const before = memory(state, { breaches: 2, oks: 1 });
      expect(step(before, 'no_data', policy)).toEqual({ memory: before, transition: null });
    }
  });
});

describe('for: N consecutive breaching evaluations before firing', () => {
  for (const n of [1, 2, 3, 5]) {
    it(`for = ${n}: fires on breach ${n}, pending before`, () => {
      const { states, transitions } = run(Array<Reading>(n).fill('breach'), { for: n, resolveAfter: 1 });
      expect(states.at(-1)).toBe('firing');
      expect(states.slice(0, -1).every((s) => s === 'pending')).toBe(true);
      expect(transitions).toEqual(n === 1 ? ['inactive->firing'] : ['inactive->pending', 'pending->firing']);
    });
  }

  it('an OK in between starts the count again', () => {
    const { states } = run(['breach', 'breach', 'ok', 'breach', 'breach', 'breach'], {
      for: 3,
      resolveAfter: 1,
    });
    expect(states).toEqual(['pending', 'pending', 'inactive', 'pending', 'pending', 'firing']);
  });

  it('no data neither counts nor breaks a run', () => {
    const { states } = run(['breach', 'no_data', 'breach', 'no_data', 'breach'], { for: 3, resolveAfter: 1 });
    expect(states).toEqual(['pending', 'pending', 'pending', 'pending', 'firing']);
  });
});

describe('hysteresis: a firing alert resolves after M consecutive OKs, or once clear', () => {
  it('resolves on the M-th consecutive OK; a breach in between restarts the count', () => {
    const firing = memory('firing', { breaches: 3 });
    const { states } = run(['ok', 'ok', 'breach', 'ok', 'ok', 'ok'], { for: 1, resolveAfter: 3 }, firing);
    expect(states).toEqual(['firing', 'firing', 'firing', 'firing', 'firing', 'resolved']);
  });

  it('a clear reading resolves at once', () => {
    const firing = memory('firing', { breaches: 3 });
    expect(run(['clear'], { for: 1, resolveAfter: 10 }, firing).states).toEqual(['resolved']);
  });

  it('a value hovering at the threshold fires once and never flaps', () => {
    // Threshold 0.5 with `>=`, margin 0.05: values just either side of 0.5 breach or are OK but
    // never clear; for = 2 and resolve after 3 OKs.
    const rule = { comparator: '>=' as const, threshold: 0.5, margin: 0.05 };
    const values = [0.49, 0.51, 0.49, 0.5, 0.52, 0.49, 0.51, 0.48, 0.5, 0.49, 0.47, 0.53, 0.49, 0.46, 0.5];
    const readings = values.map((v) => read(v, rule));
    expect(readings).not.toContain('clear');
    const { transitions, states } = run(readings, { for: 2, resolveAfter: 3 });
    expect(transitions).toEqual([
      'inactive->pending',
      'pending->inactive',
      'inactive->pending',
      'pending->firing',
    ]);
    expect(states.slice(states.indexOf('firing'))).toEqual(
      Array(states.length - states.indexOf('firing')).fill('firing'),
    );
  });

  it('without hysteresis (resolve after 1, no margin) the same values flap: the test above would notice', () => {
    const rule = { comparator: '>=' as const, threshold: 0.5 };
    const values = [0.49, 0.51, 0.49, 0.5, 0.52, 0.49, 0.51, 0.48, 0.5, 0.49, 0.47, 0.53, 0.49, 0.46, 0.5];
    const { transitions } = run(
      values.map((v) => read(v, rule)),
      { for: 1, resolveAfter: 1 },
    );
    expect(transitions.filter((t) => t.endsWith('->firing')).length).toBeGreaterThan(3);
  });

  it('then resolves when the value is back beyond the threshold by the margin', () => {
    const rule = { comparator: '>=' as const, threshold: 0.5, margin: 0.05 };
    const { transitions, memory: end } = run(
      [0.6, 0.6, 0.49, 0.44].map((v) => read(v, rule)),
      { for: 2, resolveAfter: 3 },
    );
    expect(transitions).toEqual(['inactive->pending', 'pending->firing', 'firing->resolved']);
    expect(end.episode).toBe(1);
  });

  it('a resolved alert that breaches again starts a new episode', () => {
    const { transitions, memory: end } = run(
      ['breach', 'clear', 'breach', 'breach', 'clear'],
      { for: 2, resolveAfter: 3 },
      memory('firing', { episode: 1, breaches: 2 }),
    );
    expect(transitions).toEqual([
      'firing->resolved',
      'resolved->pending',
      'pending->firing',
      'firing->resolved',
    ]);
    expect(end.episode).toBe(2);
  });
});

describe('advance: refining the last window’s reading', () => {
  const policy = { for: 2, resolveAfter: 2 };
  const states: AlertState[] = ['inactive', 'pending', 'firing', 'resolved'];

  it('without a base it is step, for every state and reading', () => {
    for (const state of states) {
      for (const reading of READINGS) {
        const m = memory(state, { breaches: 1, oks: 1 });
        expect(advance(m, null, reading, policy)).toEqual(step(m, reading, policy));
      }
    }
  });

  it('steps from the base, so the window counts once', () => {
    const base = memory('pending', { breaches: 1 });
    const current = memory('firing', { breaches: 2 });
    expect(advance(current, base, 'breach', policy)).toEqual({ memory: current, transition: null });
  });

  it('a firing alert that a refinement would take back to pending or inactive resolves instead', () => {
    const base = memory('pending', { breaches: 1 });
    const current = memory('firing', { breaches: 2 });
    const { memory: after, transition } = advance(current, base, 'ok', policy);
    expect(after).toEqual({ state: 'resolved', episode: current.episode, breaches: 0, oks: 0 });
    expect(transition).toEqual({ from: 'firing', to: 'resolved' });
  });

  it('leaving inactive or resolved is always a new episode, never a reused one', () => {
    // The first reading of the window went pending (episode 5), its refinement back to inactive.
    const base = memory('inactive', { episode: 4 });
    const ghost = advance(memory('pending', { episode: 5, breaches: 1 }), base, 'ok', policy).memory;
    expect(ghost).toMatchObject({ state: 'inactive', episode: 5 });
    const resolved = memory('resolved', { episode: 5 });
    expect(
      advance(resolved, memory('firing', { episode: 5, breaches: 3 }), 'breach', policy).memory,
    ).toMatchObject({
      state: 'firing',
      episode: 6,
    });
  });

  it('no data in a refinement keeps the earlier reading', () => {
    const current = memory('pending', { breaches: 1 });
    expect(advance(current, memory('inactive'), 'no_data', policy)).toEqual({
      memory: current,
      transition: null,
    });
  });
});
