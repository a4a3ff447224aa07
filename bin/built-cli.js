// Finds the prebuilt command line (written by `npm run build`) if it is still current. Plain
// JavaScript, because it decides whether TypeScript has to be compiled at all.
import { readFileSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** Where `npm run build` writes the bundle, relative to the project folder. */
export const cliOutDir = 'dist/cli';
/** The list of files the bundle was built from, written next to it. */
export const inputsFile = 'inputs.json';

/**
 * The file URL of `dist/cli/main.js` when no source file it was built from (listed in
 * `dist/cli/inputs.json` with the time the build started) has changed since; otherwise `undefined`,
 * so that an edited source, a `git pull`, an `npm install` or a deleted file never runs stale code.
 *
 * @param {URL} root the project folder, e.g. `new URL('..', import.meta.url)` from bin/
 * @returns {URL | undefined}
 */
export function builtCli(root) {
  const main = new URL(`${cliOutDir}/main.js`, root);
  try {
    statSync(main);
    const { startedAt, inputs } = JSON.parse(
      readFileSync(new URL(`${cliOutDir}/${inputsFile}`, root), 'utf8'),
    );
    for (const input of inputs) {
      if (statSync(fileURLToPath(new URL(input, root))).mtimeMs >= startedAt) return undefined;
    }
    return main;
  } catch {
    return undefined;
  }
}
