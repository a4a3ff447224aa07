/**
 * Input accepted by every streaming parser here: bytes (UTF-8) or text, in chunks of any size;
 * a request body (`ReadableStream`), a Node stream, a generator or an array.
 */
export type ChunkSource<T = Uint8Array | string> = AsyncIterable<T> | Iterable<T> | ReadableStream<T>;

/**
 * Reads any chunk source chunk by chunk; the TS DOM types do not declare web streams async-iterable.
 *
 * @example for await (const chunk of chunksOf(request.body)) total += chunk.length
 */
export async function* chunksOf<T = Uint8Array | string>(source: ChunkSource<T>): AsyncGenerator<T> {
  if (!('getReader' in source)) {
    yield* source;
    return;
  }
  const reader = source.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      yield value;
    }
  } finally {
    reader.releaseLock();
  }
}
