import { runCli } from './run.ts';

// `concord …` (bin/concord.mjs → dist/cli.js): the process around runCli.
runCli(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr, env: process.env, cwd: process.cwd() }).then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`concord failed: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
