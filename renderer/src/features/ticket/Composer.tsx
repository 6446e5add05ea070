import { useEffect, useRef, useState } from 'react';
import { canTransitionTicketStatus, tagSchema, ticketStatusSchema, type Account, type Agent, type Contact, type Macro, type Ticket } from '../../../../shared/domain';
import { mutate } from '../../app/mutations';
import { useUi } from '../../app/uiStore';
import { Dialog } from '../../ui/Dialog';
import { Icon } from '../../ui/Icon';
import { toast } from '../../ui/toast';
import { checkPublicReply } from './audienceWarning';
import { emptyDraft, useDrafts } from './drafts';
import { expandMacro, firstName } from './macros';

export function Composer(props: { ticket: Ticket; account: Account | undefined; requester: Contact | undefined; agent: Agent; macros: Macro[] }) {
  const { ticket } = props;
  const draft = useDrafts((s) => s.drafts[ticket.id]) ?? emptyDraft;
  const update = useDrafts((s) => s.update);
  const clear = useDrafts((s) => s.clear);
  const [warning, setWarning] = useState<string[] | null>(null);
  const [sending, setSending] = useState(false);
  const textRef = useRef<HTMLTextAreaElement>(null);
  const request = useUi((s) => s.composerRequest);

  // r / n from anywhere on the ticket screen: switch mode and put the caret in the box.
  useEffect(() => {
    if (!request) return;
    setMode(request.mode);
    textRef.current?.focus();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [request?.seq]);

  const setMode = (mode: 'reply' | 'note') => {
    const cur = useDrafts.getState().drafts[ticket.id] ?? emptyDraft;
    if (cur.mode === mode) return;
    update(ticket.id, { mode, switchedFromNote: cur.switchedFromNote || (cur.mode === 'note' && mode === 'reply' && cur.text.trim() !== '') });
  };

  const applyMacro = (macroId: string) => {
    const macro = props.macros.find((m) => m.id === macroId);
    if (!macro) return;
    const { text, unresolved } = expandMacro(macro.body, {
      contact: props.requester ? { name: props.requester.name, firstName: firstName(props.requester.name), email: props.requester.email } : null,
      account: props.account ? { name: props.account.name } : null,
      agent: { name: props.agent.name, firstName: firstName(props.agent.name) },
      ticket: { number: ticket.number, subject: ticket.subject },
    });
    const sep = draft.text.trim() ? '\n\n' : '';
    update(ticket.id, {
      text: draft.text + sep + text,
      mode: macro.kind === 'internal_note' ? 'note' : draft.mode,
      macroActions: macro.actions.setStatus || macro.actions.addTags.length ? { setStatus: macro.actions.setStatus, addTags: macro.actions.addTags } : draft.macroActions,
    });
    if (unresolved.length) toast(`Fill in: ${unresolved.join(', ')}`);
    textRef.current?.focus();
  };

  const send = async (confirmed: boolean) => {
    const body = draft.text.trim();
    if (!body || sending) return;
    if (draft.mode === 'reply' && !confirmed) {
      const check = checkPublicReply(body, draft.switchedFromNote);
      if (check.warn) {
        setWarning(check.reasons);
        return;
      }
    }
    setSending(true);
    try {
      const messageId = crypto.randomUUID();
      if (draft.mode === 'reply') await mutate('ticket.reply', { ticketId: ticket.id, messageId, body });
      else await mutate('ticket.addNote', { ticketId: ticket.id, messageId, body });
      const actions = draft.macroActions;
      if (actions) {
        for (const tag of actions.addTags) {
          if (tagSchema.safeParse(tag).success && !ticket.tags.includes(tag)) await mutate('ticket.addTag', { ticketId: ticket.id, tag });
        }
        const status = ticketStatusSchema.safeParse(actions.setStatus);
        if (status.success && canTransitionTicketStatus(ticket.status, status.data)) {
          await mutate('ticket.setStatus', { ticketId: ticket.id, status: status.data, fromStatus: ticket.status });
        }
      }
      clear(ticket.id);
      toast(draft.mode === 'reply' ? 'Reply sent' : 'Internal note added');
    } catch (e) {
      toast(e instanceof Error ? e.message : String(e), 'error');
    } finally {
      setSending(false);
    }
  };

  const isNote = draft.mode === 'note';
  return (
    <form
      className={`composer mode-${draft.mode}`}
      aria-label={isNote ? 'Write an internal note' : 'Write a public reply'}
      onSubmit={(e) => {
        e.preventDefault();
        void send(false);
      }}
    >
      <div className="row" style={{ marginBottom: 8 }}>
        <div className="segmented" role="radiogroup" aria-label="Message type">
          <label>
            <input type="radio" name={`mode-${ticket.id}`} checked={!isNote} onChange={() => setMode('reply')} />
            <Icon name="reply" /> Public reply <kbd>r</kbd>
          </label>
          <label className="note-option">
            <input type="radio" name={`mode-${ticket.id}`} checked={isNote} onChange={() => setMode('note')} />
            <Icon name="lock" /> Internal note <kbd>n</kbd>
          </label>
        </div>
        <select aria-label="Insert macro" value="" onChange={(e) => applyMacro(e.target.value)} style={{ maxWidth: 240 }}>
          <option value="">Insert macro…</option>
          {props.macros.map((m) => (
            <option key={m.id} value={m.id}>
              {m.kind === 'internal_note' ? '🔒 ' : ''}
              {m.name}
            </option>
          ))}
        </select>
        <span className="spacer" />
        {isNote ? <span className="small" style={{ color: 'var(--note-text)' }}>Only your team sees notes</span> : <span className="small muted">The customer will see this</span>}
      </div>
      <textarea
        ref={textRef}
        aria-label={isNote ? 'Internal note text' : 'Reply text'}
        placeholder={isNote ? 'Internal note — never sent to the customer' : `Reply to ${props.requester?.name ?? 'the customer'}…`}
        value={draft.text}
        onChange={(e) => update(ticket.id, { text: e.target.value })}
        onKeyDown={(e) => {
          if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
            e.preventDefault();
            void send(false);
          } else if (e.key === 'Escape') {
            e.currentTarget.blur();
          }
        }}
      />
      <div className="row" style={{ marginTop: 8 }}>
        {draft.macroActions && (
          <span className="small muted">
            On send: {[draft.macroActions.setStatus && `status → ${draft.macroActions.setStatus}`, ...draft.macroActions.addTags.map((t) => `tag ${t}`)].filter(Boolean).join(', ')}
          </span>
        )}
        <span className="spacer" />
        <span className="faint small">
          <kbd>Ctrl</kbd> <kbd>Enter</kbd> to send
        </span>
        <button type="submit" className="primary" disabled={sending || !draft.text.trim()}>
          {isNote ? 'Add internal note' : 'Send reply'}
        </button>
      </div>
      {warning && (
        <Dialog
          open
          title="Send this to the customer?"
          onClose={() => setWarning(null)}
          footer={
            <>
              <button
                type="button"
                autoFocus
                onClick={() => {
                  setWarning(null);
                  update(ticket.id, { mode: 'note', switchedFromNote: false });
                }}
              >
                Make it an internal note
              </button>
              <button
                type="button"
                className="danger"
                onClick={() => {
                  setWarning(null);
                  void send(true);
                }}
              >
                Send public reply anyway
              </button>
            </>
          }
        >
          <div className="dialog-body">
            <div className="warning-box" role="alert">
              <strong>This looks like it was meant as an internal note:</strong>
              <ul style={{ margin: '6px 0 0', paddingLeft: 18 }}>
                {warning.map((r) => (
                  <li key={r}>{r}</li>
                ))}
              </ul>
            </div>
            <p className="muted small">A public reply is emailed to {props.requester?.name ?? 'the customer'} and cannot be taken back.</p>
          </div>
        </Dialog>
      )}
    </form>
  );
}
