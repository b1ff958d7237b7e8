import type { Matcher } from './silences.schemas.js';

/**
 * Alertmanager's matcher semantics: `=` and `!=` compare strings, `=~` and `!~` match a regular
 * expression anchored at both ends; a label the alert lacks is the empty string. All matchers of a
 * silence must match.
 */
export function compileMatcher(m: Matcher): (labels: Readonly<Record<string, string>>) => boolean {
  const regex = m.op === '=~' || m.op === '!~' ? new RegExp(`^(?:${m.value})$`, 'u') : null;
  return (labels) => {
    const actual = labels[m.name] ?? '';
    switch (m.op) {
      case '=':
        return actual === m.value;
      case '!=':
        return actual !== m.value;
      case '=~':
        return regex!.test(actual);
      case '!~':
        return !regex!.test(actual);
    }
  };
}

export interface ActiveSilence {
  id: string;
  matchers: Matcher[];
  startsAt: Date;
  endsAt: Date;
}

/** The first silence in force at `at` whose matchers all match the labels, or null. */
export function matchingSilence(
  silences: readonly ActiveSilence[],
  labels: Readonly<Record<string, string>>,
  at: Date,
): ActiveSilence | null {
  const t = at.getTime();
  return (
    silences.find(
      (s) =>
        s.startsAt.getTime() <= t &&
        t < s.endsAt.getTime() &&
        s.matchers.every((m) => compileMatcher(m)(labels)),
    ) ?? null
  );
}
