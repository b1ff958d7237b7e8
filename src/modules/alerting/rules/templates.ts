/**
 * Annotation templates: `{{model}}`, `{{feature}}`, `{{segment}}` (`country:DE`; empty for the
 * whole model), `{{value}}`, `{{threshold}}`, `{{window}}`, `{{severity}}` and `{{rule}}` are replaced; nothing else is a placeholder, and a template that
 * names another one is refused when the rule is saved rather than sent with a hole in it.
 */
export const PLACEHOLDERS = [
  'model',
  'feature',
  'segment',
  'value',
  'threshold',
  'window',
  'severity',
  'rule',
] as const;
export type Placeholder = (typeof PLACEHOLDERS)[number];
export type TemplateValues = Record<Placeholder, string>;

const PLACEHOLDER = /\{\{\s*([^{}]*?)\s*\}\}/g;

/** The placeholders a template names that are not known ones. */
export function unknownPlaceholders(template: string): string[] {
  const known = new Set<string>(PLACEHOLDERS);
  return [...template.matchAll(PLACEHOLDER)].map((m) => m[1]!).filter((name) => !known.has(name));
}

export function renderTemplate(template: string, values: TemplateValues): string {
  return template.replace(PLACEHOLDER, (whole, name: string) =>
    Object.hasOwn(values, name) ? values[name as Placeholder] : whole,
  );
}

/** Stand-in values, to check that a templated URL is still a URL once filled in. */
export const SAMPLE_VALUES: TemplateValues = {
  model: 'model',
  feature: 'feature',
  segment: 'country:DE',
  value: '0.5',
  threshold: '0.5',
  window: '1h',
  severity: 'warning',
  rule: 'rule',
};
