import { memo, type CSSProperties } from 'react';
import type { Agent, Contact, Message } from '../../../../shared/domain';
import { formatBytes, formatDateTime } from '../../ui/format';
import { Icon } from '../../ui/Icon';
import { EmailFrame } from './EmailFrame';

/**
 * Long threads (200 messages and more) open with the newest in view: the browser skips layout and paint of the
 * messages scrolled away (`content-visibility: auto`) and remembers each one's size once it has been shown.
 */
const offscreenSkipped: CSSProperties = { contentVisibility: 'auto', containIntrinsicSize: 'auto 110px' };

export function Thread(props: { messages: Message[]; agentsById: ReadonlyMap<string, Agent>; contactsById: ReadonlyMap<string, Contact> }) {
  return (
    <ol className="thread" aria-label="Conversation" style={{ listStyle: 'none', margin: 0 }}>
      {props.messages.map((m) => (
        <MessageItem key={m.id} m={m} agent={m.authorAgentId ? props.agentsById.get(m.authorAgentId) : undefined} contact={m.authorContactId ? props.contactsById.get(m.authorContactId) : undefined} />
      ))}
      {props.messages.length === 0 && <li className="empty">No messages yet.</li>}
    </ol>
  );
}

const MessageItem = memo(function MessageItem({ m, agent, contact }: { m: Message; agent: Agent | undefined; contact: Contact | undefined }) {
  const when = <time dateTime={new Date(m.createdAt).toISOString()} className="faint">{formatDateTime(m.createdAt)}</time>;
  switch (m.kind) {
    case 'system_event':
      return (
        <li className="sys-event" data-kind="system_event" style={offscreenSkipped}>
          <Icon name="system" />
          <span>{m.body}</span>
          {when}
        </li>
      );
    case 'internal_note':
      return (
        <li style={offscreenSkipped}>
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
        <li style={offscreenSkipped}>
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
        <li style={offscreenSkipped}>
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
