/**
 * Ways to cut one input into chunks, for the tests that check a streaming parser reads the same
 * whatever the network or the file system hands it at a time.
 */

/**
 * Every split of the input into two chunks, at every offset (0 and the end included).
 *
 * @example [...everySplit('ab')] // [['', 'ab'], ['a', 'b'], ['ab', '']]
 */
export function* everySplit<T extends string | Uint8Array>(input: T): Generator<T[]> {
  for (let offset = 0; offset <= input.length; offset++) {
    yield [input.slice(0, offset) as T, input.slice(offset) as T];
  }
}

/**
 * Cuts the input into chunks of the given sizes, cycling through them to the end.
 *
 * @example splitAt('abcdef', [1, 2]) // ['a', 'bc', 'd', 'ef']
 */
export function splitAt<T extends string | Uint8Array>(input: T, sizes: readonly number[]): T[] {
  const chunks: T[] = [];
  let offset = 0;
  for (let k = 0; offset < input.length; k++) {
    const size = Math.max(1, sizes[k % sizes.length] ?? 1);
    chunks.push(input.slice(offset, offset + size) as T);
    offset += size;
  }
  return chunks;
}

/** `splitAt` for bytes; the name says what the tests mean: writes of these sizes. */
export const sizedSplits = (bytes: Uint8Array, sizes: readonly number[]): Uint8Array[] =>
  splitAt(bytes, sizes);
