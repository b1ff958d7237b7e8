import { Document, isScalar, parse, visit } from 'yaml';

/**
 * YAML that every YAML 1.1 and 1.2 parser reads back as the same JSON value. A plain scalar is
 * kept plain only where both versions read it as the string it is: YAML 1.1 reads `yes`, `on`,
 * `1_000` or `2001-01-01` as other types, and PyYAML reads a lone `=` as its "value" tag, which
 * the `yaml` package does not know; those strings are written double-quoted.
 */
export function portableYaml(value: unknown): string {
  const doc = new Document(value);
  visit(doc, {
    Scalar(_key, node) {
      if (typeof node.value !== 'string' || !isScalar(node)) return;
      const text = node.value;
      if (text === '=' || readsAsOther(text, '1.1') || readsAsOther(text, '1.2')) node.type = 'QUOTE_DOUBLE';
    },
  });
  return doc.toString();
}

function readsAsOther(text: string, version: '1.1' | '1.2'): boolean {
  try {
    return parse(text, { version, logLevel: 'silent' }) !== text;
  } catch {
    return true;
  }
}
