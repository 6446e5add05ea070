import { useQuery } from '@tanstack/react-query';
import { useLiveQuery } from 'dexie-react-hooks';
import { accountQueryOptions } from '../../data';
import type { Account, Contact } from '../../../../shared/domain';
import { cacheDb } from '../../app/cacheDb';

const emptyAccounts: ReadonlyMap<string, Account> = new Map();

/** Every account by id (thousands at most): the queue shows plan and health per row from this map. */
export function useAccountsById(): ReadonlyMap<string, Account> {
  return useLiveQuery(async () => new Map((await cacheDb.accounts.toArray()).map((a) => [a.id, a])), [], emptyAccounts);
}

export function useAccount(accountId: string | null | undefined): Account | null | undefined {
  return useQuery({ ...accountQueryOptions(cacheDb, accountId ?? ''), enabled: Boolean(accountId) }).data;
}

export function useContacts(accountId: string | null | undefined): Contact[] {
  return useLiveQuery(async () => (accountId ? cacheDb.contacts.where('accountId').equals(accountId).toArray() : []), [accountId], []);
}

export function useContact(contactId: string | null | undefined): Contact | undefined {
  return useLiveQuery(async () => (contactId ? cacheDb.contacts.get(contactId) : undefined), [contactId]);
}
