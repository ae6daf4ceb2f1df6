/**
 * [K3] A user string in a Markdown table cell: `|` escaped, line breaks as `<br>`, `<` as `&lt;` (no raw
 * HTML from user data), `&` as `&amp;` first so the result shows the text as typed.
 * @example cell('a|b\nc') // 'a\\|b<br>c'
 */
export function cell(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/\|/g, '\\|')
    .replace(/\r\n|\r|\n|\u2028|\u2029/g, '<br>');
}

/**
 * [K3] A user string in running text (a list item, a paragraph line): as a cell, keeping `|` as typed, and
 * a leading `#`, `>`, `-`, `+`, `*` or `=` backslash-escaped so it cannot start a heading, quote or list.
 */
export function inlineText(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/\r\n|\r|\n|\u2028|\u2029/g, '<br>')
    .replace(/^\s*([#>+*=-])/, '\\$1');
}

/**
 * [K4] A number exactly as given: JavaScript's shortest round-trip form (`0.1`, `1234`, `1e-7`), never
 * rounded or rescaled; `null` and non-finite values (no measurement) as `n/a`.
 * @example num(0.8125) // '0.8125'; num(null) // 'n/a'
 */
export function num(value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return 'n/a';
  return String(Object.is(value, -0) ? 0 : value);
}

/** A Markdown table: header cells and rows of cells (already escaped). */
export function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const line = (cells: readonly string[]) => `| ${cells.join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
}
