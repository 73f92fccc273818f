// SPDX-License-Identifier: MIT
// Tests of decideOidc and OidcSettings (node --test), named after the
// rules of doc/rules.md (R8).  Each decision of the table below is
// compared, field by field, with what the CLI prints for the same request
// (`auth0logout decide --config examples/oidc.json --endpoint oidc ...`),
// and with the outcome the rule asks for, so that the binding and the CLI
// cannot agree on a wrong answer unnoticed.
//
// The config is examples/oidc.json, as in the Go binding's tests: SpA123
// pins RS256 (the JWKS key demo-2026, whose private half is nowhere),
// WeB456 pins HS256; its client_secret and the issuer are read from that
// file, and the tokens are signed here with node:crypto.
//
// The CLI: AUTH0LOGOUT_CLI (node_binding.sh sets it), else "auth0logout"
// next to AUTH0LOGOUT_LIBRARY, else build/auth0logout.
'use strict';

const test = require('node:test');
const assert = require('node:assert/strict');
const crypto = require('node:crypto');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { spawnSync } = require('node:child_process');

const a0l = require('..');

const SRCDIR = process.env.SRCDIR
  ? path.resolve(process.env.SRCDIR) : path.resolve(__dirname, '../../..');
const data = (p) => path.join(SRCDIR, p);
const CONFIG = data('examples/oidc.json');
const CFG = JSON.parse(fs.readFileSync(CONFIG, 'utf8'));
const ISSUER = CFG.oidc.issuer;
const WEB = CFG.clients.find((c) => c.jwt_configuration.alg === 'HS256');
const SPA = CFG.clients.find((c) => c.jwt_configuration.alg === 'RS256');
const WEB_URI = WEB.allowed_logout_urls[0]; // https://web.example.org/signed-out?lang=en
const SPA_URI = SPA.allowed_logout_urls[0]; // https://app.example.com/bye
const TENANT_URI = CFG.tenant.allowed_logout_urls[0];

function cliPath() {
  if (process.env.AUTH0LOGOUT_CLI) return path.resolve(process.env.AUTH0LOGOUT_CLI);
  if (process.env.AUTH0LOGOUT_LIBRARY) {
    return path.join(path.dirname(path.resolve(process.env.AUTH0LOGOUT_LIBRARY)), 'auth0logout');
  }
  return data('build/auth0logout');
}

// ---------------------------------------------------------------------------
// Tokens (JWS compact form)

const b64url = (b) => Buffer.from(b).toString('base64url');

function jws(header, payload, sign) {
  const input = `${b64url(JSON.stringify(header))}.${b64url(JSON.stringify(payload))}`;
  return `${input}.${b64url(sign(Buffer.from(input)))}`;
}

const hmac = (secret) => (input) => crypto.createHmac('sha256', secret).update(input).digest();

function claims(over = {}) {
  const c = { iss: ISSUER, sub: 'auth0|u1', aud: WEB.client_id, sid: 'sess-1',
              iat: Math.floor(Date.now() / 1000) };
  for (const [k, v] of Object.entries(over)) {
    if (v === undefined) delete c[k]; else c[k] = v;
  }
  return c;
}

/** An HS256 token of WeB456, signed with its client_secret. */
function webToken(over, secret = WEB.client_secret, header = { alg: 'HS256', typ: 'JWT' }) {
  return jws(header, claims(over), hmac(secret));
}

/** An RS256 token for SpA123 with the config's kid, signed by a key of
 * our own: a forgery. */
function forgedRs256() {
  const { privateKey } = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 });
  const kid = CFG.oidc.jwks.keys[0].kid;
  return jws({ alg: 'RS256', typ: 'JWT', kid }, claims({ aud: SPA.client_id }),
             (input) => crypto.sign('sha256', input, privateKey));
}

function form(params) {
  return new URLSearchParams(params).toString();
}

// ---------------------------------------------------------------------------
// The CLI, one run per group of options (one request per line)

/** The CLI's decisions for queries, in order: objects with the keys it
 * prints (outcome, status, location, federated, error,
 * error_description, list, matched, hint, confirm, client_id). */
function cliDecide(queries, { form: isForm = false, sessionSid = null, maxAge = null } = {}) {
  const cli = cliPath();
  assert.ok(fs.existsSync(cli), `the CLI ${cli} exists (set AUTH0LOGOUT_CLI)`);
  const args = ['decide', '--config', CONFIG, '--endpoint', 'oidc'];
  if (isForm) args.push('--form');
  if (sessionSid !== null) args.push('--session-sid', sessionSid);
  if (maxAge !== null) args.push('--max-age', String(maxAge));
  for (const query of queries) assert.ok(!/[\r\n]/.test(query), 'one request per line');
  const r = spawnSync(cli, args, { input: queries.map((x) => x + '\n').join(''),
                                   encoding: 'utf8', timeout: 30000 });
  assert.equal(r.status, 0, `auth0logout ${args.join(' ')}: exit ${r.status}: ${r.stderr}`);
  const lines = r.stdout.split('\n').filter((l) => l !== '');
  assert.equal(lines.length, queries.length, 'one decision per request');
  return lines.map((l) => JSON.parse(l));
}

/** The fields the CLI prints, from a binding decision. */
function asCli(d) {
  return {
    outcome: d.outcome, status: d.status, location: d.location, federated: d.federated,
    error: d.error, error_description: d.errorDescription, list: d.list,
    matched: d.matched, hint: d.hint, confirm: d.confirm, client_id: d.clientId,
  };
}

// ---------------------------------------------------------------------------
// The table: name (after the rule), request, options, what the rule asks

const GOOD = webToken();
const CASES = [
  { name: 'r8.10 a valid id_token_hint (HS256) redirects without asking',
    query: form({ id_token_hint: GOOD, post_logout_redirect_uri: WEB_URI }),
    want: { outcome: 'redirect', status: 302, location: WEB_URI, confirm: false,
            clientId: WEB.client_id, list: 'client', code: 'ok' } },
  { name: 'r8.6 state is appended to the post_logout_redirect_uri',
    query: form({ id_token_hint: GOOD, post_logout_redirect_uri: WEB_URI, state: 'a b/c' }),
    want: { outcome: 'redirect', location: `${WEB_URI}&state=a%20b%2Fc`, confirm: false } },
  { name: 'r8.6 state on a URI without a query starts one',
    query: form({ client_id: SPA.client_id, post_logout_redirect_uri: SPA_URI, state: 'xy' }),
    want: { outcome: 'redirect', location: `${SPA_URI}?state=xy`, clientId: SPA.client_id } },
  { name: 'r8.5 no post_logout_redirect_uri: the client\'s first entry, no state',
    query: form({ id_token_hint: GOOD, state: 'xy' }),
    want: { outcome: 'redirect', location: WEB_URI, confirm: false } },
  { name: 'r8.10 id_token_hint forged signature (another secret) is refused',
    query: form({ id_token_hint: webToken({}, 'not-the-secret'),
                  post_logout_redirect_uri: WEB_URI }),
    want: { outcome: 'error', status: 400, code: 'oidc_token_invalid', location: null,
            error: 'invalid_request', confirm: false } },
  { name: 'r8.10 id_token_hint forged RS256 signature (another key, same kid) is refused',
    query: form({ id_token_hint: forgedRs256(), post_logout_redirect_uri: SPA_URI }),
    want: { outcome: 'error', status: 400, code: 'oidc_token_invalid', location: null } },
  { name: 'r8.10 id_token_hint with alg none is refused',
    query: form({ id_token_hint: webToken({}, WEB.client_secret, { alg: 'none' }),
                  post_logout_redirect_uri: WEB_URI }),
    want: { outcome: 'error', status: 400, code: 'oidc_token_invalid', location: null } },
  { name: 'r8.10 id_token_hint with a cut signature is refused',
    query: form({ id_token_hint: GOOD.slice(0, -2), post_logout_redirect_uri: WEB_URI }),
    want: { outcome: 'error', status: 400, code: 'oidc_token_invalid', location: null } },
  { name: 'r8.10 id_token_hint of another issuer is refused',
    query: form({ id_token_hint: webToken({ iss: 'https://evil.example.com/' }),
                  post_logout_redirect_uri: WEB_URI }),
    want: { outcome: 'error', status: 400, code: 'oidc_token_invalid', location: null } },
  { name: 'r8.4 post_logout_redirect_uri on the client\'s list is allowed',
    query: form({ client_id: WEB.client_id, post_logout_redirect_uri: 'https://a.example.org' }),
    want: { outcome: 'redirect', location: 'https://a.example.org',
            matched: 'https://*.example.org', confirm: true } },
  { name: 'r8.4 post_logout_redirect_uri not on the client\'s list is refused',
    query: form({ id_token_hint: GOOD, post_logout_redirect_uri: 'https://evil.example.com/' }),
    want: { outcome: 'error', status: 400, code: 'not_allowed', location: null,
            list: 'client', clientId: WEB.client_id } },
  { name: 'r8.4 the query is compared: another query is not allowed',
    query: form({ client_id: SPA.client_id,
                  post_logout_redirect_uri: 'https://app.example.com/bye?from=v2' }),
    want: { outcome: 'error', status: 400, code: 'not_allowed', location: null } },
  { name: 'r8.4 a fragment in post_logout_redirect_uri is refused',
    query: form({ client_id: SPA.client_id, post_logout_redirect_uri: `${SPA_URI}#x` }),
    want: { outcome: 'error', status: 400, code: 'oidc_uri_fragment', location: null } },
  { name: 'r8.3 without a client the tenant\'s list decides',
    query: form({ post_logout_redirect_uri: TENANT_URI }),
    want: { outcome: 'redirect', location: TENANT_URI, list: 'tenant', confirm: true } },
  { name: 'r8.3 a known client never falls back to the tenant\'s list',
    query: form({ id_token_hint: GOOD, post_logout_redirect_uri: TENANT_URI }),
    want: { outcome: 'error', code: 'not_allowed', list: 'client' } },
  { name: 'r8.2 client_id that is not the token\'s client is refused',
    query: form({ id_token_hint: GOOD, client_id: SPA.client_id }),
    want: { outcome: 'error', status: 400, code: 'oidc_client_mismatch' } },
  { name: 'r8.2 logout_hint that is not the token\'s sid is refused',
    query: form({ id_token_hint: GOOD, logout_hint: 'sess-2' }),
    want: { outcome: 'error', status: 400, code: 'oidc_logout_hint' } },
  { name: 'r8.2 an unknown client is refused',
    query: form({ client_id: 'Nope1', post_logout_redirect_uri: TENANT_URI }),
    want: { outcome: 'error', status: 400, code: 'unknown_client', location: null } },
  { name: 'r8.7 no hint at all: the user is asked (confirm)',
    query: '',
    want: { outcome: 'logged_out', status: 200, confirm: true } },
  { name: 'r8.8 ui_locales not enabled is refused',
    query: form({ client_id: WEB.client_id, ui_locales: 'de' }),
    want: { outcome: 'error', status: 400, code: 'oidc_locale' } },
  { name: 'r8.8 ui_locales: the tenant\'s spelling of the first tag',
    query: form({ client_id: WEB.client_id, ui_locales: 'fr-ca en' }),
    want: { outcome: 'redirect', locale: 'fr-CA' } },
  { name: 'r8.1 a value given twice is refused',
    query: `client_id=${SPA.client_id}&client_id=${SPA.client_id}`,
    want: { outcome: 'error', status: 400, code: 'query_duplicate' } },
  { name: 'r8.1 a request target and federated (GET: by presence)',
    query: `/oidc/logout?${form({ id_token_hint: GOOD })}&federated`,
    want: { outcome: 'redirect', federated: true, confirm: false } },
  // POST bodies (R8.1)
  { name: 'r8.1 a POST form body with a valid id_token_hint redirects',
    opts: { form: true },
    query: form({ id_token_hint: GOOD, post_logout_redirect_uri: WEB_URI, state: 's' }),
    want: { outcome: 'redirect', location: `${WEB_URI}&state=s`, confirm: false } },
  { name: 'r8.1 a POST spells federated true',
    opts: { form: true },
    query: form({ id_token_hint: GOOD, federated: 'true' }),
    want: { outcome: 'redirect', federated: true } },
  { name: 'r8.1 a POST federated other than true or false is refused',
    opts: { form: true },
    query: form({ id_token_hint: GOOD, federated: 'yes' }),
    want: { outcome: 'error', status: 400, code: 'oidc_federated' } },
  { name: 'r8.1 a POST body is never framed as a request target',
    // "/oidc/logout?id_token_hint" is an unknown name: no hint was given.
    opts: { form: true },
    query: `/oidc/logout?${form({ id_token_hint: GOOD })}`,
    want: { outcome: 'logged_out', status: 200, confirm: true } },
  // The browser's session (R8.7)
  { name: 'r8.7 the token names another session: the user is asked',
    opts: { sessionSid: 'sess-2' },
    query: form({ id_token_hint: GOOD }),
    want: { outcome: 'redirect', confirm: true } },
  { name: 'r8.7 the token names the browser\'s session: no question',
    opts: { sessionSid: 'sess-1' },
    query: form({ id_token_hint: GOOD, logout_hint: 'sess-1' }),
    want: { outcome: 'redirect', confirm: false } },
  { name: 'r8.7 a POST with the session\'s sid',
    opts: { form: true, sessionSid: 'sess-2' },
    query: form({ id_token_hint: GOOD, post_logout_redirect_uri: WEB_URI }),
    want: { outcome: 'redirect', location: WEB_URI, confirm: true } },
];

function groupKey(opts = {}) {
  return JSON.stringify([Boolean(opts.form), opts.sessionSid ?? null]);
}

test('decideOidc decides as the CLI (examples/oidc.json)', async (t) => {
  const store = a0l.loadConfig(CONFIG);
  const settings = a0l.OidcSettings.load(CONFIG);
  try {
    // The CLI's answers, one run per group of options.
    const groups = new Map();
    for (const c of CASES) {
      const k = groupKey(c.opts);
      if (!groups.has(k)) groups.set(k, []);
      groups.get(k).push(c);
    }
    const cli = new Map();
    for (const cases of groups.values()) {
      const out = cliDecide(cases.map((c) => c.query), cases[0].opts);
      cases.forEach((c, i) => cli.set(c, out[i]));
    }
    for (const c of CASES) {
      await t.test(c.name, () => {
        const d = a0l.decideOidc(store, settings, c.query, c.opts);
        assert.deepEqual(asCli(d), cli.get(c), 'the CLI decides the same');
        for (const [field, want] of Object.entries(c.want)) {
          assert.deepEqual(d[field], want, `${field} (${d.errorDescription || d.code})`);
        }
        if (d.outcome === 'error') assert.equal(d.location, null, 'an error never redirects');
      });
    }
  } finally {
    settings.close();
    store.close();
  }
});

test('r8.10 max age: setMaxAge refuses old tokens, as --max-age', () => {
  const store = a0l.loadConfig(CONFIG);
  const lax = a0l.OidcSettings.load(CONFIG);
  const strict = a0l.OidcSettings.load(CONFIG).setMaxAge(60);
  try {
    const old = form({ id_token_hint: webToken({ iat: Math.floor(Date.now() / 1000) - 3600 }) });
    const fresh = form({ id_token_hint: GOOD });
    const [cliOld, cliFresh] = cliDecide([old, fresh], { maxAge: 60 });
    let d = a0l.decideOidc(store, strict, old);
    assert.deepEqual(asCli(d), cliOld);
    assert.deepEqual([d.outcome, d.code], ['error', 'oidc_token_invalid']);
    d = a0l.decideOidc(store, strict, fresh);
    assert.deepEqual(asCli(d), cliFresh);
    assert.equal(d.outcome, 'redirect');
    assert.equal(a0l.decideOidc(store, lax, old).outcome, 'redirect', 'no max age by default');
    assert.throws(() => strict.setMaxAge(-1), RangeError);
    assert.throws(() => strict.setMaxAge(1.5), RangeError);
  } finally {
    lax.close();
    strict.close();
    store.close();
  }
});

// ---------------------------------------------------------------------------
// Stores written in JavaScript

function jsStore(overrides = {}) {
  const clients = new Map(CFG.clients.map((c) => [c.client_id, c.allowed_logout_urls]));
  return {
    tenantList: () => CFG.tenant.allowed_logout_urls,
    clientList: (id) => clients.get(id) || null,
    ...overrides,
  };
}

test('r2.2 a JS store decides /oidc/logout as the config\'s MemStore', () => {
  const store = a0l.loadConfig(CONFIG);
  const settings = a0l.OidcSettings.load(CONFIG);
  try {
    for (const c of CASES) {
      const want = a0l.decideOidc(store, settings, c.query, c.opts);
      const got = a0l.decideOidc(jsStore(), settings, c.query, c.opts);
      assert.deepEqual(got, want, c.name);
    }
    assert.equal(a0l._counters().lent, 0, 'every list lent was given back');
  } finally {
    settings.close();
    store.close();
  }
});

test('r2.4 a throwing JS store in decideOidc is a 500, never a redirect', () => {
  const settings = a0l.OidcSettings.load(CONFIG);
  try {
    const allowed = form({ id_token_hint: GOOD, post_logout_redirect_uri: WEB_URI });
    assert.equal(a0l.decideOidc(jsStore(), settings, allowed).outcome, 'redirect',
                 'the request redirects with a working store');
    const errors = [];
    let d = a0l.decideOidc(jsStore({
      clientList: () => { throw new Error('db down'); },
      onError: (e) => errors.push(e),
    }), settings, allowed);
    assert.deepEqual([d.outcome, d.status, d.code, d.error, d.location, d.confirm],
                     ['error', 500, 'store_failed', 'server_error', null, false]);
    assert.equal(d.storeError.message, 'db down');
    assert.equal(errors.length, 1);
    d = a0l.decideOidc(jsStore({ tenantList: () => { throw new TypeError('t'); } }),
                       settings, form({ post_logout_redirect_uri: TENANT_URI }), { form: true });
    assert.deepEqual([d.outcome, d.status, d.code, d.location], ['error', 500, 'store_failed', null]);
    assert.ok(d.storeError instanceof TypeError);
    d = a0l.decideOidc(jsStore({ clientList: () => 'https://web.example.org' }), settings, allowed);
    assert.deepEqual([d.status, d.code, d.location], [500, 'store_failed', null]);
    assert.equal(a0l._counters().lent, 0);
  } finally {
    settings.close();
  }
});

test('decideOidc inside a store callback is its own decision', () => {
  const store = a0l.loadConfig(CONFIG);
  const settings = a0l.OidcSettings.load(CONFIG);
  try {
    const inner = [];
    const d = a0l.decideOidc(jsStore({
      clientList: (id) => {
        inner.push(a0l.decideOidc(store, settings,
                                  form({ post_logout_redirect_uri: TENANT_URI })));
        inner.push(a0l.decide(store, `returnTo=${encodeURIComponent(TENANT_URI)}`));
        return jsStore().clientList(id);
      },
    }), settings, form({ id_token_hint: GOOD, post_logout_redirect_uri: WEB_URI, state: 'o' }));
    assert.equal(d.location, `${WEB_URI}&state=o`);
    assert.deepEqual(inner.map((x) => x.location), [TENANT_URI, TENANT_URI]);
  } finally {
    settings.close();
    store.close();
  }
});

// ---------------------------------------------------------------------------
// OidcSettings

test('r7.7 OidcSettings.load: the issuer; jwks_file relative to the config', () => {
  const s = a0l.OidcSettings.load(CONFIG);
  assert.equal(s.issuer, ISSUER);
  s.close();
  // tests/data/oidc: a JWKS file next to the config, a YAML export whose
  // client has a name only.
  const j = a0l.OidcSettings.load(data('tests/data/oidc/config.json'));
  assert.equal(j.issuer, 'https://tenant.example.com/');
  j.close();
  const y = a0l.OidcSettings.load(data('tests/data/oidc/tenant.yaml'), { clientIdFrom: 'name' });
  assert.equal(y.issuer, 'https://tenant.example.com/');
  y.close();
  assert.throws(() => a0l.OidcSettings.load(data('tests/data/oidc/tenant.yaml')),
                (e) => e instanceof a0l.ConfigError && e.code === 'config_shape');
});

test('r8.10 no settings, or settings without an issuer: every id_token_hint is invalid', () => {
  const store = a0l.loadConfig(CONFIG);
  const empty = a0l.OidcSettings.empty();
  try {
    assert.equal(empty.issuer, null);
    for (const s of [null, undefined, empty]) {
      const d = a0l.decideOidc(store, s, form({ id_token_hint: GOOD }));
      assert.deepEqual([d.outcome, d.status, d.code, d.location],
                       ['error', 400, 'oidc_token_invalid', null]);
    }
    // The tenant's defaults: a prompt without a hint.
    const d = a0l.decideOidc(store, null, form({ client_id: SPA.client_id }));
    assert.deepEqual([d.outcome, d.location, d.confirm], ['redirect', SPA_URI, true]);
  } finally {
    empty.close();
    store.close();
  }
});

test('OidcSettings.load: a missing file or a bad issuer is a ConfigError', () => {
  assert.throws(() => a0l.OidcSettings.load('/nonexistent/oidc.json'),
                (e) => e instanceof a0l.ConfigError && e.code === 'config_io');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'a0l-node-oidc-'));
  try {
    const file = path.join(dir, 'bad.json');
    fs.writeFileSync(file, JSON.stringify({ oidc: { issuer: 'ftp://tenant.example.com/' } }));
    assert.throws(() => a0l.OidcSettings.load(file), (e) => {
      assert.ok(e instanceof a0l.ConfigError);
      assert.equal(e.code, 'config_shape');
      assert.match(e.message, /issuer/);
      return true;
    });
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
  assert.throws(() => new a0l.OidcSettings(), TypeError);
});

test('OidcSettings: close() is idempotent; a closed one is refused', () => {
  const store = a0l.loadConfig(CONFIG);
  const s = a0l.OidcSettings.load(CONFIG);
  s.close();
  s.close();
  assert.equal(s.closed, true);
  assert.throws(() => a0l.decideOidc(store, s, ''), /closed/);
  assert.throws(() => s.issuer, /closed/);
  assert.throws(() => s.setMaxAge(1), /closed/);
  store.close();
});

test('OidcSettings closed inside a store callback live until the decision ends', () => {
  const s = a0l.OidcSettings.load(CONFIG);
  const d = a0l.decideOidc(jsStore({
    clientList: (id) => { s.close(); return jsStore().clientList(id); },
  }), s, form({ id_token_hint: GOOD, post_logout_redirect_uri: WEB_URI }));
  assert.deepEqual([d.outcome, d.location, d.confirm], ['redirect', WEB_URI, false]);
  assert.equal(s.closed, true);
  assert.equal(s._ptr, null, 'freed after the decision');
});

test('decideOidc: bad arguments throw TypeError; a bad request never does', () => {
  const store = a0l.loadConfig(CONFIG);
  try {
    assert.throws(() => a0l.decideOidc(null, null, ''), TypeError);
    assert.throws(() => a0l.decideOidc(store, {}, ''), TypeError);
    assert.throws(() => a0l.decideOidc(store, null, 42), TypeError);
    assert.throws(() => a0l.decideOidc(store, null, '', { sessionSID: 'x' }), /unknown option/);
    assert.throws(() => a0l.decideOidc(store, null, '', { form: 'yes' }), TypeError);
    assert.throws(() => a0l.decideOidc(store, null, '', { sessionSid: 7 }), TypeError);
    const d = a0l.decideOidc(store, null, Buffer.from('state=%zz'));
    assert.deepEqual([d.outcome, d.status, d.code], ['error', 400, 'query_bad_escape']);
  } finally {
    store.close();
  }
});

test('r8.7 decide (/v2/logout) never asks: confirm false, no locale', () => {
  const store = a0l.loadConfig(CONFIG);
  const d = a0l.decide(store, `client_id=${WEB.client_id}&ui_locales=fr-CA`);
  assert.deepEqual([d.outcome, d.confirm, d.locale], ['redirect', false, null]);
  store.close();
});

test('OidcSettings not closed are freed by the FinalizationRegistry (no crash under gc)', () => {
  const r = spawnSync(process.execPath, ['--expose-gc', '-e', `
    const a0l = require(${JSON.stringify(path.resolve(__dirname, '..'))});
    const store = a0l.loadConfig(${JSON.stringify(CONFIG)});
    for (let i = 0; i < 300; i++) {
      const s = i % 2 ? a0l.OidcSettings.load(${JSON.stringify(CONFIG)}) : a0l.OidcSettings.empty();
      a0l.decideOidc(store, s, 'id_token_hint=a.b.c', { sessionSid: 'x' });
    }
    global.gc();
    setTimeout(() => { global.gc(); console.log('done'); }, 50);
  `], { encoding: 'utf8', env: process.env, timeout: 60000 });
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /done/);
});
