/**
 * Import speed: parses a generated FOCUS 1.0-shaped file (44 columns) fed in 64 KiB byte chunks,
 * as a file or request body would arrive, and prints rows per second. Not a test: a figure.
 *
 * Usage: npx tsx src/ingest/focus/bench-parse-focus.ts [rows=100000]
 */
import { focusSampleLines } from '../../../fixtures/focus/make-sample.ts';
import { parseFocus } from './parse-focus.ts';
import { focusDigest, periodDigests } from './period-digests.ts';

const rows = Number(process.argv[2] ?? 100_000);
const bytes = new TextEncoder().encode(`${[...focusSampleLines(rows, 42)].join('\n')}\n`);
const CHUNK = 64 * 1024;

function* chunks(): Generator<Uint8Array> {
  for (let offset = 0; offset < bytes.length; offset += CHUNK) yield bytes.subarray(offset, offset + CHUNK);
}

for (const withDigest of [false, true]) {
  for (let run = 1; run <= 2; run++) {
    const started = performance.now();
    let parsed = 0;
    let rejected = 0;
    const digests = periodDigests(focusDigest);
    for await (const batch of parseFocus(chunks())) {
      parsed += batch.charges.length;
      rejected += batch.errors.length;
      if (withDigest) for (const charge of batch.charges) digests.add(charge);
    }
    if (withDigest) await digests.finish();
    const seconds = (performance.now() - started) / 1000;
    console.log(
      `${withDigest ? 'parse+digest' : 'parse       '} run ${run}: ${parsed} rows (${rejected} rejected), ` +
        `${(bytes.length / 1e6).toFixed(1)} MB in ${seconds.toFixed(2)} s = ${Math.round(parsed / seconds)} rows/s`,
    );
  }
}
