export { createDb, defaultMigrationsFolder } from './create-db.ts';
export type { Db, DbHandle, DbTarget } from './create-db.ts';
export * as schema from './schema.ts';
export {
  annotationObservations,
  assignments,
  auditLog,
  calibrationAnswers,
  calibrationItems,
  calibrationParticipants,
  calibrationSessions,
  disputes,
  documentClients,
  documentSnapshots,
  documentUpdates,
  documents,
  exportItems,
  exports,
  imports,
  items,
  media,
  projectConfigs,
  projectMembers,
  projects,
  qualityFlags,
  reviews,
  tokens,
  users,
} from './schema.ts';
