import { defaultConfig } from '@concord/annotation-doc';
import { describe, expect, it } from 'vitest';
import { actorFor, actorsOf, toDocumentDetail } from './document-detail.ts';

const meta = { id: 'doc_1', projectId: 'prj_1', name: 'cat.jpg', createdAt: '2024-01-01T00:00:00.000Z', updatedAt: '2024-01-01T00:00:00.000Z', content: {} };

describe('toDocumentDetail', () => {
  it('reads an answer without task types as an alignment (caption) document with the default config', () => {
    const detail = toDocumentDetail(meta);
    expect(detail.taskType).toBe('alignment');
    expect(detail.config).toEqual(defaultConfig('alignment'));
    expect(detail).toMatchObject({ item: null, problems: [], provenance: {}, actors: {}, configVersion: 1 });
  });

  it('keeps a full answer, falling back to the default config when it does not parse or does not match the task', () => {
    const config = { ...defaultConfig('instruction'), instructionStyles: ['question'] };
    const full = toDocumentDetail({
      ...meta,
      taskType: 'instruction',
      configVersion: 3,
      config,
      item: { id: 'itm_1', externalId: 'ext-1', tags: ['a', 7, 'b'] },
      problems: [{ path: 'turns', message: 'x' }],
      provenance: { summary: { kind: 'empty', authors: [], editedBy: [], humanShare: 0 } },
      actors: {},
    });
    expect(full).toMatchObject({ taskType: 'instruction', configVersion: 3, config, item: { id: 'itm_1', externalId: 'ext-1', tags: ['a', 'b'] } });
    expect(full.problems).toHaveLength(1);
    expect(toDocumentDetail({ ...meta, taskType: 'instruction', config: { nonsense: true } }).config).toEqual(defaultConfig('instruction'));
    expect(toDocumentDetail({ ...meta, taskType: 'preference', config }).config).toEqual(defaultConfig('preference'));
  });
});

describe('actors', () => {
  it('keeps well-formed actors keyed by numeric client id', () => {
    expect(
      actorsOf({
        '1': { kind: 'user', userId: 'usr_1', name: 'Ann' },
        '2': { kind: 'model', modelId: 'm', promptVersion: 'v1', extra: true },
        '3': { kind: 'source' },
        '4': { kind: 'user' },
        x: { kind: 'source' },
        '5': 'nonsense',
      }),
    ).toEqual({
      '1': { kind: 'user', userId: 'usr_1', name: 'Ann' },
      '2': { kind: 'model', modelId: 'm', promptVersion: 'v1' },
      '3': { kind: 'source' },
    });
    expect(actorsOf(null)).toEqual({});
  });

  it('binds the local client id to the signed-in user before the server knows it', () => {
    const actors = actorsOf({ '7': { kind: 'model', modelId: 'm' }, '8': { kind: 'user', userId: 'usr_2', name: 'Bo' } });
    const options = { actors, selfClientId: 42, selfUserId: 'usr_me' };
    expect(actorFor(42, options)).toEqual({ kind: 'user', userId: 'usr_me' });
    expect(actorFor(7, options)).toEqual({ kind: 'model', modelId: 'm' });
    expect(actorFor(8, options)).toEqual({ kind: 'user', userId: 'usr_2' });
    expect(actorFor(9, options)).toBeUndefined();
  });
});
