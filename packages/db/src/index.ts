export { createDb, defaultMigrationsFolder } from './create-db.ts';
export type { Db, DbHandle, DbTarget } from './create-db.ts';
export * as schema from './schema.ts';
export {
  documentSnapshots,
  documentUpdates,
  documents,
  projectMembers,
  projects,
  tokens,
  users,
} from './schema.ts';
