#!/usr/bin/env node
// Runs the command line from the bundle that `npm run build` writes to dist/cli, which starts
// without compiling anything. Without a current bundle (a fresh clone, or sources edited since
// the build) it runs the TypeScript sources through tsx, so `npx lastplan` always works and never
// runs stale code; that path compiles at every start and is several times slower.
import { builtCli } from './built-cli.js';

const built = builtCli(new URL('..', import.meta.url));
let main;
if (built) {
  ({ main } = await import(built.href));
} else {
  const { register } = await import('tsx/esm/api');
  register();
  ({ main } = await import('../src/cli/main.ts'));
}
process.exitCode = await main(process.argv.slice(2));
