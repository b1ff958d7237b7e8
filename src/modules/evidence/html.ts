/**
 * Small HTML building blocks for the evidence page. Every value goes through `escapeHtml` where it
 * is put into a cell or a heading; only these functions' own output is trusted as markup.
 */

/** The five characters that matter in HTML text and quoted attributes (OWASP's rule #1). */
export function escapeHtml(value: unknown): string {
  return String(value ?? '')
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&#39;');
}

/** Markup built here, as opposed to text to escape. */
export interface Markup {
  readonly html: string;
}
const markup = (html: string): Markup => ({ html });

export type Cell = string | number | boolean | null | undefined | Markup;

/** A number as the page prints it: up to 6 significant digits, "–" for none. */
export function fmt(value: number | null | undefined): string {
  if (value === null || value === undefined) return '–';
  return Number.isInteger(value) ? String(value) : String(Number(value.toPrecision(6)));
}

const cell = (c: Cell) =>
  typeof c === 'object' && c !== null ? c.html : escapeHtml(typeof c === 'number' ? fmt(c) : c);

export function table(headers: readonly string[], rows: readonly (readonly Cell[])[]): Markup {
  if (rows.length === 0) return paragraph('None.');
  const head = headers.map((h) => `<th>${escapeHtml(h)}</th>`).join('');
  const body = rows.map((r) => `<tr>${r.map((c) => `<td>${cell(c)}</td>`).join('')}</tr>`).join('\n');
  return markup(`<table><thead><tr>${head}</tr></thead><tbody>\n${body}\n</tbody></table>`);
}

/** Two columns: a field's name and its value. */
export const fields = (pairs: readonly (readonly [string, Cell])[]): Markup =>
  markup(
    `<table class="fields"><tbody>${pairs.map(([k, v]) => `<tr><th>${escapeHtml(k)}</th><td>${cell(v)}</td></tr>`).join('')}</tbody></table>`,
  );

export const paragraph = (text: string): Markup => markup(`<p>${escapeHtml(text)}</p>`);

export const heading = (text: string): Markup => markup(`<h3>${escapeHtml(text)}</h3>`);

export const code = (text: string): Markup => markup(`<code>${escapeHtml(text)}</code>`);

export const section = (id: string, title: string, parts: readonly Markup[]): Markup =>
  markup(
    `<section id="${escapeHtml(id)}"><h2>${escapeHtml(title)}</h2>\n${parts.map((p) => p.html).join('\n')}\n</section>`,
  );

// Inline only: the page is self-contained (no scripts, fonts, images or other requests).
const STYLE = `body{font:14px/1.45 system-ui,sans-serif;margin:2rem auto;max-width:72rem;padding:0 1rem;color:#1b1b1b}
h1{font-size:1.5rem}h2{border-bottom:1px solid #ccc;margin-top:2rem}h3{font-size:1rem}
table{border-collapse:collapse;margin:.5rem 0;width:100%}th,td{border:1px solid #ddd;padding:.25rem .5rem;text-align:left;vertical-align:top}
thead th{background:#f3f3f3}table.fields th{width:14rem;background:#fafafa}code{font-size:.85em;word-break:break-all}
.bad{color:#a00;font-weight:bold}.ok{color:#060;font-weight:bold}
@media print{body{margin:0;max-width:none}section{break-inside:avoid-page}}`;

export function page(title: string, parts: readonly Markup[]): string {
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title>
<style>${STYLE}</style></head>
<body>
${parts.map((p) => p.html).join('\n')}
</body></html>
`;
}

export const status = (ok: boolean, text: string): Markup =>
  markup(`<span class="${ok ? 'ok' : 'bad'}">${escapeHtml(text)}</span>`);

export const title = (text: string): Markup => markup(`<h1>${escapeHtml(text)}</h1>`);
