import { users, type Db } from '@concord/db';
import type { Config } from '../config.ts';
import { AppError } from '../errors.ts';
import type { Logger } from '../log.ts';
import { generatePassword } from './passwords.ts';
import { isUniqueViolation } from './unique-violation.ts';
import { createUsers, normaliseEmail } from './users.ts';

export interface EnsureAdminResult {
  created: boolean;
  email: string;
  /** Set only when this call created the admin with a generated password: print it once, never log it. */
  generatedPassword?: string;
}

const fallbackEmail = 'admin@localhost';

/**
 * Makes sure a fresh installation can be signed into: when there is no user at all, creates a site
 * admin (isAdmin, canCreateProjects) from `config.admin`, generating the password when none is set.
 * Two instances starting at once are safe: the e-mail is unique and the loser reports `created: false`.
 * @example
 * const admin = await ensureAdmin({ db: handle.db, config, log });
 * if (admin.generatedPassword) console.log(`admin password: ${admin.generatedPassword}`);
 */
export async function ensureAdmin(options: { db: Db; config: Readonly<Config>; log: Logger }): Promise<EnsureAdminResult> {
  const { db, config, log } = options;
  const email = normaliseEmail(config.admin.email ?? fallbackEmail);
  const [anyone] = await db.select({ id: users.id }).from(users).limit(1);
  if (anyone) return { created: false, email };

  const generated = config.admin.password === undefined ? generatePassword() : undefined;
  try {
    await createUsers({ db }).create({
      email,
      name: 'Administrator',
      password: config.admin.password ?? generated!,
      isAdmin: true,
      canCreateProjects: true,
    });
  } catch (error) {
    // Another instance created the same admin between our check and insert: a lost race, not a failure.
    if (isUniqueViolation(error) || (error instanceof AppError && error.status === 409)) {
      log.info({ email }, 'admin account created by another instance');
      return { created: false, email };
    }
    throw error;
  }
  log.info({ email, generatedPassword: generated !== undefined }, 'created the first admin account');
  return generated === undefined ? { created: true, email } : { created: true, email, generatedPassword: generated };
}
