import pkg from '../../package.json' with { type: 'json' };

/** The version `lastplan --version` prints; inlined by the bundler, so the built CLI needs no file. */
export const cliVersion: string = pkg.version;
