/**
 * Whether the client's Accept-Encoding takes `name`: listed (or `*`) with a q-value above 0.
 *
 * @example acceptsEncoding('gzip, deflate, br', 'br') // true
 * @example acceptsEncoding('br;q=0, *', 'br') // false
 */
export function acceptsEncoding(header: string | undefined, name: string): boolean {
  const accepted = new Map<string, number>();
  for (const part of (header ?? '').split(',')) {
    const [coding = '', ...params] = part.trim().toLowerCase().split(';');
    const q = params.map((p) => /^\s*q=([\d.]+)\s*$/.exec(p)?.[1]).find((v) => v !== undefined);
    if (coding) accepted.set(coding, q === undefined ? 1 : Number(q));
  }
  return (accepted.get(name) ?? accepted.get('*') ?? 0) > 0;
}
