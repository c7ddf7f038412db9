// Entry point of `gateway-refs` (dist/cli.js): runs the command (command.ts) with the process's
// arguments, streams and working directory. Never calls process.exit(), so large output on a pipe
// is flushed whole.

import { runCommand } from './command.js';

// A reader that goes away early (`| head`) is not an error of ours: the analysis is done and its
// exit status stands. Any other write failure is an I/O problem.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') return;
  process.stderr.write(`gateway-refs: cannot write the output: ${error.message}\n`);
  process.exitCode = 2;
});

runCommand(process.argv.slice(2), {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  cwd: process.cwd(),
  color: process.stdout.isTTY === true && !process.env['NO_COLOR'],
}).then(
  (code) => {
    process.exitCode ??= code; // unless a write already failed
  },
  (error: unknown) => {
    process.stderr.write(`gateway-refs: internal error: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 2;
  },
);
