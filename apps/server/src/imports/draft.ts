import type { ProjectConfig, TaskType } from '@concord/annotation-doc';
import type { MediaRecord } from '../media/types.ts';
import type { Problem } from './problems.ts';

/** What a record is checked against: the project's task type and current configuration. */
export interface ImportContext {
  taskType: TaskType;
  config: ProjectConfig;
}

/** A media reference a record needs stored, where it sits in the record, and what it must be. */
export interface MediaNeed {
  ref: string;
  path: string;
  kind: 'image' | 'audio' | 'any';
  /** Other names to try when `ref` is not found (Label Studio prefixes upload names with a hash). */
  fallbacks?: string[];
}

/** A record's item before its media are stored: plain values, not yet checked against the package schemas. */
export interface ItemParts {
  seed: unknown;
  prelabel: unknown;
  gold: unknown;
}

/** A record that parsed: its identity, and how to build the item once `needs` are resolved (same order). */
export interface Draft {
  externalId: string;
  tags: string[];
  needs: MediaNeed[];
  build(media: MediaRecord[]): ItemParts | Problem[];
}

export type ParseResult = { ok: true; draft: Draft } | { ok: false; problems: Problem[] };

export const fail = (path: string, message: string): ParseResult => ({ ok: false, problems: [{ path, message }] });
