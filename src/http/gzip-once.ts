const gzipped = new WeakMap<Uint8Array, Promise<Uint8Array>>();

/**
 * The gzip of a body that is served many times as it is (a memoised forecast): compressed on the
 * first request that accepts gzip and kept as long as the body itself is kept. CompressionStream,
 * so it runs on Node and on Workers alike.
 *
 * @example const wire = await gzipOnce(memoised.body);
 */
export function gzipOnce(body: Uint8Array): Promise<Uint8Array> {
  let found = gzipped.get(body);
  if (!found) {
    const stream = new Blob([body as Uint8Array<ArrayBuffer>])
      .stream()
      .pipeThrough(new CompressionStream('gzip'));
    found = new Response(stream).arrayBuffer().then((buffer) => new Uint8Array(buffer));
    // A failure is not kept: the next request tries again.
    found.catch(() => gzipped.delete(body));
    gzipped.set(body, found);
  }
  return found;
}

/** The ETag of the gzip representation of a body whose own ETag is `etag` (strong, quoted). */
export function gzipEtag(etag: string): string {
  return `${etag.slice(0, -1)}-gzip"`;
}
