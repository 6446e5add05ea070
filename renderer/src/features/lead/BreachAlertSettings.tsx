import { useLeadBoardPrefs } from './leadBoardPrefs';

/**
 * The breach-alert settings (Settings page; the lead board shows the same two switches): desktop notifications
 * for imminent SLA breaches, and do-not-disturb, which silences them on this device.
 */
export function BreachAlertSettings() {
  const { notifications, doNotDisturb, set } = useLeadBoardPrefs();
  return (
    <section className="card section" aria-labelledby="s-alerts" style={{ marginTop: 10 }}>
      <h2 id="s-alerts" className="section-title">
        SLA breach alerts
      </h2>
      <label className="row small">
        <input type="checkbox" checked={notifications} onChange={(e) => set({ notifications: e.target.checked })} />
        Desktop notifications when a ticket on the lead board is about to breach (at most one per ticket every 10 minutes, five a minute)
      </label>
      <label className="row small">
        <input type="checkbox" checked={doNotDisturb} onChange={(e) => set({ doNotDisturb: e.target.checked })} />
        Do not disturb (no notifications)
      </label>
    </section>
  );
}
