import { useState } from 'react';
import {
  severities,
  tagSchema,
  ticketStatusLabels,
  ticketStatusTransitions,
  tiers,
  type Agent,
  type Severity,
  type Team,
  type Ticket,
  type TicketStatus,
  type Tier,
} from '../../../../shared/domain';
import { can } from '../../../../shared/api/permissions';
import { mutate } from '../../app/mutations';
import { toast } from '../../ui/toast';
import { ImpactHelper } from './ImpactHelper';

async function run(label: string, p: Promise<void>): Promise<void> {
  try {
    await p;
    toast(label);
  } catch (e) {
    toast(e instanceof Error ? e.message : String(e), 'error');
  }
}

export function PropertiesPanel(props: {
  ticket: Ticket;
  agent: Agent;
  agentsById: ReadonlyMap<string, Agent>;
  teamsById: ReadonlyMap<string, Team>;
  impactOpen: boolean;
  setImpactOpen: (open: boolean) => void;
}) {
  const { ticket: t, agent } = props;
  const [tag, setTag] = useState('');
  const canAssignOthers = can(agent.role, 'ticket.assign.others');
  const canSetTier = can(agent.role, 'ticket.setTier');
  const canSetTeam = can(agent.role, 'ticket.assign.others');
  const nextStatuses = ticketStatusTransitions[t.status];
  const activeAgents = [...props.agentsById.values()].filter((a) => a.active).sort((a, b) => a.name.localeCompare(b.name));

  const assign = (assigneeId: string | null) =>
    run(assigneeId === agent.id ? 'Assigned to you' : assigneeId ? `Assigned to ${props.agentsById.get(assigneeId)?.name}` : 'Unassigned', mutate('ticket.assign', { ticketId: t.id, assigneeId, expectedVersion: t.version }));

  return (
    <section className="section" aria-labelledby="props-title">
      <h2 id="props-title" className="section-title">
        Properties
      </h2>
      <div className="prop-grid">
        <label htmlFor="prop-status">Status</label>
        <select
          id="prop-status"
          value={t.status}
          onChange={(e) => {
            const status = e.target.value as TicketStatus;
            void run(`Status: ${ticketStatusLabels[status]}`, mutate('ticket.setStatus', { ticketId: t.id, status, fromStatus: t.status }));
          }}
        >
          <option value={t.status}>{ticketStatusLabels[t.status]}</option>
          {nextStatuses.map((s) => (
            <option key={s} value={s}>
              → {ticketStatusLabels[s]}
            </option>
          ))}
        </select>

        <label htmlFor="prop-severity">Severity</label>
        <div className="row" style={{ gap: 4 }}>
          <select
            id="prop-severity"
            className="grow"
            value={t.severity}
            onChange={(e) => {
              const severity = Number(e.target.value) as Severity;
              void run(`Severity: Sev ${severity}`, mutate('ticket.setSeverity', { ticketId: t.id, severity }));
            }}
          >
            {severities.map((s) => (
              <option key={s} value={s}>
                Sev {s}
              </option>
            ))}
          </select>
          <button type="button" className="small" onClick={() => props.setImpactOpen(true)} aria-label="Severity impact helper" title="Suggest a severity from business impact (i)">
            Impact…
          </button>
        </div>

        <label htmlFor="prop-tier">Tier</label>
        <select
          id="prop-tier"
          value={t.tier}
          disabled={!canSetTier}
          title={canSetTier ? undefined : 'Tier 1 moves tickets up through an escalation packet (e)'}
          onChange={(e) => {
            const tier = Number(e.target.value) as Tier;
            void run(`Tier ${tier}`, mutate('ticket.setTier', { ticketId: t.id, tier }));
          }}
        >
          {tiers.map((x) => (
            <option key={x} value={x}>
              Tier {x}
            </option>
          ))}
        </select>

        <label htmlFor="prop-owner">Owner</label>
        <div className="row" style={{ gap: 4 }}>
          <select
            id="prop-owner"
            className="grow"
            value={t.ownerId ?? ''}
            onChange={(e) => void assign(e.target.value || null)}
          >
            <option value="">Unassigned</option>
            {activeAgents
              .filter((a) => canAssignOthers || a.id === agent.id || a.id === t.ownerId)
              .map((a) => (
                <option key={a.id} value={a.id}>
                  {a.name}
                  {a.id === agent.id ? ' (me)' : ''}
                </option>
              ))}
          </select>
          {t.ownerId !== agent.id && (
            <button type="button" className="small" onClick={() => void assign(agent.id)}>
              Take <kbd>a</kbd>
            </button>
          )}
        </div>

        <label htmlFor="prop-team">Team</label>
        <select
          id="prop-team"
          value={t.teamId ?? ''}
          disabled={!canSetTeam}
          title={canSetTeam ? undefined : 'Team leads route tickets between teams'}
          onChange={(e) => {
            const teamId = e.target.value || null;
            void run(`Team: ${teamId ? props.teamsById.get(teamId)?.name : 'none'}`, mutate('ticket.setTeam', { ticketId: t.id, teamId }));
          }}
        >
          <option value="">No team</option>
          {[...props.teamsById.values()]
            .sort((a, b) => a.name.localeCompare(b.name))
            .map((team) => (
              <option key={team.id} value={team.id}>
                {team.name}
              </option>
            ))}
        </select>

        <span className="small muted">Channel</span>
        <span className="small">{t.channel}</span>
      </div>

      <Collaborators ticket={t} agentsById={props.agentsById} candidates={activeAgents} />

      <div style={{ marginTop: 10 }}>
        <div className="small muted" id="tags-label" style={{ marginBottom: 4 }}>
          Tags
        </div>
        <ul className="row wrap" aria-labelledby="tags-label" style={{ listStyle: 'none', margin: 0, padding: 0, gap: 4 }}>
          {t.tags.map((x) => (
            <li key={x} className="chip">
              {x}
              <button type="button" aria-label={`Remove tag ${x}`} onClick={() => void run(`Removed tag ${x}`, mutate('ticket.removeTag', { ticketId: t.id, tag: x }))}>
                ×
              </button>
            </li>
          ))}
        </ul>
        <form
          className="row"
          style={{ marginTop: 6, gap: 4 }}
          onSubmit={(e) => {
            e.preventDefault();
            const parsed = tagSchema.safeParse(tag);
            if (!parsed.success) {
              toast(parsed.error.issues[0]?.message ?? 'Invalid tag', 'error');
              return;
            }
            void run(`Tagged ${parsed.data}`, mutate('ticket.addTag', { ticketId: t.id, tag: parsed.data }));
            setTag('');
          }}
        >
          <input aria-label="New tag" placeholder="add tag" value={tag} onChange={(e) => setTag(e.target.value)} className="grow" />
          <button type="submit" className="small">
            Add
          </button>
        </form>
      </div>
      {props.impactOpen && (
        <ImpactHelper
          current={t.severity}
          onClose={() => props.setImpactOpen(false)}
          onApply={(severity) => {
            props.setImpactOpen(false);
            if (severity !== t.severity) void run(`Severity: Sev ${severity}`, mutate('ticket.setSeverity', { ticketId: t.id, severity }));
          }}
        />
      )}
    </section>
  );
}

/** Specialists who help without taking the ticket over: the owner stays the owner. */
function Collaborators({ ticket: t, agentsById, candidates }: { ticket: Ticket; agentsById: ReadonlyMap<string, Agent>; candidates: Agent[] }) {
  const addable = candidates.filter((a) => a.id !== t.ownerId && !t.collaboratorIds.includes(a.id));
  return (
    <div style={{ marginTop: 10 }}>
      <div className="small muted" id="collaborators-label" style={{ marginBottom: 4 }}>
        Collaborators
      </div>
      <ul className="row wrap" aria-labelledby="collaborators-label" style={{ listStyle: 'none', margin: 0, padding: 0, gap: 4 }}>
        {t.collaboratorIds.map((id) => {
          const name = agentsById.get(id)?.name ?? 'Agent';
          return (
            <li key={id} className="chip">
              {name}
              <button
                type="button"
                aria-label={`Remove collaborator ${name}`}
                onClick={() => void run(`Removed ${name}`, mutate('ticket.removeCollaborator', { ticketId: t.id, agentId: id }))}
              >
                ×
              </button>
            </li>
          );
        })}
        {t.collaboratorIds.length === 0 && <li className="faint small">None</li>}
      </ul>
      <select
        aria-label="Add collaborator"
        value=""
        style={{ marginTop: 6, width: '100%' }}
        onChange={(e) => {
          const id = e.target.value;
          if (id) void run(`Added ${agentsById.get(id)?.name ?? 'collaborator'}`, mutate('ticket.addCollaborator', { ticketId: t.id, agentId: id }));
        }}
      >
        <option value="">Add collaborator…</option>
        {addable.map((a) => (
          <option key={a.id} value={a.id}>
            {a.name} · {a.role}
          </option>
        ))}
      </select>
    </div>
  );
}
