import { users } from '@concord/db';
import { asc, eq } from 'drizzle-orm';
import type { RunningServer } from '../server.ts';
import { defaultExamplesDir } from '../server.ts';
import { createDemo } from './demo.ts';

/**
 * `npm run demo`: creates the demo projects on the running server (as the first site admin) and
 * prints where to go and how to sign in as each demo user.
 */
export async function printDemo(server: RunningServer): Promise<void> {
  const { services } = server;
  const examplesDir = defaultExamplesDir();
  if (!examplesDir) {
    process.stderr.write('No examples/ folder next to this server: the demo needs the repository checkout.\n');
    return;
  }
  const [admin] = await services.db.db.select().from(users).where(eq(users.isAdmin, true)).orderBy(asc(users.createdAt)).limit(1);
  if (!admin) throw new Error('no site admin to own the demo projects');
  const demo = await createDemo({
    db: services.db.db,
    media: services.media,
    imports: services.imports,
    log: services.log,
    examplesDir,
    principal: { userId: admin.id, email: admin.email, name: admin.name, isAdmin: true, canCreateProjects: true, tokenId: 'demo', tokenKind: 'api' },
    services,
  });
  const url = services.config.publicUrl ?? server.url;
  const lines = ['', 'Demo projects:'];
  for (const project of demo.projects) {
    const imported = project.imports.map((i) => `${i.fileName}: ${i.created} items${i.failed ? `, ${i.failed} failed` : ''}`).join('; ');
    // The quality project is not imported: its items and blind annotations are made through the queue.
    const counts = imported || 'items and blind annotations made by the demo through the queue';
    // A project from an older demo with no work in it yet gets its export-ready items (export-ready.ts).
    const existing = imported ? `(existed already; added ${imported}, some items accepted)` : '(existed already, left as it was)';
    lines.push(`  ${project.name}  ${url}/projects/${project.id}  ${project.created ? counts : existing}`);
  }
  lines.push('', 'Demo users (passwords are new on every run of the demo):');
  const width = Math.max(...demo.users.map((u) => u.email.length));
  for (const user of demo.users) lines.push(`  ${user.email.padEnd(width)}  ${user.password}  ${user.name}`);
  lines.push('', 'Open two browsers (or a private window), sign in as Ada and Ben, and open the same item to annotate it together.');
  lines.push(
    'Export: in the three task-type projects some items are annotated and accepted already; sign in as Quinn (QA lead) or Max (manager), open Export and start any format with the defaults.',
    'Quality: sign in as Quinn (QA lead) and open Quality in "Demo · Quality and calibration": agreement per slice with intervals, Cleo flagged on safety.',
    'Calibration: sign in as Tess (trainer), start a session on the gold items with Cleo and Dev (Cleo and Dev in two other windows); when Cleo passes, her flag clears.',
    '',
  );
  process.stdout.write(`${lines.join('\n')}\n`);
}
