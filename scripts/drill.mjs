// Named reliability drills: `npm run drill -- <name>` runs one and prints its report; `npm run drill` lists them.
// A drill is a command run from the repository root; its exit code is the drill's verdict.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const drills = {
  crash: {
    what: 'clients edit through repeated kill -9 and restarts of the server (DRILL_CLIENTS=200, DRILL_DOCUMENTS=50, DRILL_KILLS=20)',
    command: ['npx', 'tsx', 'apps/server/drill/crash.ts'],
  },
  storm: {
    what: 'hundreds of clients reconnect at once after a SIGTERM and a SIGKILL restart (DRILL_CLIENTS=500, DRILL_DOCUMENTS=50)',
    command: ['npx', 'tsx', 'apps/server/drill/storm.ts'],
  },
  soak: {
    what: 'moderate load with clients moving to new documents; RSS and descriptors sampled for a trend (DRILL_SOAK_MINUTES=30)',
    command: ['npx', 'tsx', 'apps/server/drill/soak.ts'],
  },
  fuzz: {
    what: 'seeded protocol fuzzer against a live server (FUZZ_SECONDS=300, FUZZ_SEED to replay, FUZZ_RUNS)',
    command: ['npx', 'tsx', 'apps/server/test/security/protocol-fuzz-drill.ts'],
  },
  'lease-fencing': {
    what: 'a reviewer process SIGSTOPped past its review lease, taken over, resumed: every late write refused (DRILL_ROUNDS=100)',
    command: ['npx', 'tsx', 'apps/server/drill/lease-fencing.ts'],
  },
  outage: {
    what: 'private Redis, then Postgres, stopped and started mid-run under two instances (DRILL_CLIENTS=100, DRILL_DOCUMENTS=20, DRILL_ROUNDS=3)',
    command: ['npx', 'tsx', 'apps/server/drill/outage.ts'],
  },
  'two-instances': {
    what: 'concurrent edits on the same documents through two instances converge (DRILL_CLIENTS=100, DRILL_DOCUMENTS=20; DATABASE_URL, REDIS_URL)',
    command: ['npx', 'tsx', 'apps/server/drill/two-instances.ts'],
  },
};

const name = process.argv[2];
const drill = name ? drills[name] : undefined;
if (!drill) {
  if (name) console.error(`unknown drill "${name}"`);
  console.log(`usage: npm run drill -- <name>\n${Object.entries(drills).map(([n, d]) => `  ${n.padEnd(13)} ${d.what}`).join('\n')}`);
  process.exit(name ? 1 : 0);
}
const [command, ...args] = drill.command;
const run = spawnSync(command, [...args, ...process.argv.slice(3)], { stdio: 'inherit', cwd: fileURLToPath(new URL('..', import.meta.url)) });
process.exit(run.status ?? 1);
