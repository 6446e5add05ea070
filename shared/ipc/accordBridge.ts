import type { z } from 'zod';
import type { IpcContract, IpcEventContract } from './contract';
import type { IpcResult } from './ipcResult';

/**
 * The type of `window.accord`, derived from the contract: one function per channel, grouped by
 * namespace (`accord.backend.getConnection()`), plus `on<Event>` subscriptions that return an
 * unsubscribe function. The preload's object literal `satisfies` it, so a channel added to the
 * contract fails the build until the preload exposes it.
 */

type InvokeFunction<Spec> = Spec extends { request: infer Req extends z.ZodType; response: infer Res extends z.ZodType }
  ? [z.input<Req>] extends [undefined]
    ? () => Promise<IpcResult<z.output<Res>>>
    : (request: z.input<Req>) => Promise<IpcResult<z.output<Res>>>
  : never;

type InvokeFunctions<Methods> = { readonly [M in keyof Methods]: InvokeFunction<Methods[M]> };

type EventSubscriptions<Events> = {
  readonly [E in keyof Events & string as `on${Capitalize<E>}`]: Events[E] extends z.ZodType
    ? (listener: (payload: z.output<Events[E]>) => void) => () => void
    : never;
};

type BridgeNamespace = keyof IpcContract | keyof IpcEventContract;

export type AccordBridge = {
  readonly [N in BridgeNamespace]: (N extends keyof IpcContract ? InvokeFunctions<IpcContract[N]> : unknown) &
    (N extends keyof IpcEventContract ? EventSubscriptions<IpcEventContract[N]> : unknown);
};
