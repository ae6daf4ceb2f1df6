import { describe, expect, it } from 'vitest';
import { buildExportRequest, parseSplits } from './export-request.ts';
import { CliError } from './io.ts';

function usage(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    if (error instanceof CliError && error.exitCode === 2) return error.message;
    throw error;
  }
  throw new Error('no usage error');
}

describe('buildExportRequest', () => {
  it('[C2] fills the API defaults for a bare format', () => {
    expect(buildExportRequest({ format: 'trl-dpo' })).toEqual({
      format: 'trl-dpo',
      filters: { states: ['accepted'], slices: [], annotators: [], gold: 'include' },
      splits: { train: 1, validation: 0, test: 0 },
      media: 'copy',
      provenance: true,
    });
  });

  it('[C2] without --media, the OpenAI formats take images by URL and the others copy them', () => {
    expect(buildExportRequest({ format: 'openai-chat' }).media).toBe('url');
    expect(buildExportRequest({ format: 'openai-preference' }).media).toBe('url');
    expect(buildExportRequest({ format: 'llava' }).media).toBe('copy');
    expect(buildExportRequest({ format: 'openai-chat', media: 'copy' }).media).toBe('copy');
  });

  it('[C2] maps every flag onto the request', () => {
    const request = buildExportRequest({
      format: 'llava',
      states: 'accepted,submitted',
      slices: 'safety, coding',
      from: '2026-01-01T00:00:00Z',
      to: '2026-02-01T00:00:00Z',
      annotators: 'usr_a,usr_b',
      gold: 'exclude',
      splits: 'train=0.8,validation=0.1,test=0.1',
      media: 'url',
      'no-provenance': true,
    });
    expect(request).toEqual({
      format: 'llava',
      filters: { states: ['accepted', 'submitted'], slices: ['safety', 'coding'], from: '2026-01-01T00:00:00Z', to: '2026-02-01T00:00:00Z', annotators: ['usr_a', 'usr_b'], gold: 'exclude' },
      splits: { train: 0.8, validation: 0.1, test: 0.1 },
      media: 'url',
      provenance: false,
    });
  });

  it('[C2] bad flags are usage errors that name the flag', () => {
    expect(usage(() => buildExportRequest({}))).toMatch(/^--format is required/);
    expect(usage(() => buildExportRequest({ format: 'csv' }))).toMatch(/^--format csv is not a format; one of llava,/);
    expect(usage(() => buildExportRequest({ format: 'trl-dpo', splits: 'train=0.5' }))).toBe('--splits: train + validation + test must be 1');
    expect(usage(() => buildExportRequest({ format: 'trl-dpo', states: 'accepted,done' }))).toMatch(/^--states \(item 2\): /);
    expect(usage(() => buildExportRequest({ format: 'trl-dpo', gold: 'some' }))).toMatch(/^--gold: /);
    expect(usage(() => buildExportRequest({ format: 'trl-dpo', from: 'yesterday' }))).toMatch(/^--from: /);
    expect(usage(() => buildExportRequest({ format: 'trl-dpo', media: 'link' }))).toMatch(/^--media: /);
  });

  it('[C2] splits: missing names are 0, malformed parts are refused', () => {
    expect(parseSplits('train=0.9,test=0.1')).toEqual({ train: 0.9, validation: 0, test: 0.1 });
    expect(usage(() => parseSplits('train=0.9,dev=0.1'))).toMatch(/"dev=0.1" is not name=share/);
    expect(usage(() => parseSplits('train=lots'))).toMatch(/"train=lots" is not name=share/);
  });
});
