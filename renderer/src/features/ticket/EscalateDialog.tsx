import { useState } from 'react';
import type { Account, Ticket, Tier } from '../../../../shared/domain';
import { mutate } from '../../app/mutations';
import { Dialog } from '../../ui/Dialog';
import { toast } from '../../ui/toast';

/** Escalate with evidence: a summary, what was tried and the impact, sent as an escalation packet. */
export function EscalateDialog({ ticket, account, onClose }: { ticket: Ticket; account: Account | null | undefined; onClose: () => void }) {
  const nextTier = (ticket.tier < 3 ? ticket.tier + 1 : 3) as Tier;
  const [summary, setSummary] = useState('');
  const [tried, setTried] = useState('');
  const [steps, setSteps] = useState('');
  const [impact, setImpact] = useState('');
  const [busy, setBusy] = useState(false);
  const submit = async () => {
    if (!summary.trim()) {
      toast('An escalation needs at least a summary', 'error');
      return;
    }
    setBusy(true);
    try {
      const escalationId = crypto.randomUUID();
      await mutate('escalation.saveDraft', {
        escalationId,
        ticketId: ticket.id,
        toTier: nextTier,
        summary,
        alreadyTried: tried,
        reproductionSteps: steps,
        impact: { usersAffected: null, businessImpact: impact, arrAtStakeMinor: account?.arrMinor ?? null, renewalDate: account?.renewalDate ?? null },
      });
      await mutate('escalation.submit', { escalationId });
      toast(`Escalated to tier ${nextTier}`);
      onClose();
    } catch (e) {
      toast(e instanceof Error ? e.message : String(e), 'error');
    } finally {
      setBusy(false);
    }
  };
  return (
    <Dialog
      open
      title={`Escalate to tier ${nextTier}`}
      onClose={onClose}
      footer={
        <>
          <button type="button" onClick={onClose}>
            Cancel
          </button>
          <button type="button" className="primary" disabled={busy} onClick={() => void submit()}>
            Submit escalation
          </button>
        </>
      }
    >
      <div className="dialog-body">
        <p className="muted small">You stay the owner; the specialists join as collaborators. Packets without evidence are sent back.</p>
        <div className="field">
          <label htmlFor="esc-summary">Summary</label>
          <textarea id="esc-summary" autoFocus rows={3} value={summary} onChange={(e) => setSummary(e.target.value)} />
        </div>
        <div className="field">
          <label htmlFor="esc-steps">Reproduction steps</label>
          <textarea id="esc-steps" rows={3} value={steps} onChange={(e) => setSteps(e.target.value)} />
        </div>
        <div className="field">
          <label htmlFor="esc-tried">What was already tried</label>
          <textarea id="esc-tried" rows={2} value={tried} onChange={(e) => setTried(e.target.value)} />
        </div>
        <div className="field">
          <label htmlFor="esc-impact">Business impact</label>
          <textarea id="esc-impact" rows={2} value={impact} onChange={(e) => setImpact(e.target.value)} />
        </div>
      </div>
    </Dialog>
  );
}
