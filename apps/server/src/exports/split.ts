import { createHash } from 'node:crypto';
import type { Split } from '@concord/exporters';

/** Shares of the three splits (sum 1), as in ExportRequest.splits. */
export interface SplitRatios {
  train: number;
  validation: number;
  test: number;
}

/** sha256(projectId + ':' + externalId) as a number in [0, 1) (its first 48 bits) [X4]. */
export function itemHashPoint(projectId: string, externalId: string): number {
  const digest = createHash('sha256').update(`${projectId}:${externalId}`).digest();
  return digest.readUIntBE(0, 6) / 2 ** 48;
}

/**
 * The split of an item: its hash point against the cumulative ratios [X4]. Depends only on the item's
 * own ids and the ratios, so adding items never moves existing ones.
 * @example splitOf('prj_x', 'row-17', { train: 0.8, validation: 0.1, test: 0.1 }) // 'train'
 */
export function splitOf(projectId: string, externalId: string, ratios: SplitRatios): Split {
  const point = itemHashPoint(projectId, externalId);
  if (point < ratios.train) return 'train';
  // Ratios sum to 1 only within rounding: a point past them goes to the last split with a share.
  if (point < ratios.train + ratios.validation || ratios.test === 0) return ratios.validation > 0 ? 'validation' : 'train';
  return 'test';
}
