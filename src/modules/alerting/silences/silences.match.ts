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

/**
 * The models a silence concerns, for the access rule (src/http/plugins/access.ts). All matchers
 * must match, so one `model="m"` confines the silence to alerts of m. It pins its models when
 * every matcher on `model` is such an equality: then it concerns exactly those. Without one, or
 * with any other operator on `model` (`!=`, a regex), it may match any model, and a value such as
 * `model!="other"` would name another model: it concerns the whole fleet (null).
 */
export function pinnedModels(matchers: readonly Matcher[]): string[] | null {
  const onModel = matchers.filter((m) => m.name === 'model');
  if (onModel.length === 0 || onModel.some((m) => m.op !== '=')) return null;
  return [...new Set(onModel.map((m) => m.value))].sort();
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
