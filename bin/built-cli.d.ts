/** Where `npm run build` writes the bundle, relative to the project folder. */
export const cliOutDir: string;
/** The list of files the bundle was built from, written next to it. */
export const inputsFile: string;
/** The URL of the current CLI bundle, or `undefined` when it is missing or stale. */
export function builtCli(root: URL): URL | undefined;
