import { LeadBoard } from './LeadBoard';

/** The `lead` route (app/AppFrame.tsx renders this). */
export function LeadBoardPage() {
  return <LeadBoard />;
}
