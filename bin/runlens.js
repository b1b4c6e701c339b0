#!/usr/bin/env node
// The `runlens` command (package.json "bin"). The CLI is TypeScript shared with the app, so tsx
// compiles it on the fly; everything else lives in src/lib/cli/main.ts.
import { register } from 'tsx/esm/api';

register();

// `runlens summary … | head` closes the pipe early; that is not an error worth a stack trace.
process.stdout.on('error', (error) => {
  if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw error;
});

try {
  const { runCli } = await import('../src/lib/cli/main.ts');
  process.exitCode = await runCli(process.argv.slice(2), {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text)
  });
} catch (error) {
  process.stderr.write(
    `runlens: internal error: ${error instanceof Error ? error.stack : error}\n`
  );
  process.exitCode = 1;
}
