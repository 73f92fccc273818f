// SPDX-License-Identifier: MIT
'use strict';
/*
 * Node.js binding for libauth0logout: the decision behind Auth0's
 * GET /v2/logout (decide) and /oidc/logout (decideOidc).  It calls the
 * installed shared library through koffi, an FFI package whose npm
 * install ships prebuilt native code (no compiler, no node-gyp).  Every
 * decision is the library's: nothing of its logic is copied here.
 *
 * The libraries are found through, in order: the environment variable
 * AUTH0LOGOUT_LIBRARY (or AUTH0LOGOUT_LIB, the Python binding's name), a
 * path to libauth0logout.so.1; else the dynamic loader's search path
 * ("libauth0logout.so.1").  loadConfig() also loads the config library,
 * libauth0logout-config.so.1: AUTH0LOGOUT_CONFIG_LIBRARY (or
 * AUTH0LOGOUT_CONFIG_LIB), else the one next to the core library named by
 * the environment, else by name.  OidcSettings need the config library
 * too; decideOidc() with null settings does not.
 *
 * Memory: MemStore, AllowList and OidcSettings own C objects.  close()
 * frees them; a FinalizationRegistry frees what a program forgot to close
 * once the object is garbage-collected (a backstop, not a schedule).
 */

const fs = require('fs');
const os = require('os');
const path = require('path');
const koffi = require('koffi');

const SONAME = 'libauth0logout.so.1';
const CONFIG_SONAME = 'libauth0logout-config.so.1';

class Auth0LogoutError extends Error {
  /**
   * status: the numeric auth0logout_status; code: its stable name
   * ("entry_no_scheme"); index / offset: the entry and byte at fault, or
   * null.  ConfigError adds file, where, reason, client, entry, line,
   * column.
   */
  constructor(status, code, message, index = null, offset = null) {
    super(message);
    this.name = 'Auth0LogoutError';
    this.status = status;
    this.code = code;
    this.index = index;
    this.offset = offset;
  }
}

// --------------------------------------------------------------------------
// Loading the library

function envPath(...names) {
  for (const n of names) {
    const v = process.env[n];
    if (v) return v;
  }
  return null;
}

function loadLibrary(what, candidate, hint) {
  try {
    return koffi.load(candidate);
  } catch (e) {
    throw new Error(`auth0logout: cannot load ${what} from ${candidate}` +
                    `${hint}: ${e.message}`);
  }
}

const corePath = envPath('AUTH0LOGOUT_LIBRARY', 'AUTH0LOGOUT_LIB');
const lib = loadLibrary('libauth0logout', corePath || SONAME,
                        corePath ? '' : ' (set AUTH0LOGOUT_LIBRARY to its path)');

// --------------------------------------------------------------------------
// C declarations, mirroring include/auth0logout.h (API 0.x).  Every pointer
// is a BigInt in koffi 3; strings the library hands back are read as
// (pointer, length).

const OK = 0;
const E_UNKNOWN_CLIENT = 50;
const E_STORE_FAILED = 52;
const SIZE_MAX = (1n << BigInt(8 * koffi.sizeof('size_t'))) - 1n;
// Buffer methods for a uint32_t in the machine's byte order.
const readU32 = os.endianness() === 'LE' ? 'readUInt32LE' : 'readUInt32BE';
const writeU32 = os.endianness() === 'LE' ? 'writeUInt32LE' : 'writeUInt32BE';

const DiagC = koffi.struct('auth0logout_diag', {
  status: 'int',
  offset: 'size_t',
  index: 'size_t',
  text: koffi.array('char', 256),
  reserved: koffi.array('uint8_t', 32),
});

// int (*tenant_list)(void *ctx, const auth0logout_allowlist **out)
const TenantFn = koffi.proto('int auth0logout_tenant_fn(void *ctx, void *out)');
// int (*client_list)(void *ctx, const char *id, size_t len,
//                    const auth0logout_allowlist **out); id is not
// NUL-terminated, so it is read as (pointer, length).
const ClientFn = koffi.proto(
  'int auth0logout_client_fn(void *ctx, void *id, size_t len, void *out)');
// void (*release)(void *ctx, const auth0logout_allowlist *list)
const ReleaseFn = koffi.proto('void auth0logout_release_fn(void *ctx, void *list)');

const StoreC = koffi.struct('auth0logout_store', {
  ctx: 'void *',
  tenant_list: koffi.pointer(TenantFn),
  client_list: koffi.pointer(ClientFn),
  release: koffi.pointer(ReleaseFn),
});

const DecisionC = koffi.struct('auth0logout_decision', {
  outcome: 'int',
  http_status: 'int',
  location: 'void *',
  location_len: 'size_t',
  federated: 'int',
  status: 'int',
  error: 'int',
  error_description: 'void *',
  error_description_len: 'size_t',
  list: 'int',
  matched: 'void *',
  matched_len: 'size_t',
  hint: 'void *',
  hint_len: 'size_t',
  confirm: 'int',
  client_id: 'void *',
  client_id_len: 'size_t',
  locale: 'void *', // since 0.3 (taken from reserved)
  locale_len: 'size_t',
  reserved: koffi.array('void *', 6),
});

const f = (decl) => lib.func(decl);
const c = {
  version: f('const char *auth0logout_version(void)'),
  statusName: f('const char *auth0logout_status_name(int status)'),
  statusMessage: f('const char *auth0logout_status_message(int status)'),
  outcomeName: f('const char *auth0logout_outcome_name(int outcome)'),
  listName: f('const char *auth0logout_list_name(int list)'),
  errorName: f('const char *auth0logout_error_name(int error)'),
  decideBufferSize: f('size_t auth0logout_decide_buffer_size(void)'),
  compileArray: f('int auth0logout_allowlist_compile_array(const char **entries, ' +
                  'const size_t *lens, size_t n, _Out_ void **out, ' +
                  '_Out_ auth0logout_diag *diag)'),
  allowlistFree: f('void auth0logout_allowlist_free(void *list)'),
  allowlistCount: f('size_t auth0logout_allowlist_count(void *list)'),
  allowlistEntry: f('void *auth0logout_allowlist_entry(void *list, size_t i, ' +
                    '_Out_ size_t *len)'),
  memstoreNew: f('void *auth0logout_memstore_new(void)'),
  memstoreFree: f('void auth0logout_memstore_free(void *ms)'),
  memstoreSetTenant: f('int auth0logout_memstore_set_tenant(void *ms, void *list)'),
  memstoreAddClient: f('int auth0logout_memstore_add_client(void *ms, ' +
                       'const void *id, size_t len, void *list)'),
  memstoreClientCount: f('size_t auth0logout_memstore_client_count(void *ms)'),
  memstoreGet: f('int auth0logout_memstore_get(void *ms, void *out)'),
  decideQuery: f('int auth0logout_decide_query(void *store, const void *input, ' +
                 'size_t len, void *buf, size_t buf_len, ' +
                 '_Out_ auth0logout_decision *out)'),
};

// Each mirrored struct has the size the loaded library says it has: a
// library of another ABI fails here, at require(), not in a decision.
const MIRRORS = [
  ['auth0logout_decision_size', DecisionC],
  ['auth0logout_store_size', StoreC],
  ['auth0logout_diag_size', DiagC],
];

function checkSizes(handle, mirrors) {
  const out = {};
  for (const [fn, type] of mirrors) {
    const library = Number(handle.func(`size_t ${fn}(void)`)());
    const binding = koffi.sizeof(type);
    if (library !== binding) {
      throw new Error(`auth0logout: ${fn}() is ${library}, this binding's ` +
                      `mirror has ${binding}: the loaded library has another ABI`);
    }
    out[fn.replace(/^auth0logout_/, '').replace(/_size$/, '')] = { library, binding };
  }
  return out;
}

const coreSizes = checkSizes(lib, MIRRORS);

/** The version of the loaded library, e.g. "0.4.0". */
function version() {
  return c.version();
}

if (!version().startsWith('0.')) {
  throw new Error(`auth0logout: this binding mirrors the 0.x API; the loaded ` +
                  `library is ${version()}`);
}

const BUF_SIZE = Number(c.decideBufferSize());

function statusName(status) {
  return c.statusName(status);
}

function maybeIndex(v) {
  return BigInt(v) === SIZE_MAX ? null : Number(v);
}

function text(ptr, len) {
  if (ptr === null || ptr === undefined || ptr === 0n) return null;
  const n = Number(len);
  return n === 0 ? '' : koffi.decode.string(ptr, n);
}

function errorFrom(status, diag, context = '') {
  if (diag && diag.status === status && diag.text) {
    return new Auth0LogoutError(status, statusName(status), context + diag.text,
                                maybeIndex(diag.index), maybeIndex(diag.offset));
  }
  return new Auth0LogoutError(status, statusName(status),
                              context + c.statusMessage(status));
}

function toBuffer(value, what) {
  if (typeof value === 'string') return Buffer.from(value, 'utf8');
  if (Buffer.isBuffer(value)) return value;
  if (value instanceof Uint8Array) return Buffer.from(value);
  throw new TypeError(`${what} must be a string or a Buffer, not ${typeof value}`);
}

// --------------------------------------------------------------------------
// Freeing what was not closed (a backstop: close() is the way)

const finalizer = new FinalizationRegistry(({ free, ptr }) => {
  try { free(ptr); } catch (_) { /* nothing to report to */ }
});

// --------------------------------------------------------------------------
// Allow-lists

/** Compiles entries (strings or Buffers) with the library: a new C list
 * the caller owns, or an Auth0LogoutError naming the entry. */
function compileEntries(entries, context) {
  if (typeof entries === 'string' || !entries ||
      typeof entries[Symbol.iterator] !== 'function') {
    throw new TypeError(`${context}an allow-list is an array of entries`);
  }
  const items = Array.from(entries, (e) => toBuffer(e, 'an allow-list entry'));
  // koffi copies each Buffer's bytes (embedded NUL bytes included; lens
  // gives the lengths) into memory that lives for the call.
  const ptrs = items.map((b) => koffi.as(b, 'char *'));
  const lens = items.map((b) => b.length);
  const out = [null];
  const diag = {};
  const st = c.compileArray(ptrs.length ? ptrs : null, lens.length ? lens : null,
                            items.length, out, diag);
  if (st !== OK) throw errorFrom(st, diag, context);
  return out[0];
}

class AllowList {
  /** A compiled, immutable, ordered allow-list (R5), API form: an array
   * of entries (strings, encoded as UTF-8, or Buffers).  Throws an
   * Auth0LogoutError naming the entry.  A JS store may return it from
   * tenantList()/clientList() to avoid compiling per lookup. */
  constructor(entries) {
    this._ptr = compileEntries(entries, '');
    this._lent = 0;
    this._closing = false;
    this._token = {};
    finalizer.register(this, { free: c.allowlistFree, ptr: this._ptr }, this._token);
  }

  _handle() {
    if (!this._ptr || this._closing) throw new Error('the AllowList is closed');
    return this._ptr;
  }

  get length() {
    return Number(c.allowlistCount(this._handle()));
  }

  /** The entries as written. */
  entries() {
    const h = this._handle();
    const n = Number(c.allowlistCount(h));
    const res = [];
    for (let i = 0; i < n; i++) {
      const len = [0];
      const p = c.allowlistEntry(h, i, len);
      res.push(text(p, len[0]));
    }
    return res;
  }

  /** Frees the C list (idempotent).  A list a decision holds is freed
   * when the library releases it. */
  close() {
    if (!this._ptr || this._closing) return;
    finalizer.unregister(this._token);
    this._closing = true;
    if (this._lent === 0) this._free();
  }

  _free() {
    const p = this._ptr;
    this._ptr = null;
    if (p) c.allowlistFree(p);
  }

  get closed() {
    return !this._ptr || this._closing;
  }
}

// --------------------------------------------------------------------------
// The in-memory store

class MemStore {
  /** The library's in-memory store.  Fill it with setTenant() and
   * addClient(); the first decide() freezes it (further changes throw
   * store_frozen).  close() frees it and every list in it. */
  constructor() {
    this._ms = c.memstoreNew();
    if (!this._ms) throw new Error('auth0logout_memstore_new failed (out of memory)');
    this._init();
  }

  _init() {
    this._storeC = null; // the C auth0logout_store, once frozen
    this._busy = 0;
    this._closing = false;
    this._token = {};
    finalizer.register(this, { free: MemStore._freeBoth, ptr: { ms: this._ms, st: null } },
                       this._token);
  }

  static _freeBoth({ ms, st }) {
    if (ms) c.memstoreFree(ms);
    if (st) koffi.free(st);
  }

  static _wrap(ms) {
    const self = Object.create(MemStore.prototype);
    self._ms = ms;
    self._init();
    return self;
  }

  _handle() {
    if (!this._ms || this._closing) throw new Error('the MemStore is closed');
    return this._ms;
  }

  /** Sets the tenant's Allowed Logout URLs (an array of entries; [] or
   * null: empty).  Returns this. */
  setTenant(entries) {
    const ms = this._handle();
    const list = entries == null ? null : compileEntries(entries, 'tenant: ');
    // The store owns the list from here on, on success and on failure.
    const st = c.memstoreSetTenant(ms, list);
    if (st !== OK) throw errorFrom(st, null, 'tenant: ');
    return this;
  }

  /** Adds a client (client_id, its Allowed Logout URLs).  Returns this. */
  addClient(clientId, entries) {
    const ms = this._handle();
    const id = toBuffer(clientId, 'a client_id');
    const ctx = `client ${JSON.stringify(String(clientId))}: `;
    const list = entries == null ? null : compileEntries(entries, ctx);
    // An empty Buffer would reach C as NULL (invalid_argument); a real
    // pointer with length 0 gets the library's client_id_empty.
    const st = c.memstoreAddClient(ms, id.length ? id : Buffer.alloc(1), id.length, list);
    if (st !== OK) throw errorFrom(st, null, ctx);
    return this;
  }

  /** The number of clients. */
  get size() {
    return this._ms && !this._closing ? Number(c.memstoreClientCount(this._ms)) : 0;
  }

  _store() {
    const ms = this._handle();
    if (!this._storeC) {
      const st = koffi.alloc(StoreC, 1);
      const rc = c.memstoreGet(ms, st);
      if (rc !== OK) {
        koffi.free(st);
        throw errorFrom(rc);
      }
      this._storeC = st;
      // Re-register with the C store struct, so that both get freed.
      finalizer.unregister(this._token);
      this._token = {};
      finalizer.register(this, { free: MemStore._freeBoth, ptr: { ms, st } }, this._token);
    }
    return this._storeC;
  }

  /** Frees the store and its lists (idempotent).  Deferred while a
   * decision uses it (a JS store's callback closing it). */
  close() {
    if (!this._ms || this._closing) return;
    finalizer.unregister(this._token);
    this._closing = true;
    if (this._busy === 0) this._free();
  }

  _free() {
    const ms = this._ms;
    const st = this._storeC;
    this._ms = null;
    this._storeC = null;
    MemStore._freeBoth({ ms, st });
  }

  get closed() {
    return !this._ms || this._closing;
  }
}

// --------------------------------------------------------------------------
// Stores written in JavaScript
//
// Three callbacks are registered once for the process; ctx is a number
// naming the decision in progress (never a JS pointer).  A list handed to
// the library stays referenced in that decision's record until the
// library releases it; lists compiled for one lookup are freed then, and
// whatever was not released is freed when decide() returns.

const active = new Map(); // ctx id -> { store, lent: Map<ptr, entry>, error }
let nextCtx = 1n;
// For the tests: lists lent and not yet given back, and lists the library
// never released (freed when decide() returned; always 0 with this library).
const counters = { lent: 0, unreleased: 0 };

function lend(rec, result, out) {
  if (result === null || result === undefined) {
    koffi.encode(out, 'void *', null);
    return OK;
  }
  let entry;
  if (result instanceof AllowList) {
    const p = result._handle();
    result._lent++;
    entry = { ptr: p, owner: result };
  } else if (Array.isArray(result)) {
    entry = { ptr: compileEntries(result, ''), owner: null };
  } else {
    throw new TypeError('a store returns an array of entries, an AllowList or null, ' +
                        `not ${typeof result}`);
  }
  counters.lent++;
  const k = entry.ptr;
  const list = rec.lent.get(k);
  if (list) list.push(entry); else rec.lent.set(k, [entry]);
  koffi.encode(out, 'void *', entry.ptr);
  return OK;
}

function giveBack(entry) {
  counters.lent--;
  if (entry.owner) {
    entry.owner._lent--;
    if (entry.owner._closing && entry.owner._lent === 0) entry.owner._free();
  } else {
    c.allowlistFree(entry.ptr);
  }
}

function failed(rec, e) {
  rec.error = e;
  if (typeof rec.store.onError === 'function') {
    try { rec.store.onError(e); } catch (_) { /* nothing to report to */ }
  }
  return E_STORE_FAILED;
}

// A copy of n bytes at ptr, read 4 at a time: koffi.decode with a length
// (or koffi.array(..., n), a type per call) keeps about 20 bytes per call
// in koffi 3.3, once per client lookup of a JS store.  Scalars at an
// offset keep nothing.
function readBytes(ptr, n) {
  const out = Buffer.alloc(n);
  let off = 0;
  for (; off + 4 <= n; off += 4) out[writeU32](koffi.decode(ptr, off, 'uint32_t'), off);
  for (; off < n; off++) out[off] = koffi.decode(ptr, off, 'uint8_t');
  return out;
}

// Nothing may escape these: koffi would hand C a 0, which is AUTH0LOGOUT_OK.
const tenantCb = koffi.register((ctx, out) => {
  const rec = active.get(ctx);
  if (!rec) return E_STORE_FAILED;
  try {
    if (typeof rec.store.tenantList !== 'function') {
      throw new TypeError('the store has no tenantList()');
    }
    return lend(rec, rec.store.tenantList(), out);
  } catch (e) {
    return failed(rec, e);
  }
}, koffi.pointer(TenantFn));

const clientCb = koffi.register((ctx, idPtr, len, out) => {
  const rec = active.get(ctx);
  if (!rec) return E_STORE_FAILED;
  try {
    if (typeof rec.store.clientList !== 'function') {
      throw new TypeError('the store has no clientList()');
    }
    const raw = readBytes(idPtr, Number(len));
    const result = rec.store.clientList(raw.toString('utf8'), raw);
    if (result === null || result === undefined) return E_UNKNOWN_CLIENT;
    return lend(rec, result, out);
  } catch (e) {
    return failed(rec, e);
  }
}, koffi.pointer(ClientFn));

const releaseCb = koffi.register((ctx, ptr) => {
  try {
    const rec = active.get(ctx);
    if (!rec || ptr === null) return;
    const list = rec.lent.get(ptr);
    if (!list) return;
    const entry = list.pop();
    if (list.length === 0) rec.lent.delete(ptr);
    giveBack(entry);
  } catch (_) { /* nothing to report to */ }
}, koffi.pointer(ReleaseFn));

// --------------------------------------------------------------------------
// Deciding

// One buffer per kind of decision, reused while no decision uses it; a
// decision made inside a store callback (the buffer is busy) gets its own.
const v2Buffer = { size: BUF_SIZE, buf: null, busy: false };

function borrowBuffer(slot) {
  if (!slot.busy) {
    if (!slot.buf) slot.buf = koffi.alloc('char', slot.size);
    slot.busy = true;
    return [slot.buf, () => { slot.busy = false; }];
  }
  const buf = koffi.alloc('char', slot.size);
  return [buf, () => koffi.free(buf)];
}

function decision(d, rec) {
  const res = {
    outcome: c.outcomeName(d.outcome),
    status: d.http_status,
    location: text(d.location, d.location_len),
    list: c.listName(d.list),
    error: c.errorName(d.error),
    errorDescription: text(d.error_description, d.error_description_len),
    hint: text(d.hint, d.hint_len),
    federated: Boolean(d.federated),
    clientId: text(d.client_id, d.client_id_len),
    matched: text(d.matched, d.matched_len),
    code: statusName(d.status),
    confirm: Boolean(d.confirm),
    locale: text(d.locale, d.locale_len),
  };
  if (rec && rec.error !== undefined) res.storeError = rec.error;
  return res;
}

/*
 * Runs call(storePtr, buf, bufLen, out) -- one decision of the library --
 * on store, with a buffer of slot's size, and returns the decision copied
 * into JS strings (before the buffer is given back).  store: a MemStore
 * (kept alive, and its close() deferred, for the call) or a JS store
 * (three callbacks registered under a ctx number for the call).
 */
function decideWith(fname, store, slot, call) {
  if (!(store instanceof MemStore) &&
      (store === null || typeof store !== 'object' && typeof store !== 'function')) {
    throw new TypeError(`${fname}: store must be a MemStore or an object with ` +
                        'tenantList() and clientList(id)');
  }
  const [buf, giveBackBuffer] = borrowBuffer(slot);
  const d = {};
  try {
    if (store instanceof MemStore) {
      const st = store._store();
      store._busy++;
      try {
        call(st, buf, slot.size, d);
      } finally {
        store._busy--;
        if (store._closing && store._busy === 0) store._free();
      }
      return decision(d, null);
    }
    const ctx = nextCtx++;
    const rec = { store, lent: new Map(), error: undefined };
    const st = koffi.alloc(StoreC, 1);
    active.set(ctx, rec);
    try {
      koffi.encode(st, StoreC, {
        ctx, tenant_list: tenantCb, client_list: clientCb, release: releaseCb,
      });
      call(st, buf, slot.size, d);
      return decision(d, rec);
    } finally {
      active.delete(ctx);
      koffi.free(st);
      for (const list of rec.lent.values()) {
        counters.unreleased += list.length;
        list.forEach(giveBack);
      }
    }
  } finally {
    giveBackBuffer();
  }
}

/** The bytes of a query: a pointer and a length (a 1-byte Buffer, length
 * 0, for an empty one: NULL would be an invalid argument). */
function queryInput(query) {
  const data = toBuffer(query, 'query');
  return [data.length ? data : Buffer.alloc(1), data.length];
}

/**
 * Decides one logout request.  store: a MemStore, or an object with
 * tenantList() and clientList(clientId) (see index.d.ts).  query: the raw
 * query string, a request target ("/v2/logout?...") or an absolute URL
 * (a string, encoded as UTF-8, or a Buffer).  Never throws for a bad
 * request: that is an error decision.
 */
function decide(store, query) {
  const [input, inputLen] = queryInput(query);
  return decideWith('decide', store, v2Buffer, (st, buf, bufLen, d) =>
    c.decideQuery(st, input, inputLen, buf, bufLen, d));
}

// --------------------------------------------------------------------------
// /oidc/logout (R8, since 0.3 of the library)
//
// Declared on first use, so that a 0.2 library still serves decide().

const OIDC_FORM = 0x1;
let oidcCore = null;

function oidcLib() {
  if (oidcCore) return oidcCore;
  let bufferSize;
  try {
    bufferSize = Number(lib.func('size_t auth0logout_oidc_buffer_size(void)')());
  } catch (e) {
    throw new Error(`auth0logout: decideOidc needs libauth0logout 0.3 or later; ` +
                    `the loaded library is ${version()}`);
  }
  // auth0logout_verifier: filled by the config library, read by the core.
  const VerifierC = koffi.struct('auth0logout_verifier', {
    ctx: 'void *',
    verify: 'void *',
    release: 'void *',
  });
  const OidcEnvC = koffi.struct('auth0logout_oidc_env', {
    verifier: 'void *',
    flags: 'unsigned int',
    enabled_locales: 'void *',
    enabled_locale_lens: 'void *',
    enabled_locale_count: 'size_t',
    session_sid: 'void *',
    session_sid_len: 'size_t',
    reserved: koffi.array('void *', 4),
  });
  const sizes = checkSizes(lib, [
    ['auth0logout_oidc_env_size', OidcEnvC],
    ['auth0logout_verifier_size', VerifierC],
  ]);
  oidcCore = {
    sizes,
    VerifierC,
    OidcEnvC,
    buffer: { size: bufferSize, buf: null, busy: false },
    decideQuery: lib.func('int auth0logout_decide_oidc_query(void *store, void *env, ' +
                          'const void *input, size_t len, unsigned int flags, ' +
                          'void *buf, size_t buf_len, _Out_ auth0logout_decision *out)'),
  };
  return oidcCore;
}

let oidcConfig = null;

function oidcConfigLib() {
  if (oidcConfig) return oidcConfig;
  const cl = configLib();
  const h = cl.handle;
  const fn = (decl) => h.func(decl);
  try {
    oidcConfig = {
      readFile: fn('int auth0logout_config_read_file(const void *path, size_t len, ' +
                   'void *opt, _Out_ void **out, _Out_ auth0logout_config_diag *diag)'),
      free: fn('void auth0logout_config_free(void *cfg)'),
      oidcNew: fn('int auth0logout_config_oidc_new(void *cfg, _Out_ void **out, ' +
                  '_Out_ auth0logout_config_diag *diag)'),
      oidcNewEmpty: fn('int auth0logout_config_oidc_new_empty(_Out_ void **out, ' +
                       '_Out_ auth0logout_config_diag *diag)'),
      oidcFree: fn('void auth0logout_config_oidc_free(void *oidc)'),
      setMaxAge: fn('void auth0logout_config_oidc_set_max_age(void *oidc, long seconds)'),
      verifier: fn('void auth0logout_config_oidc_verifier(void *oidc, void *out)'),
      env: fn('void auth0logout_config_oidc_env(void *oidc, void *verifier, void *env)'),
      issuer: fn('const char *auth0logout_config_oidc_issuer(void *oidc)'),
    };
  } catch (e) {
    throw new Error('auth0logout: OidcSettings need libauth0logout-config 0.4 or ' +
                    `later: ${e.message}`);
  }
  return oidcConfig;
}

const INTERNAL = Symbol('auth0logout internal');

class OidcSettings {
  /** Not for use: OidcSettings.load(path) or OidcSettings.empty(). */
  constructor(token, ptr) {
    if (token !== INTERNAL) {
      throw new TypeError('use OidcSettings.load(path, options) or OidcSettings.empty()');
    }
    const core = oidcLib();
    const oc = oidcConfigLib();
    this._ptr = ptr;
    // The reference verifier (OpenSSL), in C memory that lives as long as
    // the settings: the env of each decision points to it.
    this._verifier = koffi.alloc(core.VerifierC, 1);
    oc.verifier(ptr, this._verifier);
    this._busy = 0;
    this._closing = false;
    this._token = {};
    finalizer.register(this, { free: OidcSettings._freeBoth,
                               ptr: { oidc: ptr, verifier: this._verifier } }, this._token);
  }

  static _freeBoth({ oidc, verifier }) {
    if (oidc) oidcConfig.oidcFree(oidc);
    if (verifier) koffi.free(verifier);
  }

  /**
   * Reads the config at path (as loadConfig does, with the same options)
   * and builds its /oidc/logout settings: the issuer and JWKS of the
   * reference verifier (oidc.jwks_file relative to the config's
   * directory), each client's pinned algorithm and HS256 secret, the
   * tenant's sessions.oidc_logout_prompt_enabled and enabled_locales.  A
   * config without "oidc" gives settings with no issuer (every
   * id_token_hint is then invalid).  Throws a ConfigError.
   */
  static load(file, options) {
    const p = toBuffer(file, 'path');
    const oc = oidcConfigLib();
    const cfg = withOptions(options, (cl, opt) => {
      const out = [null];
      const diag = {};
      const st = oc.readFile(p, p.length, opt, out, diag);
      if (st !== OK) throw new ConfigError(st, diag);
      return out[0];
    });
    try {
      const out = [null];
      const diag = {};
      const st = oc.oidcNew(cfg, out, diag);
      if (st !== OK) throw new ConfigError(st, diag);
      return new OidcSettings(INTERNAL, out[0]);
    } finally {
      oc.free(cfg);
    }
  }

  /** The settings of a config without "oidc" and without clients: no
   * issuer (every id_token_hint is invalid), a prompt when R8.7 asks for
   * one, no enabled_locales. */
  static empty() {
    const oc = oidcConfigLib();
    const out = [null];
    const diag = {};
    const st = oc.oidcNewEmpty(out, diag);
    if (st !== OK) throw new ConfigError(st, diag);
    return new OidcSettings(INTERNAL, out[0]);
  }

  _handle() {
    if (!this._ptr || this._closing) throw new Error('the OidcSettings is closed');
    return this._ptr;
  }

  /** The configured issuer ("https://tenant.example.com/"), or null. */
  get issuer() {
    return oidcConfig.issuer(this._handle());
  }

  /** R8.10: tokens whose iat is more than seconds in the past are
   * invalid (0, the default: exp and iat are not enforced).  Returns
   * this. */
  setMaxAge(seconds) {
    if (!Number.isSafeInteger(seconds) || seconds < 0 || seconds > 0x7fffffff) {
      throw new RangeError('setMaxAge: seconds is an integer from 0 to 2147483647');
    }
    oidcConfig.setMaxAge(this._handle(), seconds);
    return this;
  }

  /** Frees the settings (idempotent); deferred while a decision uses
   * them. */
  close() {
    if (!this._ptr || this._closing) return;
    finalizer.unregister(this._token);
    this._closing = true;
    if (this._busy === 0) this._free();
  }

  _free() {
    const oidc = this._ptr;
    const verifier = this._verifier;
    this._ptr = null;
    this._verifier = null;
    OidcSettings._freeBoth({ oidc, verifier });
  }

  get closed() {
    return !this._ptr || this._closing;
  }
}

const OIDC_OPTIONS = new Set(['form', 'sessionSid']);

/**
 * Decides one /oidc/logout request (R8).  store: as for decide().
 * settings: an OidcSettings (the reference verifier and the tenant's
 * prompt and enabled_locales), or null: no verifier, so every
 * id_token_hint is invalid.  query: a GET's query (or request target, or
 * URL) or, with options.form, a POST's form body.  options.sessionSid:
 * the browser session's sid when the adapter knows it (R8.7).  The
 * decision is decide()'s, plus confirm (R8.7: ask the user first) and
 * locale (R8.8).  Never throws for a bad request.
 */
function decideOidc(store, settings, query, options) {
  const [input, inputLen] = queryInput(query);
  if (settings !== null && settings !== undefined && !(settings instanceof OidcSettings)) {
    throw new TypeError('decideOidc: settings must be an OidcSettings or null');
  }
  const o = options === undefined || options === null ? {} : options;
  if (typeof o !== 'object') throw new TypeError('decideOidc: options must be an object');
  for (const k of Object.keys(o)) {
    // A misspelt option (sessionSID, method) must not go unnoticed.
    if (!OIDC_OPTIONS.has(k)) throw new TypeError(`decideOidc: unknown option ${k}`);
  }
  if (o.form !== undefined && typeof o.form !== 'boolean') {
    throw new TypeError('decideOidc: options.form must be a boolean');
  }
  const sid = o.sessionSid === undefined || o.sessionSid === null ? null
    : toBuffer(o.sessionSid, 'options.sessionSid');
  const core = oidcLib();
  const oidcPtr = settings ? settings._handle() : null;
  const flags = o.form ? OIDC_FORM : 0;
  // The env and the sid live in C memory for the call.
  const allocs = [];
  const alloc = (type, n) => { const p = koffi.alloc(type, n); allocs.push(p); return p; };
  if (settings) settings._busy++;
  try {
    const env = alloc(core.OidcEnvC, 1);
    koffi.encode(env, core.OidcEnvC, {
      verifier: null, flags: 0, enabled_locales: null, enabled_locale_lens: null,
      enabled_locale_count: 0, session_sid: null, session_sid_len: 0,
      reserved: [null, null, null, null],
    });
    if (settings) oidcConfig.env(oidcPtr, settings._verifier, env);
    if (sid && sid.length) {
      koffi.encode(env, koffi.offsetof(core.OidcEnvC, 'session_sid'), 'void *',
                   cString(alloc, sid));
      koffi.encode(env, koffi.offsetof(core.OidcEnvC, 'session_sid_len'), 'size_t',
                   sid.length);
    }
    return decideWith('decideOidc', store, core.buffer, (st, buf, bufLen, d) =>
      core.decideQuery(st, env, input, inputLen, flags, buf, bufLen, d));
  } finally {
    allocs.forEach((p) => koffi.free(p));
    if (settings) {
      settings._busy--;
      if (settings._closing && settings._busy === 0) settings._free();
    }
  }
}

// --------------------------------------------------------------------------
// Configs (libauth0logout-config, auth0logout/config.h)

const CONFIG_ENVIRONMENT = 0x1;
const CONFIG_CLIENT_ID_FROM_NAME = 0x2;

let config = null;

function configLib() {
  if (config) return config;
  let p = envPath('AUTH0LOGOUT_CONFIG_LIBRARY', 'AUTH0LOGOUT_CONFIG_LIB');
  if (!p && corePath) {
    const cand = path.join(path.dirname(corePath), CONFIG_SONAME);
    if (fs.existsSync(cand)) p = cand;
  }
  const cl = loadLibrary('the config library', p || CONFIG_SONAME,
                         ' (set AUTH0LOGOUT_CONFIG_LIBRARY to its path)');
  const OptionsC = koffi.struct('auth0logout_config_options', {
    defines: 'void *',
    define_lens: 'void *',
    n_defines: 'size_t',
    flags: 'unsigned int',
    env_prefix: 'void *',
    reserved: koffi.array('void *', 4),
  });
  const ConfigDiagC = koffi.struct('auth0logout_config_diag', {
    status: 'int',
    client: 'size_t',
    entry: 'size_t',
    line: 'size_t',
    column: 'size_t',
    file: koffi.array('char', 256),
    where: koffi.array('char', 384),
    reason: koffi.array('char', 512),
    text: koffi.array('char', 1280),
    reserved: koffi.array('uint8_t', 64),
  });
  const sizes = checkSizes(cl, [
    ['auth0logout_config_options_size', OptionsC],
    ['auth0logout_config_diag_size', ConfigDiagC],
  ]);
  config = {
    handle: cl,
    sizes,
    OptionsC,
    loadFile: cl.func('int auth0logout_config_load_file(const void *path, size_t len, ' +
                      'void *opt, _Out_ void **out, _Out_ auth0logout_config_diag *diag)'),
    loadJson: cl.func('int auth0logout_config_load_json(const void *json, size_t len, ' +
                      'void *opt, _Out_ void **out, _Out_ auth0logout_config_diag *diag)'),
  };
  return config;
}

class ConfigError extends Auth0LogoutError {
  constructor(status, diag) {
    super(status, statusName(status), diag.text || c.statusMessage(status),
          maybeIndex(diag.entry), null);
    this.name = 'ConfigError';
    this.file = diag.file;
    this.where = diag.where;
    this.reason = diag.reason;
    this.client = maybeIndex(diag.client);
    this.entry = maybeIndex(diag.entry);
    this.line = Number(diag.line) || null;
    this.column = Number(diag.column) || null;
  }
}

// A NUL-terminated copy of b in memory from alloc, written 4 bytes at a
// time: koffi.encode of an array with a length (or a view of C memory)
// keeps about 20 bytes per call in koffi 3.3 (measured: RSS grows
// linearly), which a decideOidc per request with a sessionSid would
// leak.  Scalars at an offset keep nothing.
function cString(alloc, b) {
  const size = (b.length + 4) & ~3; // at least one NUL byte
  const padded = Buffer.alloc(size);
  b.copy(padded);
  const p = alloc('uint8_t', size);
  for (let off = 0; off < size; off += 4) {
    koffi.encode(p, off, 'uint32_t', padded[readU32](off));
  }
  return p;
}

function withOptions(options, fn) {
  const cl = configLib();
  const o = options || {};
  let flags = 0;
  if (o.environment) flags |= CONFIG_ENVIRONMENT;
  if (o.clientIdFrom !== undefined && o.clientIdFrom !== null) {
    if (o.clientIdFrom !== 'name') throw new TypeError('clientIdFrom must be "name"');
    flags |= CONFIG_CLIENT_ID_FROM_NAME;
  }
  let defs = [];
  if (o.defines) {
    defs = Array.isArray(o.defines) ? o.defines
      : Object.entries(o.defines).map(([k, v]) => `${k}=${v}`);
    defs = defs.map((d) => toBuffer(d, 'a define'));
  }
  // The options and the arrays they point to live in C memory for the call.
  const allocs = [];
  const alloc = (type, n) => { const p = koffi.alloc(type, n); allocs.push(p); return p; };
  try {
    let definesP = null;
    let lensP = null;
    if (defs.length) {
      definesP = alloc('void *', defs.length);
      lensP = alloc('size_t', defs.length);
      const ptrs = defs.map((b) => cString(alloc, b));
      koffi.encode(definesP, 'void *', ptrs, ptrs.length);
      koffi.encode(lensP, 'size_t', defs.map((b) => b.length), defs.length);
    }
    let prefixP = null;
    if (o.envPrefix) {
      prefixP = cString(alloc, toBuffer(o.envPrefix, 'envPrefix'));
    }
    const opt = alloc(cl.OptionsC, 1);
    koffi.encode(opt, cl.OptionsC, {
      defines: definesP, define_lens: lensP, n_defines: defs.length, flags,
      env_prefix: prefixP, reserved: [null, null, null, null],
    });
    return fn(cl, opt);
  } finally {
    allocs.forEach((p) => koffi.free(p));
  }
}

function loaded(st, out, diag) {
  if (st !== OK) throw new ConfigError(st, diag);
  return MemStore._wrap(out[0]);
}

/**
 * A MemStore built by the config library from a config file or directory:
 * Management API JSON, an auth0-deploy-cli YAML export (.yaml/.yml) or a
 * directory export.  options: { defines: {KEY: value} or ["KEY=VALUE"],
 * clientIdFrom: "name", environment: bool, envPrefix: string }.  Throws
 * a ConfigError naming the file, client, entry and reason.
 */
function loadConfig(file, options) {
  const p = toBuffer(file, 'path');
  return withOptions(options, (cl, opt) => {
    const out = [null];
    const diag = {};
    return loaded(cl.loadFile(p, p.length, opt, out, diag), out, diag);
  });
}

/** As loadConfig, from JSON text (named "(config)" in messages). */
function loadConfigJson(json, options) {
  const data = toBuffer(typeof json === 'string' || Buffer.isBuffer(json) ? json
                        : JSON.stringify(json), 'json');
  return withOptions(options, (cl, opt) => {
    const out = [null];
    const diag = {};
    return loaded(cl.loadJson(data, data.length, opt, out, diag), out, diag);
  });
}

/** The struct sizes this binding mirrors, with the loaded library's own
 * (each { library, binding }): the core's (with the /oidc/logout ones)
 * and the config library's.  Loads the config library. */
function structSizes() {
  const s = { ...coreSizes };
  Object.assign(s, oidcLib().sizes);
  Object.assign(s, configLib().sizes);
  return s;
}

module.exports = {
  AllowList,
  Auth0LogoutError,
  ConfigError,
  MemStore,
  OidcSettings,
  decide,
  decideOidc,
  loadConfig,
  loadConfigJson,
  statusName,
  structSizes,
  version,
  E_STORE_FAILED,
  E_UNKNOWN_CLIENT,
  /** For the binding's own tests: { lent, unreleased } (see above). */
  _counters: () => ({ ...counters }),
};
