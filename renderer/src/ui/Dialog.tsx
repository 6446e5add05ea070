import { useEffect, useId, useRef, type ReactNode } from 'react';

/**
 * A modal on the native <dialog> element: the browser traps focus, closes on Escape and restores focus
 * to where it was, which is exactly what a keyboard-first console needs.
 */
export function Dialog(props: {
  open: boolean;
  title: string;
  onClose: () => void;
  children: ReactNode;
  footer?: ReactNode;
  className?: string;
  hideTitle?: boolean;
}) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    if (props.open && !el.open) el.showModal();
    if (!props.open && el.open) el.close();
  }, [props.open]);
  if (!props.open) return null;
  return (
    <dialog
      ref={ref}
      aria-labelledby={titleId}
      className={props.className}
      onClose={props.onClose}
      onCancel={(e) => {
        e.preventDefault();
        props.onClose();
      }}
    >
      <div className={props.hideTitle ? 'visually-hidden' : 'dialog-head'}>
        <h2 id={titleId}>{props.title}</h2>
        {!props.hideTitle && (
          <button type="button" className="ghost small" onClick={props.onClose} aria-label="Close dialog">
            Esc
          </button>
        )}
      </div>
      {props.children}
      {props.footer && <div className="dialog-foot">{props.footer}</div>}
    </dialog>
  );
}
