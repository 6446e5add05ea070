import { z } from 'zod';
import { idSchema } from '../domain/primitives';

/**
 * The one IPC contract between the desktop main process and the renderer. Channel names are
 * `<namespace>.<method>`; each has a zod request and response schema. The main process parses
 * every request through it (electron/main/ipc), the preload exposes exactly one function per
 * channel (AccordBridge), and the web console's host implements the same shape without Electron.
 *
 * Adding a channel: see electron/README.md ("Adding an IPC method").
 */

/** Channels without arguments take none: the preload function is `() => …`. */
const noRequest = z.undefined();

export const appInfoSchema = z.object({
  name: z.string(),
  version: z.string(),
  /** `process.platform` on the desktop, `web` in the browser console. */
  platform: z.string(),
});
export type AppInfo = z.infer<typeof appInfoSchema>;

export const backendModes = ['embedded', 'remote'] as const;
export const backendConnectionSchema = z.object({
  /** Origin (plus optional path prefix) of the backend, without trailing slash. */
  baseUrl: z.string(),
  mode: z.enum(backendModes),
});
export type BackendConnection = z.infer<typeof backendConnectionSchema>;

export const setRemoteUrlResultSchema = z.object({
  /** The normalised URL that was saved, or null when the embedded backend was chosen. */
  remoteUrl: z.string().nullable(),
  /** The running backend is not swapped under a live session: the choice applies on next start. */
  restartRequired: z.literal(true),
});
export type SetRemoteUrlResult = z.infer<typeof setRemoteUrlResultSchema>;

export const credentialsSchema = z.object({
  token: z.string().min(1).max(4096),
  agentEmail: z.email().max(320),
});
export type Credentials = z.infer<typeof credentialsSchema>;

export const openExternalRequestSchema = z.object({ url: z.string().max(4096) });

export const notificationRequestSchema = z.object({
  title: z.string().min(1).max(200),
  body: z.string().max(1000),
  /** Clicking the notification opens this ticket (see the `notify.clicked` event). */
  ticketId: idSchema.optional(),
  /** The renderer owns the agent's do-not-disturb preference; the host only obeys it. */
  doNotDisturb: z.boolean(),
});
export type NotificationRequest = z.infer<typeof notificationRequestSchema>;

export const notificationResultSchema = z.object({ shown: z.boolean() });
export type NotificationResult = z.infer<typeof notificationResultSchema>;

export const ipcContract = {
  app: {
    getInfo: { request: noRequest, response: appInfoSchema },
  },
  backend: {
    getConnection: { request: noRequest, response: backendConnectionSchema },
    /** `null` returns to the embedded backend. Persisted; takes effect after a restart. */
    setRemoteUrl: { request: z.string().max(2048).nullable(), response: setRemoteUrlResultSchema },
  },
  credentials: {
    save: { request: credentialsSchema, response: z.null() },
    load: { request: noRequest, response: credentialsSchema.nullable() },
    clear: { request: noRequest, response: z.null() },
  },
  shell: {
    /** Opens an allowlisted https link in the system browser (shared/ipc/externalUrlPolicy). */
    openExternal: { request: openExternalRequestSchema, response: z.null() },
  },
  notify: {
    /** An OS notification, e.g. for SLA breach alerts. */
    show: { request: notificationRequestSchema, response: notificationResultSchema },
  },
} as const satisfies Record<string, Record<string, { request: z.ZodType; response: z.ZodType }>>;

/** Main → renderer events. The preload exposes `on<Event>(listener) → unsubscribe` for each. */
export const ipcEventContract = {
  notify: {
    clicked: z.object({ ticketId: idSchema }),
  },
} as const satisfies Record<string, Record<string, z.ZodType>>;

export type IpcContract = typeof ipcContract;
export type IpcNamespace = keyof IpcContract;
export type IpcMethod<N extends IpcNamespace> = keyof IpcContract[N] & string;

type ChannelOf<N extends IpcNamespace> = { [M in IpcMethod<N>]: `${N}.${M}` }[IpcMethod<N>];
export type IpcChannel = { [N in IpcNamespace]: ChannelOf<N> }[IpcNamespace];

type SpecOf<C extends IpcChannel> = C extends `${infer N extends IpcNamespace}.${infer M}`
  ? M extends keyof IpcContract[N]
    ? IpcContract[N][M]
    : never
  : never;
type RequestSchemaOf<C extends IpcChannel> = SpecOf<C> extends { request: infer S extends z.ZodType } ? S : never;
type ResponseSchemaOf<C extends IpcChannel> = SpecOf<C> extends { response: infer S extends z.ZodType } ? S : never;

/** What a caller passes (schema input). */
export type IpcRequest<C extends IpcChannel> = z.input<RequestSchemaOf<C>>;
/** What a handler receives after parsing (schema output). */
export type IpcParsedRequest<C extends IpcChannel> = z.output<RequestSchemaOf<C>>;
export type IpcResponse<C extends IpcChannel> = z.output<ResponseSchemaOf<C>>;

export type IpcEventContract = typeof ipcEventContract;
export type IpcEventNamespace = keyof IpcEventContract;
type EventChannelOf<N extends IpcEventNamespace> = {
  [E in keyof IpcEventContract[N] & string]: `${N}.${E}`;
}[keyof IpcEventContract[N] & string];
export type IpcEventChannel = { [N in IpcEventNamespace]: EventChannelOf<N> }[IpcEventNamespace];
export type IpcEventPayload<C extends IpcEventChannel> = C extends `${infer N extends IpcEventNamespace}.${infer E}`
  ? E extends keyof IpcEventContract[N]
    ? IpcEventContract[N][E] extends z.ZodType
      ? z.output<IpcEventContract[N][E]>
      : never
    : never
  : never;

export function ipcChannel<N extends IpcNamespace>(namespace: N, method: IpcMethod<N>): `${N}.${IpcMethod<N>}` {
  return `${namespace}.${method}`;
}

/** Every invoke channel with its schemas, for code that registers or checks all of them. */
export function listIpcChannels(): Array<{ channel: IpcChannel; namespace: IpcNamespace; method: string; request: z.ZodType; response: z.ZodType }> {
  return Object.entries(ipcContract).flatMap(([namespace, methods]) =>
    Object.entries(methods).map(([method, spec]) => ({
      channel: `${namespace}.${method}` as IpcChannel,
      namespace: namespace as IpcNamespace,
      method,
      request: spec.request as z.ZodType,
      response: spec.response as z.ZodType,
    })),
  );
}
