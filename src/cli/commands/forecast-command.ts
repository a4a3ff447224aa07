import { DEFAULT_TIME_ZONE, forecastJson } from '../../forecast/forecast-json.ts';
import { CliError, type CliIo } from '../cli-io.ts';
import type { CommandSpec, ParsedCommand } from '../parse-command.ts';

export const forecastSpec: CommandSpec = {
  usage: 'forecast --stdin-json',
  summary:
    'Forecast one series read as JSON from standard input. The input is {"timestamps":[ISO-8601 UTC…],"values":[…],"horizon":H,"levels":[80,95]} (a regular grid without gaps). Prints {"mean":[…],"lower80":[…],"upper80":[…],…,"elapsed_ms":N}.',
  options: { 'stdin-json': { type: 'boolean', description: 'read the series as JSON from standard input' } },
  examples: [
    `echo '{"timestamps":["2026-01-01T00:00:00Z","2026-01-01T01:00:00Z"],"values":[1,2],"horizon":3,"levels":[80,95]}' | lastplan forecast --stdin-json`,
  ],
};

export async function forecastCommand(io: CliIo, parsed: ParsedCommand): Promise<number> {
  if (!parsed.values['stdin-json']) throw new CliError('say where the series comes from: --stdin-json', 2);
  const text = await io.stdin();
  let input: unknown;
  try {
    input = JSON.parse(text);
  } catch (error) {
    throw new CliError(`standard input is not valid JSON: ${(error as Error).message}`);
  }
  // With TZ set to the series' zone, Date answers its offsets (see tzOffsetMs) and a fresh process
  // never loads Intl's formatting data; TZ is restored, as main() may run inside a longer process.
  const zone = (input as { timeZone?: unknown } | null)?.timeZone ?? DEFAULT_TIME_ZONE;
  const before = process.env.TZ;
  if (typeof zone === 'string') process.env.TZ = zone;
  try {
    io.stdout(`${JSON.stringify(forecastJson(input))}\n`);
  } finally {
    if (before === undefined) delete process.env.TZ;
    else process.env.TZ = before;
  }
  return 0;
}
