import { UptimeCalculator } from './UptimeCalculator';

/** The Tools page (route `tools`): calculators agents and leads use while talking contracts. */
export function ToolsPage() {
  return (
    <div className="page page-narrow">
      <h1 style={{ marginBottom: 12 }}>Tools</h1>
      <UptimeCalculator />
    </div>
  );
}
