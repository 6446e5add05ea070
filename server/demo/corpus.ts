/**
 * Support text for the demo data set: what customers of a B2B software vendor write, what agents answer,
 * what they note internally. Templates use {{placeholders}} filled per ticket (see `fillTemplate`), so
 * one thread stays consistent (same identity provider, same region, same request id).
 */
import type { Severity } from '../../shared/domain/primitives';

export interface SupportTopic {
  readonly key: string;
  readonly tags: readonly string[];
  /** Relative frequency among tickets. */
  readonly weight: number;
  /** Affinity for Sev 1..4: the generator draws severity first, then a topic that fits it. */
  readonly severity: readonly [number, number, number, number];
  /** Relative chance of ending at tier 1, 2, 3. */
  readonly tier: readonly [number, number, number];
  /**
   * Variants: subjects[i], openings[i] and replies[i] tell one story. followUps, notes and resolutions are
   * aligned the same way when they have one entry per opening, and otherwise fit every variant.
   */
  readonly subjects: readonly string[];
  /** The customer's first message (plain text paragraphs; the generator may wrap it as e-mail HTML). */
  readonly openings: readonly string[];
  /** The agent's first public reply. */
  readonly replies: readonly string[];
  readonly followUps: readonly string[];
  readonly notes: readonly string[];
  /** The public reply that solves the ticket. */
  readonly resolutions: readonly string[];
}

export const supportTopics: readonly SupportTopic[] = [
  {
    key: 'sso',
    tags: ['sso', 'saml', 'authentication'],
    weight: 9,
    severity: [3, 6, 3, 1],
    tier: [4, 4, 1],
    subjects: [
      'SAML login fails with "Response is not yet valid"',
      'SSO broken after our IdP certificate rollover',
      'Users get "NameID does not match any user" after {{idp}} change',
      'SSO login loop for some users since this morning',
      'Cannot log in via {{idp}} — "Invalid audience"',
    ],
    openings: [
      'Since about {{time}} UTC none of our users can sign in through {{idp}}. The login page shows "SAML response is not yet valid (NotBefore)". Nothing changed on our side as far as I know. Roughly {{users}} people are affected, including our whole support floor.',
      'We rotated the signing certificate in {{idp}} yesterday evening (the old one expires in {{n}} days). Since then every SSO attempt ends with "Signature validation failed". I uploaded the new metadata XML in the admin console but the error persists. Can you check what the platform still has on file?',
      'After we migrated our users from on-prem AD to {{idp}}, about {{users}} users get "NameID does not match any user". Their e-mail addresses are the same as before. Is the NameID format expected to be emailAddress or persistent? We need this fixed before Monday when the rest of the company moves over.',
      'A subset of users ({{users}} so far) are stuck in a redirect loop between {{idp}} and the login page. Clearing cookies helps for a few minutes. Request ID from the browser console: {{requestId}}.',
      'Our security team wants to enforce SSO for all users, but when I enable "Require SSO" in the admin console, test users get "Invalid audience". The Entity ID in {{idp}} is copied from your docs. Screenshots attached.',
    ],
    replies: [
      'Thanks for the detail, that helps a lot. "Response is not yet valid" almost always means the clocks of the IdP and our service disagree by more than the allowed skew (3 minutes). Could you check the time on your {{idp}} server or connector host? In the meantime I have asked our identity team to look at the assertions we rejected for your tenant.',
      'I can see the failed assertions for your workspace. They are signed with a certificate whose fingerprint ends in …{{hex4}}, but the configuration still holds the previous certificate. Could you upload the new certificate under Settings → Security → SSO → "Add secondary certificate"? We accept both during a rollover, so nobody is locked out while {{idp}} switches over.',
      'The users in question are sent with a persistent NameID (an opaque ID), while their accounts were created with the e-mail address as identifier. Two options: switch the NameID format in {{idp}} to emailAddress, or turn on "Match users by e-mail attribute" in the SSO settings. I would suggest the second, as it survives future directory moves.',
      'Thank you for the request ID. I have reproduced the redirect loop with a test account against your configuration: the SAML response comes back to the old ACS URL (without the region prefix). Could you compare the ACS URL in {{idp}} with the one shown in Settings → Security → SSO?',
      '"Invalid audience" means the Entity ID in the assertion does not match your workspace exactly: your {{idp}} app sends the global Entity ID, while your workspace expects the one ending in /saml/{{account.domain}} (shown under Settings → Security → SSO). Updating it in {{idp}} fixes this; nothing needs to change on our side.',
    ],
    followUps: [
      'We checked: the connector host was {{n}} minutes behind. NTP is fixed now and logins work again for the people I asked. Can you confirm from your side that assertions are accepted?',
      'Uploaded the secondary certificate. Still seeing failures for a few users — could it be cached?',
      'Switching the NameID format is not an option for us (other apps depend on it). I enabled the e-mail matching; will report back after a few people have tried.',
      'Our IdP admin corrected the ACS URL. The loop is gone for the users I asked.',
      'Updated the Entity ID — test users can sign in now. Is it safe to enforce SSO for everyone?',
    ],
    notes: [
      'Checked auth logs in {{region}}: {{n}} SAML assertions rejected for this tenant since {{time}} UTC, all with NotBefore {{seconds}}s in the future. Clock skew on their side, not ours.',
      'IdP metadata on file still has the cert expiring in {{n}} days; the assertions are signed with the new one. Customer needs to add the secondary cert — no backend change needed.',
      'Looked at the SP config: NameIDFormat persistent, users provisioned with email. Known pattern after AD → {{idp}} migrations. KB article on NameID formats linked.',
      'Reproduced the loop with a test user: SAML response posted to the legacy ACS URL without the region prefix. Config on their side.',
      'Audience mismatch: their IdP app uses the global Entity ID, tenant expects the per-workspace one. Sent them the exact value.',
    ],
    resolutions: [
      'Good news: since your NTP fix I see only accepted assertions for your tenant. I will mark this ticket as solved; if anyone still cannot sign in, simply reply here and it re-opens.',
      'Confirmed on our side: both certificates are on file and all recent logins were validated with the new one. You can remove the old certificate after it expires. Solving this ticket now — thanks for your patience.',
      'E-mail matching is active and the {{users}} affected users have signed in successfully in the last hour. I have added a note to your account so that future migrations go smoothly.',
      'With the corrected ACS URL all sign-ins in the last 24 hours succeeded without a loop. Marking this as solved — reply here if anyone is still affected.',
      'Yes — with the Entity ID corrected you can enable "Require SSO" safely; keep one break-glass admin with password login. Solving this ticket.',
    ],
  },
  {
    key: 'api_rate_limit',
    tags: ['api', 'rate-limit', '429'],
    weight: 8,
    severity: [1, 5, 6, 2],
    tier: [5, 4, 1],
    subjects: [
      'Getting HTTP 429 Too Many Requests on {{endpoint}}',
      'API burst limit hit during nightly sync',
      'Our integration is throttled since the last release',
      'Request to raise API rate limit for {{account.name}}',
    ],
    openings: [
      'Our nightly sync job started failing with HTTP 429 on {{endpoint}}. According to the docs our plan allows {{limit}} requests per minute and we stay well below that on average. Example response id: {{requestId}}. This is blocking our finance reporting for tomorrow morning.',
      'We are seeing bursts of 429 responses every day around {{time}} UTC when our ETL starts. Retry-After says 30 seconds but the retries also fail. Is there a separate burst limit we are not aware of?',
      'Since your release last week, our integration gets throttled much more often. Nothing changed in our code. Could you check whether limits were lowered for our workspace?',
      'We are rolling out to {{users}} more users next month and expect API traffic to triple. What are our options to raise the limit? We are happy to discuss this with our account manager.',
    ],
    replies: [
      'Thanks for the response id. Your workspace has a sustained limit of {{limit}} requests/minute and a burst limit of {{burst}} requests per 10 seconds. The job sends its requests in parallel right at the start, which exceeds the burst limit even though the per-minute average is fine. Limiting concurrency to 4 usually resolves this.',
      'Retry-After applies per workspace, not per request: when all your workers retry after exactly 30 seconds they hit the burst limit together again. Adding random jitter (0–10 s) to each retry and capping concurrency at 4 breaks the cycle. The X-RateLimit-Remaining header tells you how close you are.',
      'Nothing changed for your workspace limits, but the release did change how retries are counted: a retry inside the Retry-After window now counts against the limit. Honouring Retry-After (instead of retrying after a fixed 5 s) should stop the cascade.',
      'Thanks for planning ahead! Your plan includes {{limit}} requests/minute; the API add-on raises this in steps of 2,000. I have asked your account manager to reach out with options. Meanwhile the bulk endpoints move up to 10,000 records per request, which often removes the need for a higher limit.',
    ],
    followUps: [
      'We reduced concurrency as suggested. Tonight\'s run finished without a single 429. Thanks!',
      'We added jitter to the retries and the bursts are gone.',
      'We honour Retry-After now, but still see 429s at peak. Can we get a temporary increase while we refactor?',
      'Thanks — we will move the sync to the bulk endpoints. Is there an endpoint to fetch the current limits programmatically?',
    ],
    notes: [
      'Gateway logs ({{region}}): tenant peaked at {{n}}0 req in 10 s vs a burst limit of {{burst}}; per-minute average fine. Client-side concurrency issue.',
      'Gateway logs ({{region}}): retries cluster exactly 30 s after each 429 wave — synchronised workers.',
      'Checked the release notes: retry accounting changed in {{version}}. Third ticket this week about it — suggest a KB update. Requested a temporary increase to {{burst}}/10 s for 14 days.',
      'Flagged to the account manager as an expansion opportunity (API add-on).',
    ],
    resolutions: [
      'Great to hear the job is clean now. For reference I have linked our article on handling rate limits. Marking this as solved.',
      'Glad the jitter did the trick. Marking this as solved; the rate-limit article is linked for your team.',
      'The temporary increase is live until the end of the month. Please let us know how the refactor goes; solving this ticket for now.',
      'GET /v2/limits returns your current limits and usage. Your account manager will follow up on the add-on; solving this ticket for now.',
    ],
  },
  {
    key: 'webhook_delay',
    tags: ['webhooks', 'delivery', 'integration'],
    weight: 7,
    severity: [2, 6, 5, 1],
    tier: [4, 5, 1],
    subjects: ['Webhooks delayed by up to {{n}} minutes', 'Duplicate webhook events since yesterday', 'Webhook endpoint disabled automatically — why?'],
    openings: [
      'Our order pipeline relies on your record.updated webhooks. Since {{time}} UTC the events arrive {{n}} minutes late, sometimes more. Our warehouse is shipping based on stale data. Delivery ID of a late event: {{requestId}}.',
      'We keep receiving the same webhook event up to 5 times, although our endpoint responds with 200 (see our load balancer logs attached). This creates duplicate tickets in our system.',
      'This morning we found our webhook endpoint disabled in the integration settings. There was a short deploy on our side, but only for a few minutes. How long do you retry before disabling?',
    ],
    replies: [
      'Thank you — I traced delivery {{requestId}}: it was queued on time but the first attempt to your endpoint timed out after 10 seconds, and the retry went out {{n}} minutes later per our backoff schedule. Could you check your endpoint latency around {{time}} UTC?',
      'Our delivery log shows your endpoint answered, but after 10.2 seconds, which our sender treats as a timeout and retries. The 200 arrives too late. Responding immediately and processing asynchronously avoids this; each event also carries an idempotency key (X-Event-Id) you can use to drop duplicates.',
      'Endpoints are disabled after 24 hours of consecutive failures, and admins get an e-mail at 1 hour and 12 hours. Your deploy left the endpoint with an expired TLS certificate for longer than planned. I have re-enabled your endpoint and replayed the {{n}} events from the last day.',
    ],
    followUps: [
      'Our endpoint was slow because of a database lock. Fixed now, events are arriving within seconds again.',
      'We have implemented deduplication with X-Event-Id. Could you confirm there is no issue on your end as well?',
      'Thanks for replaying — is there a way for us to replay events ourselves in future?',
    ],
    notes: [
      'Checked logs in region {{region}}: {{n}} deliveries to this endpoint with response time > 10s since {{time}} UTC. Delivery queue healthy (p95 lag 4s). Not a platform problem.',
      'Delivery log: each duplicate is a retry after a response that took more than 10 s. Endpoint latency, not a platform bug.',
      'Endpoint auto-disabled after 24h of failures (TLS handshake errors). Re-enabled and replayed {{n}} events.',
    ],
    resolutions: [
      'Deliveries to your endpoint have been succeeding on the first attempt for the past 24 hours, with a median latency of 120 ms. Marking this as solved.',
      'Glad the deduplication is in place. Our side shows no anomalies for your workspace; solving this ticket.',
      'You can replay events yourself under Settings → Integrations → Webhooks → Delivery log (last 7 days). Solving this ticket.',
    ],
  },
  {
    key: 'data_export',
    tags: ['export', 'timeout', 'reporting'],
    weight: 6,
    severity: [0, 3, 7, 2],
    tier: [6, 3, 1],
    subjects: ['Full data export times out after 30 minutes', 'Scheduled export did not arrive in our S3 bucket', 'CSV export stuck at "Preparing" for hours'],
    openings: [
      'We need a full export of our records for the quarterly audit ({{exportRows}} rows). The export runs for about 30 minutes and then fails with "Gateway Timeout". Smaller exports work fine.',
      'Our scheduled nightly export to S3 did not arrive for the last {{n}} days. The export history shows "completed", but the bucket is empty. We did not change the IAM role.',
      'The CSV export has been stuck at "Preparing" since yesterday afternoon. I cannot start a new one because "an export is already running".',
    ],
    replies: [
      'Exports above about 2 million rows should use the asynchronous export API, which streams the result in parts and has no gateway timeout. I have attached the article with the steps. If you need the file from the UI, splitting it by creation date works too.',
      'The export completed, but the upload to S3 was refused with AccessDenied: the bucket policy now requires the bucket-owner-full-control ACL. Could you check if a bucket policy changed on {{date}}?',
      'I have cancelled the stuck export job on our side; you can start a new one now. The job was waiting on a worker that was restarted during maintenance — sorry for the trouble.',
    ],
    followUps: [
      'The async export API worked — took 40 minutes but we have all the rows. Thank you!',
      'Our cloud team indeed added a bucket policy. They have updated the IAM role; let us see tonight.',
      'New export finished in 8 minutes. Thanks.',
    ],
    notes: [
      'Export worker logs: job ran 1,800s and hit the gateway timeout. Tenant has {{exportRows}} rows. Async export is the documented path.',
      'S3 upload errors in {{region}} for this tenant since {{date}}: AccessDenied (ACL). Customer-side bucket policy.',
      'Stuck job from the worker restart at {{time}} UTC. Cancelled it manually; filed a bug so orphaned jobs expire after 6h.',
    ],
    resolutions: [
      'Great — I am marking this as solved. For next quarter, the scheduled export can run the async API for you automatically.',
      'Last night\'s export arrived in your bucket. Solving this ticket; reply here if it misses again.',
      'Glad the new export went through. Orphaned jobs now expire automatically after 6 hours. Solving this ticket.',
    ],
  },
  {
    key: 'crm_sync',
    tags: ['crm', 'salesforce', 'sync'],
    weight: 7,
    severity: [0, 4, 7, 1],
    tier: [5, 4, 1],
    subjects: [
      '{{crm}} sync failing with "FIELD_CUSTOM_VALIDATION_EXCEPTION"',
      'Contacts not syncing to {{crm}} since yesterday',
      '{{crm}} integration: duplicate accounts created',
      '{{crm}} sync paused — "token expired"',
    ],
    openings: [
      'Since yesterday around {{time}} UTC our {{crm}} sync reports {{n}} errors: "FIELD_CUSTOM_VALIDATION_EXCEPTION: Region is required". We did add a validation rule in {{crm}} on Tuesday. Can the sync set a default?',
      'New contacts created in the platform are not showing up in {{crm}} anymore. The sync status page says "healthy", last run {{n}} minutes ago, 0 records written.',
      'Every night the {{crm}} integration creates duplicate accounts for companies that already exist. We now have {{n}} duplicates to merge.',
      'The sync stopped with "token expired". Our {{crm}} admin left the company last week and I think the connection was under his user.',
    ],
    replies: [
      'The new validation rule in {{crm}} rejects records without a Region. In the field mapping (Settings → Integrations → {{crm}} → Field mapping) you can map Region to our "Account region" field or set a static default. Records will be retried on the next run.',
      'The sync filter for contacts is set to "Lifecycle stage = Customer", and the new contacts are still "Lead". Could you check whether that filter is still what you want?',
      'Duplicates happen when the matching key is the account name and the names differ slightly (e.g. "Inc." vs "Inc"). Switching the match key to the website domain avoids that. I can run a one-time merge report for you.',
      'That is right — the connection is authorised as a user that is now deactivated in {{crm}}. Please reconnect with an integration user (ideally a dedicated one) under Settings → Integrations → {{crm}} → Reconnect.',
    ],
    followUps: [
      'We mapped the region field; tonight\'s run wrote all records except 3. Attaching the error export.',
      'You were right, the new contacts were still leads. We widened the filter and they synced.',
      'Switching the match key worked. Please send the merge report.',
      'Reconnected with an integration user. Sync is running again. Will the records from the last week be picked up automatically?',
    ],
    notes: [
      'Sync logs: {{n}} write errors, all FIELD_CUSTOM_VALIDATION_EXCEPTION from the customer\'s new rule. Nothing on our side.',
      'Sync filter "Lifecycle stage = Customer" skips new leads. Working as configured.',
      'Duplicate report: {{n}} account pairs that differ only by legal suffix. Match key is the name.',
      'Connector in {{region}} shows OAuth refresh failures since {{date}} (user deactivated). Standard reconnect.',
    ],
    resolutions: [
      'All records synced in the last run except the 3 with picklist values that do not exist in your {{crm}} org (list attached). Marking this as solved.',
      'Great — contacts are flowing again. Solving this ticket.',
      'Merge report attached. Since the match key change there have been no new duplicates. Solving this ticket — thank you for working through it with us.',
      'Yes — the sync resumes from the last successful checkpoint, so last week\'s records were written in the first run after reconnecting. Marking this as solved.',
    ],
  },
  {
    key: 'billing',
    tags: ['billing', 'invoice'],
    weight: 7,
    severity: [0, 0, 2, 8],
    tier: [10, 0.4, 0],
    subjects: ['Question about invoice {{invoice}}', 'Invoice shows wrong VAT ID', 'Can we switch to annual billing?', 'PO number missing on invoice {{invoice}}'],
    openings: [
      'Hello, our finance team has a question about invoice {{invoice}}: it lists {{n}} additional seats that we do not think we added. Could you send a breakdown by month?',
      'Our invoice shows our old VAT ID. Please update it to the new one (attached certificate) and re-issue {{invoice}}, otherwise we cannot book it.',
      'We would like to move from monthly to annual billing at renewal. What would the price be, and does it change our contract dates?',
      'Our procurement system requires the PO number on every invoice. Invoice {{invoice}} was rejected because it is missing. PO: PO-{{n}}88.',
    ],
    replies: [
      'Thanks for reaching out. The {{n}} additional seats were activated on {{date}} by an admin in your workspace (true-up at the end of the month). I have attached the monthly breakdown. If these were added by mistake, an admin can remove them and we will credit the next invoice.',
      'I have updated the VAT ID on your billing profile and asked our billing team to re-issue {{invoice}}. You should receive the corrected invoice within 2 business days.',
      'Annual billing is possible at renewal and usually comes with a discount; your account manager will send a quote. Your contract dates do not change.',
      'Thanks — I have added PO-{{n}}88 to your billing profile and asked billing to re-issue {{invoice}} with it. From now on it appears on every invoice.',
    ],
    followUps: [
      'Thanks, the breakdown explains it. All good.',
      'Received the corrected invoice, thank you.',
      'Sounds good, we will wait for the quote.',
      'Perfect, thank you. Could you make sure the re-issued invoice goes to ap@{{account.domain}}?',
    ],
    notes: [
      'Billing system: seats increased from {{seatsBefore}} to {{seatsAfter}} on {{date}} by an admin. Legit true-up.',
      'Forwarded to billing ops for re-issue; they confirmed the credit note.',
      'Annual billing quote requested from the account manager.',
      'PO stored on the billing profile; re-issue requested.',
    ],
    resolutions: [
      'Glad that helped! Marking this as solved.',
      'The corrected invoice was sent on {{date}}. Solving this ticket.',
      'Your account manager has sent the quote. Marking this as solved.',
      'Done: the re-issued invoice went to ap@{{account.domain}} and the PO number will appear on all future invoices. Solving this ticket.',
    ],
  },
  {
    key: 'licensing',
    tags: ['licensing', 'seats'],
    weight: 5,
    severity: [0, 0, 3, 7],
    tier: [10, 0.4, 0],
    subjects: ['We have run out of seats — cannot invite new users', 'How do we reassign licences from leavers?', 'Seat count in admin console does not match contract'],
    openings: [
      'We are onboarding a new team of {{n}} people this week, but the admin console says we have no seats left. Can you check?',
      'What is the best way to free up licences from people who have left the company? We have about {{n}} deactivated users still counting as seats.',
      'The admin console shows {{seatsBefore}} seats licensed, our contract says {{seatsAfter}}. Which one is right?',
    ],
    replies: [
      'All {{seatsBefore}} seats of your contract are assigned, and {{n}} of them belong to deactivated users. Releasing those (Admin → Users → filter Deactivated → Release seats) frees them right away. If you need more, your account manager can add seats the same day.',
      'Deactivated users still hold a seat until they are removed or converted to "read-only viewer", which is free. In Admin → Users, filter by "Deactivated" and use "Release seats". That should free {{n}} seats immediately.',
      'You are right, the amendment from {{date}} was not applied to your workspace. I have corrected the seat count to {{seatsAfter}}; please refresh the admin console.',
    ],
    followUps: ['Released the seats, the new team is in. Thanks!', 'That worked, thanks a lot!', 'Seats look correct now. Thank you for the quick fix.'],
    notes: [
      'Checked seat assignments: {{n}} deactivated users still hold seats.',
      'Checked seat assignments: {{n}} deactivated users still hold seats; sent the KB article.',
      'Contract amendment in CRM shows {{seatsAfter}} seats from {{date}}; provisioning never picked it up. Fixed manually, flagged to RevOps.',
    ],
    resolutions: ['Happy to help. Marking this as solved.'],
  },
  {
    key: 'permissions',
    tags: ['permissions', 'roles', 'admin'],
    weight: 5,
    severity: [0, 1, 5, 5],
    tier: [8, 2, 0],
    subjects: ['Custom role cannot edit records', 'User sees data from another business unit', 'How to give read-only access to auditors?'],
    openings: [
      'We created a custom role "Regional Manager" but users with it cannot edit records in their own region. They get "You do not have permission to perform this action".',
      'One of our users in Sales can see records from the HR business unit. This is a compliance problem for us — please advise urgently.',
      'Our external auditors need read-only access for {{n}} weeks. What is the recommended setup?',
    ],
    replies: [
      'The custom role has "Edit records" but the records are owned by a team the role is not scoped to. Under Admin → Roles → Regional Manager → Scope, choose "Records of my team and sub-teams".',
      'Thank you for flagging this. The user is a member of the group "All Staff", which has read access to the HR business unit through a sharing rule created on {{date}}. Removing the sharing rule or the membership fixes it. I can help you review all sharing rules if you like.',
      'The built-in "Auditor" role gives read-only access including audit logs. You can set an expiry date on the invitation so access ends automatically.',
    ],
    followUps: [
      'Scope changed, it works now.',
      'We removed the sharing rule. Can you confirm the user no longer accessed HR records after that?',
      'Invited the auditors with an expiry date. Thanks!',
    ],
    notes: [
      'Role scope was "own records" only; explained team scope.',
      'Audit log shows the sharing rule created {{date}} by their admin. No product issue.',
      'Recommended the Auditor role with an expiry date.',
    ],
    resolutions: [
      'Glad the scope change did it. Marking this as solved.',
      'Confirmed from the audit log: no HR records were accessed by that user after the rule was removed. Marking this as solved.',
      'Great. Access will end automatically on the expiry date. Solving this ticket.',
    ],
  },
  {
    key: 'scim',
    tags: ['scim', 'provisioning', 'sso'],
    weight: 4,
    severity: [0, 3, 6, 1],
    tier: [5, 4, 1],
    subjects: ['SCIM provisioning from {{idp}} fails with 409 Conflict', 'Deprovisioned users still active', 'SCIM groups not mapped to teams'],
    openings: [
      'Our {{idp}} provisioning logs show "409 Conflict: user already exists" for {{n}} users. They exist but were created manually before we enabled SCIM.',
      'Users we removed in {{idp}} are still active in the platform {{n}} days later. For our SOX controls deprovisioning must happen within 24 hours.',
      'We push groups from {{idp}} via SCIM, but they do not become teams. Is group push supported?',
    ],
    replies: [
      'Manually created users have no externalId, so the SCIM create collides with them. Running "Link existing users" under Admin → Provisioning matches them by e-mail and sets the externalId; afterwards {{idp}} can manage them.',
      'Your {{idp}} app sends PATCH active=false, which we honour — but the app\'s "Deactivate users" option is off, so no request reaches us. Could you check the provisioning settings in {{idp}}?',
      'Group push is supported: in {{idp}}, enable "Push groups" and map each group to a team under Admin → Provisioning → Group mapping. Groups that are not mapped are ignored on purpose.',
    ],
    followUps: ['Linked the users, 409s are gone.', 'The option was indeed disabled. Enabled it and pushed again.', 'Mapped the groups — teams are created now.'],
    notes: [
      'SCIM logs: {{n}} creates rejected with 409 — users created manually before SCIM (no externalId).',
      'SCIM logs: no PATCH/DELETE from their IdP since {{date}}. Only creates. Config issue on IdP side.',
      'Group push enabled on their side but no group mappings configured.',
    ],
    resolutions: ['Provisioning logs for the last 24h look clean on our side. Solving this ticket.'],
  },
  {
    key: 'audit_logs',
    tags: ['audit-log', 'compliance'],
    weight: 3,
    severity: [0, 0, 4, 6],
    tier: [8, 2, 0],
    subjects: ['Export audit log for our SOC 2 audit', 'Audit log entries missing for API changes'],
    openings: [
      'For our SOC 2 audit we need all admin actions from the last {{n}} months. How can we export the audit log?',
      'We noticed that changes made through the API do not appear in the audit log with the user who made them, only "API". Is that expected?',
    ],
    replies: [
      'Audit logs are kept for 13 months on your plan. Admin → Audit log → Export creates a CSV or JSON file; for longer retention you can stream them to your SIEM.',
      'API changes are logged with the token\'s name. If your integration uses a shared token, you see "API". Personal access tokens show the user.',
    ],
    followUps: ['Got the export, thanks!', 'Makes sense. We will create a token per integration.'],
    notes: ['Customer under audit deadline — prioritised. Export worked on first try.', 'API changes logged under the shared token name "API". Suggested per-integration tokens.'],
    resolutions: ['Glad that helped. Marking this as solved.'],
  },
  {
    key: 'performance',
    tags: ['performance', 'latency'],
    weight: 6,
    severity: [2, 7, 4, 0],
    tier: [3, 5, 2],
    subjects: ['Dashboards very slow since this morning', 'Search takes 20+ seconds', 'Record pages load slowly for users in {{regionName}}'],
    openings: [
      'Since this morning our dashboards take 30–60 seconds to load, and some time out completely. This affects {{users}} users across our support organisation. HAR file attached.',
      'Search has become very slow — 20 seconds or more for simple queries. It was instant last week.',
      'Our team in {{regionName}} reports that record pages take 8–10 seconds to load, while colleagues elsewhere are fine.',
    ],
    replies: [
      'Thank you for the HAR file. The slow requests are the dashboard widgets that aggregate over all records without a date filter; after your data grew past {{exportRows}} records they became expensive. Adding a date range to the three widgets listed below should bring load times back under 3 seconds.',
      'We see elevated search latency in {{region}} and our engineering team is investigating. I will update you within 2 hours.',
      'The requests from {{regionName}} are routed to a distant edge location. I have asked our network team to check the routing for your office IP ranges.',
    ],
    followUps: [
      'Added the date filters, dashboards load in 2 seconds now.',
      'Search is fast again today. What was the cause?',
      'Much better today for our team in {{regionName}}. What was the cause?',
    ],
    notes: [
      'APM for tenant in {{region}}: p95 of /dashboards at {{seconds}}s, dominated by unfiltered aggregate queries.',
      'Search cluster {{region}}: one node with GC pressure since {{time}} UTC. Engineering rebalancing shards.',
      'Edge routing sent their office ranges to a far PoP. Network team fixed the anycast config.',
    ],
    resolutions: [
      'Great to hear. Slow widgets now show a warning in edit mode, so this is easy to spot if it comes back. Marking this as solved.',
      'The search cluster was rebalanced and latency is back to normal (p95 under 400 ms). Root cause: one overloaded node after a shard move. We have added an alert for this. Solving this ticket.',
      'Routing for your office ranges is fixed; page loads from {{regionName}} are now under 1.5 seconds in our synthetic checks. Marking this as solved.',
    ],
  },
  {
    key: 'outage',
    tags: ['outage', 'production-down'],
    weight: 2,
    severity: [10, 2, 0, 0],
    tier: [1, 3, 4],
    subjects: ['URGENT: production down — all API calls return 503', 'Sev 1: nobody can log in', 'Platform unavailable for our entire company'],
    openings: [
      'URGENT. Since {{time}} UTC every API call from our production systems returns 503 Service Unavailable. Our order intake is completely stopped. This is costing us revenue every minute. Please call me at {{phone}}.',
      'Nobody in our company can log in — not via SSO and not with passwords. {{users}} users are affected. We are a 24/7 operation. Please escalate immediately.',
      'The platform is down for us: every page shows "Something went wrong" (request id {{requestId}}). Production is halted.',
    ],
    replies: [
      'I have escalated this as Sev 1 and opened a war room with our on-call engineers. We see elevated 503s in {{region}} and are investigating. I will send you an update every 30 minutes until this is resolved.',
      'Thank you for calling this in. Sign-ins for your workspace fail at our authentication service in {{region}}; I have escalated this as Sev 1 and engineers are in a war room now. Updates follow every 30 minutes.',
      'Thank you — the request id shows errors from our API gateway in {{region}}, where we are seeing a wider problem. This is now a Sev 1 with engineers in a war room; you will hear from me every 30 minutes.',
    ],
    followUps: [
      'Any update? We are still down and our CEO is asking for an ETA.',
      'Things seem to work again on our side. Can you confirm it is stable?',
      'We need a root-cause analysis for our management by end of week.',
    ],
    notes: [
      'War room opened. Load balancer in {{region}} failing health checks since {{time}} UTC; traffic being shifted.',
      'Engineering: bad config push to the {{region}} gateway fleet rolled back. Error rate dropping.',
      'Customer is enterprise — TAM and account owner notified, direct updates to the economic buyer.',
    ],
    resolutions: [
      'Service has been stable for over an hour and the incident is resolved. Root cause: a configuration change in {{region}} removed a route for part of our tenants. It was rolled back, and config pushes now go through a canary stage first. The full RCA will be shared within 5 business days. We are sorry for the disruption.',
    ],
  },
  {
    key: 'howto',
    tags: ['how-to', 'question'],
    weight: 12,
    severity: [0, 0, 1, 10],
    tier: [12, 0.3, 0],
    subjects: [
      'How do I set up an automation rule?',
      'Can we customise the e-mail notification template?',
      'How to create a report of records per region',
      'Where can I find the API key?',
      'Best practice for sandbox vs. production workspaces',
      'How to bulk update records from a CSV',
      'Can we schedule a dashboard to be e-mailed weekly?',
      'How do I add a custom field to the record layout?',
    ],
    openings: [
      'Hi team, we would like to automatically assign new records from our EU customers to the Berlin team. Is that possible without the API?',
      'Quick question: can we change the logo and footer of the notification e-mails that our users receive?',
      'I need a report showing the number of records per region per month for our board deck. What is the easiest way?',
      'Where do I find or rotate our API key? The person who set up our integration has left.',
      'We want to test changes before rolling them out. Do you offer a sandbox workspace, and can we copy configuration between workspaces?',
      'Is it possible to update about {{n}}00 records at once from a spreadsheet?',
      'Our leadership would like to receive the support dashboard by e-mail every Monday morning. Can we set that up?',
      'We need a "Contract ID" field on our records. How do we add it to the layout?',
    ],
    replies: [
      'Yes — automation rules do exactly that. Go to Settings → Automation → New rule, trigger "Record created", condition "Customer region is EU", action "Assign to team Berlin". The linked article walks through it with screenshots.',
      'You can: Settings → Branding lets admins upload a logo and edit the footer. Changes apply to all notification e-mails within a few minutes.',
      'The quickest way is Reports → New report → "Records over time", group by Region and Month, and export as CSV or pin it to a dashboard.',
      'API keys live under Settings → Developer → API keys. You can create a new key and revoke the old one there; I would create the new one first, switch the integration, then revoke.',
      'Sandboxes are included in your plan: Admin → Workspaces → Create sandbox. Configuration can be promoted with "Compare & deploy".',
      'The CSV importer supports updates: Data → Import → "Update existing records", matched by record ID or an external ID column.',
      'Yes: open the dashboard, choose Share → Schedule, pick Monday 08:00 in your time zone and add the recipients. They receive a PNG snapshot with a link to the live dashboard.',
      'Admins can add it under Settings → Fields → New field (type Text), then drag it onto the layout in Settings → Layouts. It is available in reports and the API right away.',
    ],
    followUps: ['Perfect, that is exactly what I needed.', 'Thanks! That works. One more question — is this also available via the API?', 'Worked like a charm.'],
    notes: ['Sent KB link; common question from newly onboarded accounts.', 'Answered with the KB article; suggest adding this to the onboarding checklist.'],
    resolutions: [
      'Glad it worked! Marking this as solved.',
      'Happy to help — yes, everything in the UI is also available through the API. Marking this as solved; feel free to reply if anything else comes up.',
    ],
  },
  {
    key: 'notifications',
    tags: ['email', 'notifications', 'deliverability'],
    weight: 4,
    severity: [0, 2, 6, 2],
    tier: [6, 3, 1],
    subjects: ['Notification e-mails going to spam', 'Users not receiving password reset e-mails'],
    openings: [
      'Our users report that notification e-mails land in spam since {{date}}. We use a custom sending domain ({{account.domain}}).',
      'Several users did not receive their password reset e-mails today. Other e-mails seem to arrive.',
    ],
    replies: [
      'The DKIM record for your sending domain no longer matches — the selector record returns a different key since {{date}}. Could your DNS team re-publish the CNAME shown under Settings → E-mail → Domain?',
      'Those addresses are on our suppression list after hard bounces on {{date}} (your mail gateway rejected them as "mailbox full"). I have removed them from the list; new e-mails will be delivered.',
    ],
    followUps: ['DNS updated. Can you verify?', 'Users confirm they receive e-mails again. Thanks.'],
    notes: ['DKIM selector record for their sending domain changed on {{date}}; signatures fail.', 'Mail logs: {{n}} bounces from their gateway on {{date}}, all 452 mailbox full. Cleared suppression.'],
    resolutions: ['DKIM verifies again for your domain, and test messages land in the inbox. Marking this as solved.', 'Password reset e-mails are being delivered again. Marking this as solved.'],
  },
  {
    key: 'integrations',
    tags: ['integration', 'slack', 'jira'],
    weight: 4,
    severity: [0, 1, 6, 3],
    tier: [6, 3, 1],
    subjects: ['Jira integration stopped creating issues', 'Slack notifications not posted to channel'],
    openings: [
      'Our Jira integration stopped creating issues from escalated records on {{date}}. The integration page shows "Connected".',
      'Slack notifications for new records no longer show up in #{{channelName}}. We renamed the channel last week — could that be it?',
    ],
    replies: [
      'The Jira project key changed (the project was moved), so issue creation fails with "project does not exist". Updating the project key in the integration settings fixes it.',
      'Renaming alone is fine — the integration stores the channel ID — but the app was removed from the channel when it was archived and restored. Inviting the app back (/invite @platform) fixes it.',
    ],
    followUps: ['Updated the project key — issues are created again.', 'Invited the app back, works.'],
    notes: ['Integration logs: 404 from Jira API on project key since {{date}}. Customer-side change.', 'Slack API returns not_in_channel since the channel was archived and restored.'],
    resolutions: ['Great, marking this as solved.'],
  },
  {
    key: 'feature_request',
    tags: ['feature-request', 'feedback'],
    weight: 4,
    severity: [0, 0, 1, 9],
    tier: [10, 0, 0],
    subjects: ['Feature request: export dashboards as PDF', 'Request: field-level permissions', 'Would love dark mode'],
    openings: [
      'Our leadership team would like to receive dashboards as PDF. Is this on your roadmap?',
      'We need field-level permissions so that salary fields are only visible to HR. Is that planned?',
      'Not urgent, but many of our agents work night shifts and would love a dark mode.',
    ],
    replies: [
      'Thank you for the suggestion! I have added your vote to the existing request and linked your account, so your account manager sees it in roadmap discussions. In the meantime, scheduled e-mail reports can include a PNG snapshot.',
      'Field-level permissions are on the roadmap for the second half of the year. I have added your use case to the request.',
      'Thank you! Dark mode is one of the most requested features and is planned; I have added your vote and your night-shift use case.',
    ],
    followUps: ['Thanks for passing it on.', 'Good to know, thank you.'],
    notes: ['Logged on the product board; {{n}} accounts have asked for this.'],
    resolutions: ['I will close this ticket now; we will reach out when the feature is available.'],
  },
  {
    key: 'data_import',
    tags: ['import', 'csv', 'data'],
    weight: 4,
    severity: [0, 1, 6, 4],
    tier: [7, 3, 0],
    subjects: ['CSV import fails at row 1,204', 'Import created records with wrong dates'],
    openings: [
      'I am trying to import {{n}}00 records from a CSV and it fails with "Invalid value in column close_date at row 1,204".',
      'We imported our historical data yesterday and all dates are off by one day.',
    ],
    replies: [
      'The importer expects ISO dates (YYYY-MM-DD); row 1,204 has "31/04/2024", which is not a valid date. Fixing that row should let the import through.',
      'The file has dates without time zone, which the importer reads as midnight UTC; displayed in your time zone they fall on the previous day. Setting "Import time zone" to your local zone in the importer avoids it. I can run a correction job for yesterday\'s import.',
    ],
    followUps: ['Fixed the row, import went through.', 'Please run the correction job.'],
    notes: ['Import log: row 1,204 has an invalid date "31/04/2024". Data issue.', 'Ran date correction for the import job from {{date}}: {{n}}00 records shifted +1 day. Verified a sample of 20.'],
    resolutions: ['Glad the import went through. Solving this ticket.', 'The correction job finished and the dates now match your file. Solving this ticket.'],
  },
];

/** Generic customer follow-ups that fit any topic. */
export const genericFollowUps = [
  'Hi, any update on this?',
  'Thanks for the quick answer. We will try this and get back to you.',
  'Following up — this is still happening for us.',
  'We tried the steps, unfortunately no change. What else can we check?',
  'Thanks. Our {{contactTitle}} asked me to check when we can expect a fix.',
  'Adding my colleague in CC who manages the integration.',
];

/** Agent replies to a customer's follow-up. */
export const genericAgentUpdates = [
  'Thanks for the update. I am checking this with our specialists and will get back to you by tomorrow.',
  'Thank you for trying that. I have shared the logs with our tier 2 team for a deeper look; you do not need to do anything in the meantime.',
  'Thanks for getting back to us. Could you send the request id (or the exact time, with time zone) of one failing attempt? That lets us find it in our logs right away.',
  'Understood, and sorry this is still causing trouble. I have raised the priority with our specialists and will update you within the agreed timeframe.',
];

/** Agent updates that follow the agent's own earlier reply (cadence updates, check-ins). */
export const agentProgressUpdates = [
  'Quick update: our engineering team has identified the cause and is testing a fix. I will keep you posted.',
  'Just checking in — did the steps above help? If we do not hear back, we will follow up again in a few days.',
  'An update as promised: the investigation is still ongoing. Next update from me within the agreed timeframe.',
  'Update: the fix is deployed to our staging environment and looks good; production rollout is planned for tonight.',
];

/** Log lines an escalation packet carries, per topic. */
export const topicLogLines: Readonly<Record<string, readonly string[]>> = {
  sso: ['saml: assertion rejected: NotBefore in the future (skew 212s)', 'saml: signature validation failed (cert fingerprint mismatch)', 'saml: NameID not found in directory', 'saml: audience mismatch'],
  scim: ['scim: POST /Users 409 user already exists', 'scim: no PATCH received for deprovisioned user', 'scim: group push ignored (no mapping)'],
  api_rate_limit: ['gateway: status=429 retry_after=30 bucket=burst', 'gateway: status=429 retry_after=12 bucket=sustained', 'gateway: concurrency=16 tenant burst exceeded'],
  webhook_delay: ['webhooks: delivery attempt 3 failed: ETIMEDOUT after 10000ms', 'webhooks: endpoint responded 200 after 10212ms (timeout)', 'webhooks: endpoint disabled after 24h of failures'],
  data_export: ['export: job exceeded 1800s gateway timeout', 's3: PutObject AccessDenied (bucket-owner-full-control required)', 'export: job waiting for worker (worker restarted)'],
  crm_sync: ['sync: FIELD_CUSTOM_VALIDATION_EXCEPTION Region is required', 'sync: 0 records matched filter lifecycle_stage=customer', 'sync: OAuth refresh failed: user inactive'],
  performance: ['apm: GET /dashboards p95=38.2s', 'search: node-3 GC pause 4.1s', 'edge: request routed to far PoP (rtt 310ms)'],
  outage: ['gateway: status=503 route not found', 'lb: health check failed for 3/3 targets', 'gateway: config push 4f2a rolled back'],
  notifications: ['mail: DKIM signature verification failed (selector s1)', 'mail: 452 mailbox full; address suppressed'],
  integrations: ['jira: 404 project does not exist', 'slack: not_in_channel'],
  data_import: ['import: invalid date "31/04/2024" at row 1204', 'import: timezone=UTC applied to naive dates'],
};


export const genericNotes = [
  'Called the customer, walked through the settings together. They will confirm tomorrow.',
  'Customer is frustrated; renewal in a few months. Keep updates tight.',
  'Reproduced in staging with a copy of their config.',
  'Not a bug — configuration. Suggest KB improvement.',
  'Asked tier 2 for a second pair of eyes before replying.',
  'Pending customer confirmation; will auto-solve after 5 days without reply.',
];

/** Resolutions that fit any topic, for variants without their own. */
export const genericResolutions = [
  'Thanks for confirming — I am marking this ticket as solved. If anything comes back, simply reply here and it re-opens.',
  'Glad we could sort this out. Marking this as solved; feel free to reply if you have further questions.',
];

export const customerClosings = [
  'Thanks, that fixed it!',
  'Confirmed, all good on our side. Thanks for the help.',
  'Works now. Appreciate the quick turnaround.',
  'Thank you — you can close this.',
];

export const agentGreetings = ['Hi {{contact.first}},', 'Hello {{contact.first}},', 'Hi {{contact.first}}, thanks for reaching out.', 'Dear {{contact.first}},'];
export const agentSignOffs = ['Best regards,\n{{agent.name}}\nCustomer Support', 'Kind regards,\n{{agent.name}}', 'Thanks,\n{{agent.first}}', 'Best,\n{{agent.name}} | Support Engineer'];
export const customerGreetings = ['Hi,', 'Hello support team,', 'Hi team,', 'Hello,', 'Good morning,', 'Dear Support,'];
export const customerSignOffs = ['Thanks,\n{{contact.name}}', 'Best regards,\n{{contact.name}}\n{{contactTitle}}, {{account.name}}', 'Regards,\n{{contact.first}}', 'Thank you!\n{{contact.first}}', 'Cheers,\n{{contact.first}}'];

export const identityProviders = ['Okta', 'Microsoft Entra ID', 'Azure AD', 'OneLogin', 'Ping Identity', 'Google Workspace', 'JumpCloud', 'ADFS'];
export const crmSystems = ['Salesforce', 'Salesforce', 'HubSpot', 'HubSpot', 'Microsoft Dynamics 365'];
export const apiEndpoints = ['/v2/records', '/v2/records/bulk', '/v2/search', '/v2/contacts', '/v2/events', '/v1/exports'];
export const productVersions = ['2025.9.4', '2025.10.1', '2025.10.2', '2025.11.0', '2025.11.1'];
export const regionNames: Readonly<Record<string, string>> = {
  'us-east-1': 'the US East Coast',
  'us-west-2': 'the US West Coast',
  'eu-west-1': 'Ireland',
  'eu-central-1': 'Frankfurt',
  'ap-south-1': 'Mumbai',
  'ap-southeast-1': 'Singapore',
  'ap-southeast-2': 'Sydney',
  'sa-east-1': 'São Paulo',
};

/** Replaces {{name}} placeholders from `vars`; unknown placeholders stay visible so tests catch them. */
export function fillTemplate(template: string, vars: Readonly<Record<string, string>>): string {
  return template.replace(/\{\{([\w.]+)\}\}/g, (whole, key: string) => vars[key] ?? whole);
}

/** Renders a plain-text body as the HTML an e-mail client would send (signature block, quoted reply, tracking pixel). */
export function emailHtml(paragraphs: readonly string[], options: { quoted?: { from: string; date: string; text: string }; signature: string; trackingPixel: boolean }): string {
  const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  let html = '<html><head><meta http-equiv="Content-Type" content="text/html; charset=utf-8"></head><body>';
  html += paragraphs.map((p) => `<div dir="ltr" style="font-family:Calibri,Arial,sans-serif;font-size:11pt">${esc(p).replace(/\n/g, '<br>')}</div><div><br></div>`).join('');
  html += `<div class="gmail_signature" style="color:#555">${esc(options.signature).replace(/\n/g, '<br>')}</div>`;
  if (options.quoted) {
    html += `<div class="gmail_quote"><div dir="ltr" class="gmail_attr">On ${esc(options.quoted.date)}, ${esc(options.quoted.from)} wrote:<br></div>`;
    html += `<blockquote class="gmail_quote" style="margin:0 0 0 .8ex;border-left:1px solid #ccc;padding-left:1ex">${esc(options.quoted.text).replace(/\n/g, '<br>')}</blockquote></div>`;
  }
  if (options.trackingPixel) html += '<img src="https://t.mailtrack.example/open.gif?u=8f2c" width="1" height="1" alt="" style="display:none">';
  html += '</body></html>';
  return html;
}

export const attachmentSamples = [
  { name: 'screenshot.png', contentType: 'image/png', min: 80_000, max: 900_000 },
  { name: 'har-export.har', contentType: 'application/json', min: 200_000, max: 4_000_000 },
  { name: 'saml-trace.xml', contentType: 'application/xml', min: 4_000, max: 40_000 },
  { name: 'error-log.txt', contentType: 'text/plain', min: 2_000, max: 120_000 },
  { name: 'invoice.pdf', contentType: 'application/pdf', min: 40_000, max: 300_000 },
  { name: 'export-errors.csv', contentType: 'text/csv', min: 1_000, max: 60_000 },
] as const;

export const severityLabels: Readonly<Record<Severity, string>> = { 1: 'Sev 1', 2: 'Sev 2', 3: 'Sev 3', 4: 'Sev 4' };
