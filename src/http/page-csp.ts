/**
 * The Content-Security-Policy of the pages the server sends. Scripts only from our own origin
 * (the bundles), never inline or from elsewhere, so a text that slipped through escaping still
 * cannot run; no plugins, no `<base>` that would move relative URLs, no framing.
 */
export const APP_PAGE_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  // The pages' own <style> blocks and Lit's style bindings.
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

const STYLE = /<style>([\s\S]*?)<\/style>/g;

/**
 * The policy of a self-contained page (the printable proof of use): nothing loaded, no script at
 * all, and only its own style blocks, named by their SHA-256, so even an injected `style`
 * attribute or element would not apply.
 */
export async function selfContainedPageCsp(html: string): Promise<string> {
  const hashes: string[] = [];
  for (const [, css = ''] of html.matchAll(STYLE)) {
    const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(css));
    hashes.push(`'sha256-${btoa(String.fromCharCode(...new Uint8Array(digest)))}'`);
  }
  return [
    "default-src 'none'",
    "script-src 'none'",
    `style-src ${hashes.join(' ') || "'none'"}`,
    "img-src 'none'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}
