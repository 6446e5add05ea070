import { useQuery } from '@tanstack/react-query';
import Dexie from 'dexie';
import { useLiveQuery } from 'dexie-react-hooks';
import { useSyncExternalStore } from 'react';
import { accountQueryOptions, allStoredRows, changedSegmentTables, segmentsTouch, getStoredRow, whereStoredRows } from '../../data';
import type { Account, Contact } from '../../../../shared/domain';
import { cacheDb } from '../../app/cacheDb';

/**
 * Every account by id (thousands at most), held once per window and re-read only when the accounts table changes:
 * the queue mounts often (back from every ticket), and re-reading 5,000 accounts each time cost more than the
 * rest of the screen.
 */
let accountsById: ReadonlyMap<string, Account> = new Map();
let accountsLoad: Promise<void> | null = null;
const accountListeners = new Set<() => void>();

function loadAccounts(): Promise<void> {
  accountsLoad ??= allStoredRows<Account>(cacheDb, 'accounts').then(
    (rows) => {
      accountsById = new Map(rows.map((a) => [a.id, a]));
      for (const l of accountListeners) l();
    },
    () => undefined,
  );
  return accountsLoad;
}

Dexie.on('storagemutated', (parts) => {
  const prefix = `idb://${cacheDb.name}/accounts/`;
  const segmentsChanged = segmentsTouch(changedSegmentTables(parts, cacheDb.name), 'accounts');
  if (!segmentsChanged && !Object.keys(parts).some((k) => k.startsWith(prefix))) return;
  accountsLoad = null;
  void loadAccounts();
});

export function useAccountsById(): ReadonlyMap<string, Account> {
  return useSyncExternalStore(
    (listener) => {
      accountListeners.add(listener);
      void loadAccounts();
      return () => accountListeners.delete(listener);
    },
    () => accountsById,
  );
}

const collator = new Intl.Collator('en');
let sortedFor: ReadonlyMap<string, Account> | null = null;
let sorted: Account[] = [];
/** The accounts by name (for pickers), sorted once per change of the accounts. */
export function accountsByName(byId: ReadonlyMap<string, Account>): Account[] {
  if (sortedFor !== byId) {
    sorted = [...byId.values()].sort((a, b) => collator.compare(a.name, b.name));
    sortedFor = byId;
  }
  return sorted;
}

export function useAccount(accountId: string | null | undefined): Account | null | undefined {
  return useQuery({ ...accountQueryOptions(cacheDb, accountId ?? ''), enabled: Boolean(accountId) }).data;
}

export function useContacts(accountId: string | null | undefined): Contact[] {
  return useLiveQuery(async () => (accountId ? whereStoredRows<Contact>(cacheDb, 'contacts', 'accountId', [accountId]) : []), [accountId], []);
}

export function useContact(contactId: string | null | undefined): Contact | undefined {
  return useLiveQuery(async () => (contactId ? getStoredRow<Contact>(cacheDb, 'contacts', contactId) : undefined), [contactId]);
}
