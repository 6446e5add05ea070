import { useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import { Icon } from '../../ui/Icon';
import { sanitizeEmailHtml } from './sanitizeEmail';

/** How far outside the visible part of the thread an email is already sanitised and framed. */
const nearViewport = '800px 0px';

/**
 * An email body, sanitised and framed only once it comes near the visible part of the thread: sanitising and
 * measuring every HTML email of a long thread when it opens (a forced layout each) cost far more than showing it.
 */
export function EmailFrame({ html, title }: { html: string; title: string }) {
  const [near, setNear] = useState(false);
  const placeholder = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const el = placeholder.current;
    if (near || !el) return;
    const observer = new IntersectionObserver((entries) => entries.some((e) => e.isIntersecting) && setNear(true), { rootMargin: nearViewport });
    observer.observe(el);
    return () => observer.disconnect();
  }, [near]);
  if (!near)
    return (
      <div ref={placeholder} className="email-frame" style={{ height: 80 }}>
        <span className="visually-hidden">{title}: shown when scrolled into view</span>
      </div>
    );
  return <SandboxedEmail html={html} title={title} />;
}

/**
 * An email body in a sandboxed frame: `sandbox=""` (no scripts, no forms, no navigation of the app, an
 * opaque origin) and srcdoc with a CSP that blocks every remote load until the agent allows images.
 */
function SandboxedEmail({ html, title }: { html: string; title: string }) {
  const [allowRemote, setAllowRemote] = useState(false);
  const clean = useMemo(() => sanitizeEmailHtml(html, { allowRemoteImages: allowRemote }), [html, allowRemote]);
  const [height, setHeight] = useState(80);

  // The frame is opaque to us, so measure the already-sanitised body off-screen (no remote images in it
  // unless allowed, no scripts, no handlers: it is inert by construction).
  useLayoutEffect(() => {
    const probe = document.createElement('div');
    probe.style.cssText = 'position:absolute;left:-10000px;top:0;visibility:hidden;width:640px;padding:10px 12px;font:13px/1.5 system-ui,sans-serif;overflow-wrap:anywhere';
    probe.innerHTML = clean.bodyHtml.replace(/<img\b[^>]*>/gi, '<span style="display:inline-block;height:18px;width:60px"></span>');
    document.body.appendChild(probe);
    setHeight(Math.min(900, Math.max(48, probe.scrollHeight + 24)));
    probe.remove();
  }, [clean.bodyHtml]);

  return (
    <>
      <iframe className="email-frame" title={title} sandbox="" srcDoc={clean.srcdoc} style={{ height }} referrerPolicy="no-referrer" loading="lazy" />
      {(clean.remoteImageCount > 0 || clean.links.length > 0) && (
        <div className="email-tools">
          {clean.remoteImageCount > 0 && !allowRemote && (
            <>
              <Icon name="image" />
              <span>
                {clean.remoteImageCount} remote image{clean.remoteImageCount === 1 ? '' : 's'} blocked
              </span>
              <button type="button" className="small" onClick={() => setAllowRemote(true)}>
                Load remote images
              </button>
            </>
          )}
          {allowRemote && <span>Remote images loaded</span>}
          {clean.links.length > 0 && (
            <details>
              <summary>
                {clean.links.length} link{clean.links.length === 1 ? '' : 's'} in this message
              </summary>
              <ul className="list-plain">
                {clean.links.slice(0, 20).map((l, i) => (
                  <li key={i} className="mono xsmall" style={{ overflowWrap: 'anywhere' }}>
                    {l}
                  </li>
                ))}
              </ul>
            </details>
          )}
        </div>
      )}
    </>
  );
}
