import type { MutationInput, MutationName } from '../../../shared/sync/mutators';

/**
 * Every change the UI makes goes through here: an ordinary sync mutation (optimistic locally, queued in
 * the outbox, applied authoritatively by the server). Delegates to the data layer's `mutate`.
 */
type Mutate = <N extends MutationName>(name: N, args: MutationInput<N>) => Promise<unknown>;

let impl: Mutate | null = null;

export function setMutationImpl(m: Mutate): void {
  impl = m;
}

export async function mutate<N extends MutationName>(name: N, args: MutationInput<N>): Promise<void> {
  if (!impl) throw new Error('The sync engine is not running; changes cannot be saved yet.');
  await impl(name, args);
}
