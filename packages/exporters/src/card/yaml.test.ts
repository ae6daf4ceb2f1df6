import { describe, expect, it } from 'vitest';
import { toYaml, yamlString } from './yaml.ts';

describe('YAML emitter', () => {
  it('[K2] safe strings stay plain', () => {
    for (const s of ['cc-by-4.0', 'n<1K', 'expert-generated', 'train/data.jsonl', 'Street scenes', 'Straße', 'v3.1', '日本語']) expect(yamlString(s)).toBe(s);
  });

  it('[K2] strings with `:`, `#`, leading or trailing spaces, indicators or line breaks are double-quoted', () => {
    expect(yamlString('a: b')).toBe('"a: b"');
    expect(yamlString('a:b')).toBe('"a:b"');
    expect(yamlString('grounding #2')).toBe('"grounding #2"');
    expect(yamlString('#tag')).toBe('"#tag"');
    expect(yamlString('  leading')).toBe('"  leading"');
    expect(yamlString('trailing ')).toBe('"trailing "');
    expect(yamlString('- item')).toBe('"- item"');
    expect(yamlString('[x]')).toBe('"[x]"');
    expect(yamlString("it's")).toBe('"it\'s"');
    expect(yamlString('say "hi"')).toBe('"say \\"hi\\""');
    expect(yamlString('two\nlines')).toBe('"two\\nlines"');
    expect(yamlString('')).toBe('""');
  });

  it('[K2] words and numbers YAML would read as something else are quoted', () => {
    for (const s of ['yes', 'No', 'TRUE', 'off', 'null', 'y', '~', '1K<n<10K', '2024-01-01', '0x1F', '1e3', '12', 'inf', 'NaN', '.inf']) {
      expect(yamlString(s)).toBe(JSON.stringify(s));
    }
  });

  it('[K2] unicode: emoji and letters as-is; separators, C1 controls, BOM escaped; lone surrogates become U+FFFD', () => {
    expect(yamlString('bus 🚌')).toBe('"bus 🚌"');
    expect(yamlString('a\u2028b\u0085c\ufeffd\u007f')).toBe('"a\\u2028b\\u0085c\\ufeffd\\u007f"');
    expect(yamlString('x\ud800y')).toBe('"x\ufffdy"');
    expect(yamlString('ok \ud83d\ude8c')).toBe('"ok 🚌"');
  });

  it('[K2] every quoted form is a JSON string of the same text (JSON strings are YAML double-quoted scalars)', () => {
    for (const s of ['a: b', ' x', 'tab\there', 'q"\\', 'a\u2028b', 'émoji 🚌 #1', 'no']) expect(JSON.parse(yamlString(s))).toBe(s);
  });

  it('[K2] mappings, block lists at the key indentation, lists of mappings, empty values, numbers and booleans', () => {
    expect(
      toYaml({
        pretty_name: 'A: B',
        language: ['en', 'de'],
        configs: [{ config_name: 'default', data_files: [{ split: 'train', path: 'train/data.jsonl' }] }],
        empty: [],
        nested: { a: 1, b: { c: true } },
        none: {},
        count: 0.5,
        missing: null,
        bad: Number.NaN,
        pairs: [['a', 'b'], []],
      }),
    ).toBe(
      [
        'pretty_name: "A: B"',
        'language:',
        '- en',
        '- de',
        'configs:',
        '- config_name: default',
        '  data_files:',
        '  - split: train',
        '    path: train/data.jsonl',
        'empty: []',
        'nested:',
        '  a: 1',
        '  b:',
        '    c: true',
        'none: {}',
        'count: 0.5',
        'missing: null',
        'bad: null',
        'pairs:',
        '- - a',
        '  - b',
        '- []',
        '',
      ].join('\n'),
    );
  });
});
