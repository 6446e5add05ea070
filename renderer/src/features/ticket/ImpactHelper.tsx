import { useState } from 'react';
import type { Severity } from '../../../../shared/domain';
import { severityMeaning } from '../../ui/Badges';
import { Dialog } from '../../ui/Dialog';
import { emptyImpact, suggestSeverity, type ImpactAnswers } from './severityHelper';

function YesNo(props: { name: string; legend: string; value: boolean | null; onChange: (v: boolean) => void }) {
  return (
    <fieldset className="field">
      <legend style={{ fontWeight: 500, marginBottom: 4 }}>{props.legend}</legend>
      <div className="row">
        {[true, false].map((v) => (
          <label key={String(v)} className="row" style={{ gap: 4, color: 'var(--text)' }}>
            <input type="radio" name={props.name} checked={props.value === v} onChange={() => props.onChange(v)} />
            {v ? 'Yes' : 'No'}
          </label>
        ))}
      </div>
    </fieldset>
  );
}

/** Asks about business impact and suggests a severity; the agent applies it or keeps the current one. */
export function ImpactHelper({ current, onApply, onClose }: { current: Severity; onApply: (s: Severity) => void; onClose: () => void }) {
  const [a, setA] = useState<ImpactAnswers>(emptyImpact);
  const suggestion = suggestSeverity(a);
  return (
    <Dialog
      open
      title="Severity by business impact"
      onClose={onClose}
      footer={
        <>
          <button type="button" onClick={onClose}>
            Cancel
          </button>
          <button type="button" className="primary" disabled={!suggestion} onClick={() => suggestion && onApply(suggestion.severity)}>
            {suggestion ? `Set Sev ${suggestion.severity}` : 'Answer to get a suggestion'}
          </button>
        </>
      }
    >
      <div className="dialog-body">
        <YesNo name="impact-question" legend="Is this a question, how-to or request (nothing is broken)?" value={a.isQuestion} onChange={(isQuestion) => setA({ ...a, isQuestion })} />
        {a.isQuestion !== true && (
          <>
            <YesNo name="impact-production" legend="Is the customer's production stopped?" value={a.productionStopped} onChange={(productionStopped) => setA({ ...a, productionStopped })} />
            <YesNo name="impact-workaround" legend="Is there a workaround?" value={a.workaround} onChange={(workaround) => setA({ ...a, workaround })} />
            <fieldset className="field">
              <legend style={{ fontWeight: 500, marginBottom: 4 }}>How many users are affected?</legend>
              <div className="row">
                {(['one', 'some', 'many', 'all'] as const).map((u) => (
                  <label key={u} className="row" style={{ gap: 4, color: 'var(--text)' }}>
                    <input type="radio" name="impact-users" checked={a.usersAffected === u} onChange={() => setA({ ...a, usersAffected: u })} />
                    {u === 'one' ? 'One' : u === 'some' ? 'A few' : u === 'many' ? 'Many' : 'Everyone'}
                  </label>
                ))}
              </div>
            </fieldset>
          </>
        )}
        <div role="status" aria-live="polite" className="card" style={{ padding: 10 }}>
          {suggestion ? (
            <>
              <strong>Suggested: Sev {suggestion.severity}</strong> — {suggestion.why}.
              <div className="muted small">{severityMeaning[suggestion.severity]}</div>
              {suggestion.severity === current && <div className="small">That is the current severity.</div>}
            </>
          ) : (
            <span className="muted">Currently Sev {current}. Answer the questions for a suggestion.</span>
          )}
        </div>
      </div>
    </Dialog>
  );
}
