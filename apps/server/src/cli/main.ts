import { closeAllLocal } from './local.ts';
import { runCli } from './run.ts';

// `concord …` (bin/concord.mjs → dist/cli.js): the process around runCli.
let interrupted = false;
process.on('SIGINT', () => {
  if (interrupted) process.exit(130);
  interrupted = true;
  // An embedded database closed mid-run would be left marked in use: close it, then stop.
  process.stderr.write('\nconcord: interrupted; closing the database (Ctrl-C again to quit at once)\n');
  void closeAllLocal().finally(() => process.exit(130));
});

runCli(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr, env: process.env, cwd: process.cwd() }).then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`concord failed: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
