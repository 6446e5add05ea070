import { memo, useEffect, useState, type CSSProperties } from 'react';
import type { Agent, Contact, Message } from '../../../../shared/domain';
import { formatBytes, formatDateTime } from '../../ui/format';
import { Icon } from '../../ui/Icon';
import { EmailFrame } from './EmailFrame';

/**
 * Long threads (200 messages and more) open with the newest in view: the browser skips layout and paint of the
 * messages scrolled away (`content-visibility: auto`) and remembers each one's size once it has been shown.
 */
const offscreenSkipped: CSSProperties = { contentVisibility: 'auto', containIntrinsicSize: 'auto 110px' };

/** Newest messages rendered with the ticket: more than a tall window shows. */
export const FIRST_SCREEN_MESSAGES = 20;
/** Older messages added per step once the first screen has been painted. */
const OLDER_MESSAGES_PER_STEP = 60;

/**
 * How many of the newest messages to render: the first screen at once, then the older ones a step at a time
 * after each paint, so that a 200-message thread shows (and takes keys) without waiting for all of its DOM. The
 * browser keeps the newest in place while older ones are added above (scroll anchoring).
 */
function useNewestRendered(total: number): number {
  const [count, setCount] = useState(FIRST_SCREEN_MESSAGES);
  useEffect(() => {
    if (count >= total) return;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const frame = requestAnimationFrame(() => {
      timer = setTimeout(() => setCount((n) => n + OLDER_MESSAGES_PER_STEP), 0);
    });
    return () => {
      cancelAnimationFrame(frame);
      if (timer !== undefined) clearTimeout(timer);
    };
  }, [count, total]);
  return count;
}

export function Thread(props: { messages: Message[]; agentsById: ReadonlyMap<string, Agent>; contactsById: ReadonlyMap<string, Contact> }) {
  const total = props.messages.length;
  const from = Math.max(0, total - useNewestRendered(total));
  return (
    // aria-setsize and aria-posinset tell assistive technology where each item sits while older ones are added.
    <ol className="thread" aria-label="Conversation" aria-busy={from > 0} style={{ listStyle: 'none', margin: 0 }}>
      {props.messages.slice(from).map((m, i) => (
        <MessageItem
          key={m.id}
          m={m}
          position={from + i + 1}
          of={total}
          agent={m.authorAgentId ? props.agentsById.get(m.authorAgentId) : undefined}
          contact={m.authorContactId ? props.contactsById.get(m.authorContactId) : undefined}
        />
      ))}
      {total === 0 && <li className="empty">No messages yet.</li>}
    </ol>
  );
}

const MessageItem = memo(function MessageItem({ m, position, of, agent, contact }: { m: Message; position: number; of: number; agent: Agent | undefined; contact: Contact | undefined }) {
  const item = { style: offscreenSkipped, 'aria-posinset': position, 'aria-setsize': of };
  const when = <time dateTime={new Date(m.createdAt).toISOString()} className="faint">{formatDateTime(m.createdAt)}</time>;
  switch (m.kind) {
    case 'system_event':
      return (
        <li className="sys-event" data-kind="system_event" {...item}>
          <Icon name="system" />
          <span>{m.body}</span>
          {when}
        </li>
      );
    case 'internal_note':
      return (
        <li {...item}>
          <article className="msg note" data-kind="internal_note" aria-label={`Internal note by ${agent?.name ?? 'an agent'}`}>
            <header>
              <span className="note-label">
                <Icon name="lock" /> Internal note
              </span>
              <span>{agent?.name ?? 'Agent'}</span>
              <span className="small">· not visible to the customer</span>
              <span className="spacer" />
              {when}
            </header>
            <div className="msg-body">{m.body}</div>
            <Attachments m={m} />
          </article>
        </li>
      );
    case 'public_reply':
      return (
        <li {...item}>
          <article className="msg reply" data-kind="public_reply" aria-label={`Reply by ${agent?.name ?? 'an agent'}`}>
            <header>
              <Icon name="reply" />
              <strong>{agent?.name ?? 'Agent'}</strong>
              <span className="muted">replied to the customer</span>
              <span className="spacer" />
              {when}
            </header>
            <Body m={m} from={agent?.name ?? 'Agent'} />
            <Attachments m={m} />
          </article>
        </li>
      );
    case 'customer_message':
      return (
        <li {...item}>
          <article className="msg customer" data-kind="customer_message" aria-label={`Message from ${contact?.name ?? 'the customer'}`}>
            <header>
              <Icon name="user" />
              <strong>{contact?.name ?? 'Customer'}</strong>
              {contact && <span className="muted">{contact.title}</span>}
              <span className="spacer" />
              {when}
            </header>
            <Body m={m} from={contact?.name ?? 'Customer'} />
            <Attachments m={m} />
          </article>
        </li>
      );
    default: {
      const unreachable: never = m.kind;
      return unreachable;
    }
  }
});

function Body({ m, from }: { m: Message; from: string }) {
  if (m.bodyFormat === 'html') return <EmailFrame html={m.body} title={`Email from ${from}`} />;
  return <div className="msg-body">{m.body}</div>;
}

function Attachments({ m }: { m: Message }) {
  if (m.attachments.length === 0) return null;
  return (
    <ul className="attachments" aria-label="Attachments">
      {m.attachments.map((a, i) => (
        <li key={i}>
          <Icon name="clip" /> {a.name} <span className="faint">({formatBytes(a.sizeBytes)})</span>
        </li>
      ))}
    </ul>
  );
}
