import { type ChunkSource, chunksOf } from '../ingest/chunks-of.ts';

/**
 * Reads chunks until the first line is complete and returns that line together with a source
 * that replays everything read, so a parser can start from the beginning.
 */
export async function peekHeader(
  source: ChunkSource,
): Promise<{ header: string; source: AsyncIterable<Uint8Array | string> }> {
  const iterator = chunksOf(source);
  const seen: (Uint8Array | string)[] = [];
  const decoder = new TextDecoder();
  let head = '';
  for (;;) {
    const next = await iterator.next();
    if (next.done) break;
    seen.push(next.value);
    head += typeof next.value === 'string' ? next.value : decoder.decode(next.value, { stream: true });
    if (/[\r\n]/.test(head) || head.length > 1_000_000) break;
  }
  const header = head.split(/\r?\n|\r/)[0] ?? '';
  const replay = (async function* () {
    yield* seen;
    for (;;) {
      const next = await iterator.next();
      if (next.done) return;
      yield next.value;
    }
  })();
  return { header: header.replace(/^\uFEFF/, ''), source: replay };
}

/** FOCUS files name the cost columns; a plain cost file has date, service, category, amount, currency. */
export function isFocusHeader(header: string): boolean {
  const names = new Set(header.split(/[,;]/).map((name) => name.trim().replace(/^"|"$/g, '').toLowerCase()));
  return names.has('billedcost') && names.has('chargeperiodstart');
}
