// SPDX-License-Identifier: MIT
// Type declarations of the Node.js binding of libauth0logout.
// (tests/integration/node_binding.sh type-checks test/types.ts against
// them with tsc --strict.)

/// <reference types="node" />

/** A decision (R6.1; decideOidc: R8.5). */
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
  /** R8.7 (decideOidc): ask the user to confirm before acting on the
   * decision.  Always false for decide (/v2/logout) and for errors. */
  confirm: boolean;
  /** R8.8 (decideOidc): the language for the adapter's pages (the first
   * tag of ui_locales as the tenant spells it), or null.  Always null for
   * decide. */
  locale: string | null;
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

/**
 * What a config says for /oidc/logout: the issuer and keys of the
 * reference verifier (OpenSSL), each client's pinned algorithm and HS256
 * secret, the tenant's sessions.oidc_logout_prompt_enabled and
 * enabled_locales.  Made by load() or empty(), not by new.
 */
export class OidcSettings {
  private constructor();
  /** Reads a config (as loadConfig, with the same options) and builds its
   * settings; oidc.jwks_file is relative to the config's directory.
   * Throws a ConfigError. */
  static load(path: string, options?: ConfigOptions): OidcSettings;
  /** Settings without an issuer (every id_token_hint is invalid), a
   * prompt when R8.7 asks for one, no enabled_locales. */
  static empty(): OidcSettings;
  /** The configured issuer, or null. */
  readonly issuer: string | null;
  /** R8.10: refuse tokens whose iat is more than seconds old (0, the
   * default: no limit).  A RangeError unless an integer 0..2^31-1. */
  setMaxAge(seconds: number): this;
  readonly closed: boolean;
  /** Frees the settings; deferred while a decision uses them. */
  close(): void;
}

export interface DecideOidcOptions {
  /** The query is a POST's application/x-www-form-urlencoded body (R8.1). */
  form?: boolean;
  /** The browser session's sid, when the adapter knows it (R8.7). */
  sessionSid?: string | Uint8Array | null;
}

/**
 * Decides one /oidc/logout request (R8): a GET's query ("/oidc/logout?...",
 * or a URL) or, with options.form, a POST body.  settings null: no
 * verifier, every id_token_hint is invalid.  Check confirm (ask the user
 * first) and locale besides what decide returns.  Unknown options throw.
 */
export function decideOidc(store: MemStore | Store, settings: OidcSettings | null,
                           query: string | Uint8Array,
                           options?: DecideOidcOptions): Decision;

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
