import { useState, type ReactNode } from 'react';
import { ticketStatusLabels, type Channel, type PlanTier, type Severity, type TicketStatus, type Tier } from '../../../../shared/domain';
import { Dialog } from '../../ui/Dialog';
import { planLabels } from '../../ui/Badges';
import { useAgentsById, useTeamsById } from '../ticket/queries';
import type { SlaState } from '../sla/slaSnapshot';
import { useSavedViews } from './savedViews';
import { filterOptions, type QueueFilter, type QueueView } from './views';

function toggle<T>(list: readonly T[] | undefined, value: T): T[] {
  const cur = list ?? [];
  return cur.includes(value) ? cur.filter((v) => v !== value) : [...cur, value];
}

function CheckGroup<T extends string | number>(props: {
  legend: string;
  options: readonly T[];
  value: readonly T[] | undefined;
  label: (v: T) => string;
  onChange: (next: T[]) => void;
}): ReactNode {
  return (
    <fieldset className="field">
      <legend className="label small muted">{props.legend}</legend>
      <div className="row wrap">
        {props.options.map((o) => (
          <label key={String(o)} className="row" style={{ gap: 4, color: 'var(--text)' }}>
            <input type="checkbox" checked={props.value?.includes(o) ?? false} onChange={() => props.onChange(toggle(props.value, o))} />
            {props.label(o)}
          </label>
        ))}
      </div>
    </fieldset>
  );
}

const slaLabels: Record<SlaState, string> = { breached: 'Breached', warning: 'Warning', ok: 'On track', paused: 'Paused', none: 'No clock' };

/** Builds a saved view from filters; stored on this device for this agent. */
export function FilterDialog({ initial, onClose, onSaved }: { initial: QueueView | null; onClose: () => void; onSaved: (v: QueueView) => void }) {
  const agentsById = useAgentsById();
  const teamsById = useTeamsById();
  const [name, setName] = useState(initial?.name ?? '');
  const [filter, setFilter] = useState<QueueFilter>(initial?.filter ?? { statuses: ['new', 'open'] });
  const [tags, setTags] = useState((initial?.filter.tags ?? []).join(', '));
  const [renewal, setRenewal] = useState(initial?.filter.renewalWithinDays?.toString() ?? '');
  const [error, setError] = useState<string | null>(null);
  const patch = (p: Partial<QueueFilter>) => setFilter((f) => ({ ...f, ...p }));

  const save = () => {
    if (!name.trim()) {
      setError('Give the view a name.');
      return;
    }
    const renewalDays = renewal.trim() === '' ? undefined : Number(renewal);
    if (renewalDays !== undefined && (!Number.isInteger(renewalDays) || renewalDays < 0)) {
      setError('Renewal window must be a whole number of days.');
      return;
    }
    const tagList = tags
      .split(/[,\s]+/)
      .map((t) => t.trim())
      .filter(Boolean);
    const next: QueueFilter = { ...filter, tags: tagList };
    if (renewalDays === undefined) delete next.renewalWithinDays;
    else next.renewalWithinDays = renewalDays;
    onSaved(useSavedViews.getState().save({ ...(initial ? { id: initial.id } : {}), name: name.trim(), filter: next }));
  };

  const owner = filter.owners?.[0] ?? '';
  return (
    <Dialog
      open
      title={initial ? `Edit view “${initial.name}”` : 'New saved view'}
      onClose={onClose}
      footer={
        <>
          <button type="button" onClick={onClose}>
            Cancel
          </button>
          <button type="button" className="primary" onClick={save}>
            Save view
          </button>
        </>
      }
    >
      <form
        className="dialog-body"
        onSubmit={(e) => {
          e.preventDefault();
          save();
        }}
      >
        {error && (
          <div className="form-error" role="alert">
            {error}
          </div>
        )}
        <div className="field">
          <label htmlFor="view-name">Name</label>
          <input id="view-name" autoFocus value={name} onChange={(e) => setName(e.target.value)} placeholder="e.g. Enterprise renewals at risk" />
        </div>
        <CheckGroup<TicketStatus> legend="Status" options={filterOptions.statuses} value={filter.statuses} label={(s) => ticketStatusLabels[s]} onChange={(statuses) => patch({ statuses })} />
        <CheckGroup<Severity> legend="Severity" options={filterOptions.severities} value={filter.severities} label={(s) => `Sev ${s}`} onChange={(severities) => patch({ severities })} />
        <CheckGroup<Tier> legend="Tier" options={filterOptions.tiers} value={filter.tiers} label={(t) => `Tier ${t}`} onChange={(tiers) => patch({ tiers })} />
        <CheckGroup<PlanTier> legend="Account plan" options={filterOptions.plans} value={filter.plans} label={(p) => planLabels[p]} onChange={(plans) => patch({ plans })} />
        <CheckGroup<Channel> legend="Channel" options={filterOptions.channels} value={filter.channels} label={(c) => c} onChange={(channels) => patch({ channels })} />
        <CheckGroup<SlaState> legend="SLA state" options={filterOptions.slaStates} value={filter.slaStates} label={(s) => slaLabels[s]} onChange={(slaStates) => patch({ slaStates })} />
        <div className="row wrap" style={{ alignItems: 'flex-start' }}>
          <div className="field grow">
            <label htmlFor="view-owner">Owner</label>
            <select id="view-owner" value={owner} onChange={(e) => patch({ owners: e.target.value ? [e.target.value] : [] })}>
              <option value="">Anyone</option>
              <option value="me">Me</option>
              <option value="unassigned">Unassigned</option>
              {[...agentsById.values()].map((a) => (
                <option key={a.id} value={a.id}>
                  {a.name}
                </option>
              ))}
            </select>
          </div>
          <div className="field grow">
            <label htmlFor="view-team">Team</label>
            <select id="view-team" value={filter.teamIds?.[0] ?? ''} onChange={(e) => patch({ teamIds: e.target.value ? [e.target.value] : [] })}>
              <option value="">Any team</option>
              {[...teamsById.values()].map((t) => (
                <option key={t.id} value={t.id}>
                  {t.name}
                </option>
              ))}
            </select>
          </div>
        </div>
        <div className="row wrap" style={{ alignItems: 'flex-start' }}>
          <div className="field grow">
            <label htmlFor="view-tags">Tags (any of, comma separated)</label>
            <input id="view-tags" value={tags} onChange={(e) => setTags(e.target.value)} placeholder="sso, billing" />
          </div>
          <div className="field" style={{ width: 180 }}>
            <label htmlFor="view-renewal">Renewal within (days)</label>
            <input id="view-renewal" inputMode="numeric" value={renewal} onChange={(e) => setRenewal(e.target.value)} placeholder="e.g. 90" />
          </div>
        </div>
        <button type="submit" hidden>
          Save
        </button>
      </form>
    </Dialog>
  );
}
