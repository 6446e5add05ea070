import DOMPurify from 'dompurify';

/**
 * Turns an untrusted email body into inert HTML for a sandboxed frame:
 * - DOMPurify removes scripts, event handlers, javascript:/data: URLs, forms, embeds and <style>;
 * - links lose their href (the URL is kept for display and opened only through the host's allowlist);
 * - remote images are blocked unless `allowRemoteImages`: their URL moves to data-remote-src, and
 *   url(...) in inline styles is dropped, so nothing is fetched until the agent asks;
 * - the frame document carries its own CSP (no scripts, no remote loads except allowed images) and a
 *   stylesheet that neutralises layout tricks (fixed overlays, hidden text).
 */
export interface SanitizedEmail {
  srcdoc: string;
  /** HTML for the body only (measured off-screen for the frame height). */
  bodyHtml: string;
  remoteImageCount: number;
  links: string[];
}

const FORBID_TAGS = ['style', 'link', 'meta', 'base', 'form', 'input', 'button', 'textarea', 'select', 'option', 'iframe', 'frame', 'frameset', 'object', 'embed', 'applet', 'svg', 'math', 'audio', 'video', 'source', 'track', 'template', 'noscript', 'dialog'];
const FORBID_ATTR = ['srcset', 'background', 'poster', 'action', 'formaction', 'ping', 'lowsrc', 'dynsrc', 'xmlns', 'id', 'name', 'target'];

function isRemote(url: string): boolean {
  return /^\s*(https?:)?\/\//i.test(url);
}

export function sanitizeEmailHtml(html: string, opts: { allowRemoteImages: boolean }): SanitizedEmail {
  let remoteImageCount = 0;
  const links: string[] = [];
  const purify = DOMPurify();
  purify.addHook('afterSanitizeAttributes', (node) => {
    if (!(node instanceof Element)) return;
    const tag = node.tagName.toLowerCase();
    if (tag === 'img') {
      const src = node.getAttribute('src') ?? '';
      if (isRemote(src)) {
        remoteImageCount++;
        if (!opts.allowRemoteImages) {
          node.setAttribute('data-remote-src', src);
          node.removeAttribute('src');
          node.setAttribute('alt', node.getAttribute('alt') || '[remote image blocked]');
        }
      } else if (src && !/^(data:image\/(png|gif|jpe?g|webp);|cid:)/i.test(src)) {
        node.removeAttribute('src');
      }
    }
    if (tag === 'a') {
      const href = node.getAttribute('href');
      if (href) {
        if (/^(https?:|mailto:)/i.test(href.trim())) {
          links.push(href.trim());
          node.setAttribute('title', href.trim());
        }
        node.removeAttribute('href');
      }
    }
    const style = node.getAttribute('style');
    if (style !== null) {
      // Any url() in CSS can fetch (backgrounds, cursors, fonts) — drop it; also expression() and behaviours.
      const cleaned = style.replace(/url\s*\([^)]*\)/gi, 'none').replace(/expression\s*\(|behavior\s*:|-moz-binding/gi, '');
      node.setAttribute('style', cleaned);
    }
  });
  const bodyHtml = purify.sanitize(html, {
    FORBID_TAGS,
    FORBID_ATTR,
    ALLOW_DATA_ATTR: false,
    ADD_ATTR: ['data-remote-src'],
    ALLOWED_URI_REGEXP: /^(?:https?:|mailto:|cid:|data:image\/(?:png|gif|jpe?g|webp);)/i,
    WHOLE_DOCUMENT: false,
    RETURN_TRUSTED_TYPE: false,
  }) as string;
  purify.removeAllHooks();
  const imgSrc = opts.allowRemoteImages ? "data: cid: https: http:" : 'data: cid:';
  const csp = `default-src 'none'; img-src ${imgSrc}; style-src 'unsafe-inline'; font-src 'none'; media-src 'none'; frame-src 'none'; form-action 'none'; base-uri 'none'`;
  const srcdoc = `<!doctype html><html><head><meta charset="utf-8"><meta http-equiv="Content-Security-Policy" content="${csp}"><style>
html,body{margin:0;padding:0;background:#fff;color:#1b1f26;font:13px/1.5 system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;overflow-wrap:anywhere}
body{padding:10px 12px}
*{position:static!important;max-width:100%!important;visibility:visible!important;opacity:1!important;animation:none!important;transition:none!important}
a{color:#2f5bd3;text-decoration:underline;cursor:default}
img{height:auto}
img[data-remote-src]{display:inline-block;min-width:60px;min-height:18px;border:1px dashed #c3c9d2;color:#5a6372;font-size:11px}
blockquote{margin:0 0 0 6px;padding-left:10px;border-left:3px solid #dde1e7;color:#5a6372}
table{border-collapse:collapse}
</style></head><body>${bodyHtml}</body></html>`;
  return { srcdoc, bodyHtml, remoteImageCount, links };
}
