/** The values the card's front matter needs: scalars, lists and mappings of them. */
export type YamlValue = string | number | boolean | null | readonly YamlValue[] | { readonly [key: string]: YamlValue };

/** Words YAML 1.1 or 1.2 reads as booleans or null when plain (case-insensitive here, to be safe). */
const reserved = /^(?:y|n|yes|no|true|false|on|off|null|~)$/i;
/** Plain scalars (which start with a letter, digit or `_`) a YAML reader could take for a number, a date or a float. */
const numberLike = /^(?:\d|inf$|nan$)/i;
/** Characters that are safe anywhere in a plain scalar of ours (no indicators, no `: ` or ` #`). */
const plainSafe = /^[\p{L}\p{N}_][\p{L}\p{N}_ ./<>+-]*$/u;

/**
 * [K2] Characters a YAML double-quoted scalar must escape beyond JSON's: DEL and C1 controls (NEL is a line
 * break in YAML 1.1), the line / paragraph separators, the BOM and the non-characters U+FFFE / U+FFFF.
 */
const yamlEscapes = /[\u007f-\u009f\u2028\u2029\ufeff\ufffe\uffff]/g;
/** A surrogate without its pair: YAML cannot represent it at all, so it becomes U+FFFD. */
const loneSurrogate = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/**
 * [K2] One string as a YAML scalar: plain when that cannot be misread (letters, digits and `_ . / < > + -`
 * and inner spaces, not starting like a number, not a boolean / null word), else double-quoted with JSON's
 * escapes plus {@link yamlEscapes}.
 * @example yamlString('n<1K') // 'n<1K'; yamlString('a: b') // '"a: b"'; yamlString('no') // '"no"'
 */
export function yamlString(value: string): string {
  const text = value.replace(loneSurrogate, '\ufffd');
  if (plainSafe.test(text) && !text.endsWith(' ') && !reserved.test(text) && !numberLike.test(text)) return text;
  return JSON.stringify(text).replace(yamlEscapes, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

function scalar(value: string | number | boolean | null): string {
  if (value === null) return 'null';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : 'null';
  return yamlString(value);
}

const isList = (value: YamlValue): value is readonly YamlValue[] => Array.isArray(value);
const isMap = (value: YamlValue): value is { readonly [key: string]: YamlValue } => typeof value === 'object' && value !== null && !Array.isArray(value);

function lines(value: YamlValue, indent: string): string[] {
  if (isList(value)) {
    return value.flatMap((entry) => {
      if ((isList(entry) || isMap(entry)) && !isEmpty(entry)) {
        const [first = '', ...rest] = lines(entry, `${indent}  `);
        return [`${indent}- ${first.trimStart()}`, ...rest];
      }
      return [`${indent}- ${inline(entry)}`];
    });
  }
  if (isMap(value)) {
    return Object.entries(value).flatMap(([key, entry]) =>
      (isList(entry) || isMap(entry)) && !isEmpty(entry)
        ? [`${indent}${yamlString(key)}:`, ...lines(entry, isList(entry) ? indent : `${indent}  `)]
        : [`${indent}${yamlString(key)}: ${inline(entry)}`],
    );
  }
  return [`${indent}${scalar(value)}`];
}

function isEmpty(value: YamlValue): boolean {
  return isList(value) ? value.length === 0 : isMap(value) ? Object.keys(value).length === 0 : false;
}

function inline(value: YamlValue): string {
  if (isList(value)) return '[]';
  if (isMap(value)) return '{}';
  return scalar(value);
}

/**
 * [K2] A YAML block document of a mapping (no `---` markers): block lists (`- x`, lists of a mapping's key
 * at the key's own indentation, as Hugging Face cards write them), nested mappings indented by two spaces,
 * `[]` / `{}` for empty ones, non-finite numbers as `null`.
 * @example toYaml({ license: 'cc-by-4.0', language: ['en'] }) // 'license: cc-by-4.0\nlanguage:\n- en\n'
 */
export function toYaml(value: { readonly [key: string]: YamlValue }): string {
  return lines(value, '').map((line) => `${line}\n`).join('');
}
