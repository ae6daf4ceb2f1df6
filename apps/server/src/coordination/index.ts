export type { Coordination, CounterStore, CounterValue, Lease, LockManager, MessageHandler, PresenceStore, PubSub } from './types.ts';
export { createMemoryCoordination, type MemoryCoordinationOptions } from './memory.ts';
export { createRedisCoordination, type RedisCoordinationOptions } from './redis.ts';
export {
  assertIdentity,
  assertPrefix,
  assertSegment,
  assertTtl,
  createKeys,
  PREFIX_PATTERN,
  SEGMENT_PATTERN,
  type CoordinationKeys,
  type SegmentKind,
} from './keys.ts';
