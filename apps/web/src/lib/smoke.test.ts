import { describe, expect, it } from 'vitest';
import { can } from '@concord/protocol';

describe('web unit project', () => {
  it('resolves workspace packages', () => {
    expect(can('viewer', 'documents.write')).toBe(false);
  });
});
