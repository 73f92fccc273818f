// SPDX-License-Identifier: MIT
// Type declarations of the Node.js binding of libauth0logout.

/** A decision (R6.1). */
export interface Decision {
  /** redirect (302), logged_out (200, body "OK") or error (400/500). */
  outcome: 'redirect' | 'logged_out' | 'error';
  /** The HTTP status: 302, 200, 400 or 500. */
  status: number;
  /** The redirect target (header-safe ASCII), or null. */
  location: string | null;
  /** The list consulted, or null when none was. */
  list: 'tenant' | 'client' | null;
  /** invalid_request (400), server_error (500) or null. */
  error: 'invalid_request' | 'server_error' | null;
  /** For errors, what is wrong; else null. */
  errorDescription: string | null;
  /** not_allowed only: an explanation for humans (show it, do not parse it). */
  hint: string | null;
  /** R3.1: the request's federated flag (false on errors). */
  federated: boolean;
  /** The client whose list decided, else null. */
  clientId: string | null;
  /** redirect only: the entry that matched, as written. */
  matched: string | null;
  /** The library's status name: "ok", "not_allowed", "store_failed", ... */
  code: string;
  /** A JS store's exception when it made the decision a 500. */
  storeError?: unknown;
}

/** Entries of an allow-list: strings (UTF-8) or raw bytes. */
export type Entries = ReadonlyArray<string | Uint8Array>;

/** A compiled, immutable allow-list owned by this object. */
export class AllowList {
  constructor(entries: Entries);
  readonly length: number;
  readonly closed: boolean;
  /** The entries as written. */
  entries(): string[];
  /** Frees the C list; deferred while a decision holds it. Idempotent. */
  close(): void;
}

/** The library's in-memory store; frozen by its first decision. */
export class MemStore {
  constructor();
  /** The tenant's Allowed Logout URLs (null or []: empty). */
  setTenant(entries: Entries | null): this;
  /** A client and its Allowed Logout URLs. */
  addClient(clientId: string | Uint8Array, entries: Entries | null): this;
  /** The number of clients. */
  readonly size: number;
  readonly closed: boolean;
  /** Frees the store and its lists; deferred while a decision uses it. */
  close(): void;
}

/**
 * A store written in JavaScript.  Each method returns an array of entries,
 * an AllowList (borrowed until the library releases it) or null.  For
 * clientList, null means no such client (400 unknown_client); for
 * tenantList, an empty list.  Anything thrown, or a value of another type,
 * makes the decision a 500 store_failed, never a redirect.
 */
export interface Store {
  tenantList(): Entries | AllowList | null;
  clientList(clientId: string, raw: Buffer): Entries | AllowList | null;
  /** Called with what a lookup threw (optional). */
  onError?(err: unknown): void;
}

/** Decides one request: a query string, "/v2/logout?..." or a URL. */
export function decide(store: MemStore | Store, query: string | Uint8Array): Decision;

export interface ConfigOptions {
  /** Values of ##KEY## placeholders: {KEY: "value"} or ["KEY=VALUE"]. */
  defines?: Record<string, string> | ReadonlyArray<string>;
  /** Key clients without client_id by their name. */
  clientIdFrom?: 'name';
  /** Let the environment fill the remaining placeholders. */
  environment?: boolean;
  /** With environment: the variables' prefix. */
  envPrefix?: string;
}

/** A MemStore built by the config library from a file or directory. */
export function loadConfig(path: string, options?: ConfigOptions): MemStore;
/** As loadConfig, from JSON text or a value to stringify. */
export function loadConfigJson(json: string | Uint8Array | object,
                               options?: ConfigOptions): MemStore;

/** A failed library call. */
export class Auth0LogoutError extends Error {
  /** The numeric auth0logout_status. */
  status: number;
  /** Its stable name, e.g. "entry_no_scheme". */
  code: string;
  /** The 0-based entry at fault, or null. */
  index: number | null;
  /** The byte offset at fault, or null. */
  offset: number | null;
}

/** A config that could not be read or built. */
export class ConfigError extends Auth0LogoutError {
  file: string;
  where: string;
  reason: string;
  client: number | null;
  entry: number | null;
  line: number | null;
  column: number | null;
}

/** The stable name of a status code. */
export function statusName(status: number): string;
/** The loaded library's version, e.g. "0.4.0". */
export function version(): string;
/** Each mirrored struct's size here and in the library. */
export function structSizes(): Record<string, { library: number; binding: number }>;

export const E_STORE_FAILED: 52;
export const E_UNKNOWN_CLIENT: 50;
