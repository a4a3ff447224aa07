import type { CliIo } from '../../src/cli/cli-io.ts';

export interface FakeIo extends CliIo {
  readonly out: () => string;
  readonly err: () => string;
}

/** A CLI io that records what a command prints; `stdin` answers with the given text. */
export function fakeIo(env: Record<string, string | undefined> = {}, stdin = ''): FakeIo {
  let out = '';
  let err = '';
  return {
    stdout: (text) => {
      out += text;
    },
    stderr: (text) => {
      err += text;
    },
    stdin: async () => stdin,
    env: { LASTPLAN_DEMO: '0', ...env },
    out: () => out,
    err: () => err,
  };
}
