import type { z } from 'zod';
import type { IpcChannel, IpcNamespace, IpcContract, IpcParsedRequest, IpcResponse } from '../../../shared/ipc/contract';
import { ipcFail, ipcOk, type IpcErrorCode, type IpcResult } from '../../../shared/ipc/ipcResult';
import { isTrustedSender } from './isTrustedSender';

/** Thrown by a handler to answer with a specific error code instead of `internal`. */
export class IpcHandlerError extends Error {
  constructor(
    readonly code: IpcErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'IpcHandlerError';
  }
}

export type IpcHandler<C extends IpcChannel> = (request: IpcParsedRequest<C>) => Promise<IpcResponse<C>> | IpcResponse<C>;

/** One handler per channel, grouped like the contract; a missing channel is a type error. */
export type IpcHandlerMap = {
  readonly [N in IpcNamespace]: {
    readonly [M in keyof IpcContract[N] & string]: IpcHandler<`${N}.${M}` & IpcChannel>;
  };
};

export interface IpcSender {
  /** The sending frame's current URL; '' when the frame is gone. */
  readonly frameUrl: string;
  readonly isTopFrame: boolean;
}

export interface IpcChannelSpec {
  readonly channel: string;
  readonly request: z.ZodType;
  readonly response: z.ZodType;
}

export type IpcLog = (message: string, detail?: unknown) => void;

/**
 * Everything that happens to one IPC call, in order: sender check, argument parsing, the
 * handler, response check, result shape. Pure apart from calling the handler, so the Electron
 * wrapper (handle.ts) is a few lines and this is tested without Electron.
 */
export async function handleIpcRequest(
  spec: IpcChannelSpec,
  sender: IpcSender,
  appOrigin: string,
  args: readonly unknown[],
  handler: (request: unknown) => unknown,
  log: IpcLog,
): Promise<IpcResult<unknown>> {
  if (!isTrustedSender(sender.frameUrl, sender.isTopFrame, appOrigin)) {
    log(`refused ${spec.channel} from untrusted sender`, { frameUrl: sender.frameUrl, isTopFrame: sender.isTopFrame });
    return ipcFail('untrusted_sender', 'This frame may not use the desktop bridge.');
  }
  if (args.length > 1) return ipcFail('invalid_request', `${spec.channel} takes at most one argument.`);

  const parsed = spec.request.safeParse(args[0]);
  if (!parsed.success) return ipcFail('invalid_request', describeIssues(spec.channel, parsed.error));

  let value: unknown;
  try {
    value = await handler(parsed.data);
  } catch (error) {
    if (error instanceof IpcHandlerError) return ipcFail(error.code, error.message);
    log(`handler for ${spec.channel} failed`, error);
    // The renderer gets no stack or path: it only needs to know it was our fault.
    return ipcFail('internal', `The desktop app could not complete ${spec.channel}.`);
  }

  const checked = spec.response.safeParse(value);
  if (!checked.success) {
    log(`handler for ${spec.channel} returned a value outside its response schema`, checked.error.issues);
    return ipcFail('internal', `The desktop app could not complete ${spec.channel}.`);
  }
  return ipcOk(checked.data);
}

function describeIssues(channel: string, error: z.ZodError): string {
  const issue = error.issues[0];
  if (issue === undefined) return `Invalid arguments for ${channel}.`;
  const path = issue.path.length > 0 ? ` at ${issue.path.map(String).join('.')}` : '';
  return `Invalid arguments for ${channel}${path}: ${issue.message}`;
}
