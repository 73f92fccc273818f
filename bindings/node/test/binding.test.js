// SPDX-License-Identifier: MIT
// Tests of the Node.js binding (node --test), named after the rules of
// doc/rules.md.  Run from bindings/node with the library's path:
//   AUTH0LOGOUT_LIBRARY=../../build/libauth0logout.so.1 node --test test/*.test.js
// (koffi must be resolvable: npm ci here, or NODE_PATH=<dir>/node_modules.)
'use strict';

const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { spawnSync } = require('node:child_process');

const a0l = require('..');

const SRCDIR = process.env.SRCDIR
  ? path.resolve(process.env.SRCDIR) : path.resolve(__dirname, '../../..');
const data = (p) => path.join(SRCDIR, p);

const TENANT = ['https://www.example.com', 'https://www.example.com/logged-out'];
const CLIENTS = {
  AbC123: ['https://app.example.com/bye', 'https://*.example.org', 'http://localhost:3000'],
  NaTiVe9: ['com.example.app://callback'],
  NoList7: [],
};

function q(returnTo, clientId) {
  const p = [];
  if (returnTo !== undefined) p.push('returnTo=' + encodeURIComponent(returnTo));
  if (clientId !== undefined) p.push('client_id=' + encodeURIComponent(clientId));
  return p.join('&');
}

function memStore() {
  const ms = new a0l.MemStore().setTenant(TENANT);
  for (const [id, list] of Object.entries(CLIENTS)) ms.addClient(id, list);
  return ms;
}

// ---------------------------------------------------------------------------

test('struct sizes the binding mirrors equal the library\'s *_size()', () => {
  const sizes = a0l.structSizes();
  for (const name of ['decision', 'store', 'diag', 'oidc_env', 'verifier',
                      'config_options', 'config_diag']) {
    assert.ok(sizes[name], `${name} is mirrored`);
    assert.equal(sizes[name].binding, sizes[name].library, name);
  }
});

test('version is the loaded library\'s, 0.x', () => {
  assert.match(a0l.version(), /^0\.\d+\.\d+$/);
});

test('shared table (tests/data/shared) through loadConfig', async (t) => {
  const cases = JSON.parse(fs.readFileSync(data('tests/data/shared/cases.json'), 'utf8')).cases;
  assert.ok(cases.length >= 20, 'the table has its cases');
  const ms = a0l.loadConfig(data('tests/data/shared/config.json'));
  try {
    for (const c of cases) {
      await t.test(c.name, () => {
        const d = a0l.decide(ms, c.query);
        for (const [field, want] of Object.entries(c.expect)) {
          assert.ok(field in d, `the decision has a field ${field}`);
          assert.deepEqual(d[field], want, `${field} (query ${JSON.stringify(c.query)})`);
        }
      });
    }
  } finally {
    ms.close();
  }
});

// ---------------------------------------------------------------------------
// MemStore

test('MemStore: R2.2 redirect via the tenant list', () => {
  const ms = memStore();
  const d = a0l.decide(ms, q('https://www.example.com/logged-out'));
  assert.deepEqual(
    [d.outcome, d.status, d.location, d.list, d.error, d.errorDescription, d.code, d.clientId],
    ['redirect', 302, 'https://www.example.com/logged-out', 'tenant', null, null, 'ok', null]);
  assert.equal(ms.size, 3);
  ms.close();
});

test('MemStore: R2.3 client list, unknown client, not allowed with a hint', () => {
  const ms = memStore();
  let d = a0l.decide(ms, q('https://a.example.org', 'AbC123'));
  assert.deepEqual([d.outcome, d.location, d.list, d.clientId, d.matched],
                   ['redirect', 'https://a.example.org', 'client', 'AbC123',
                    'https://*.example.org']);
  d = a0l.decide(ms, q(undefined, 'nope'));
  assert.deepEqual([d.outcome, d.status, d.code, d.error], ['error', 400, 'unknown_client',
                                                            'invalid_request']);
  d = a0l.decide(ms, q('https://www.example.com', 'AbC123'));
  assert.deepEqual([d.outcome, d.status, d.code, d.list], ['error', 400, 'not_allowed', 'client']);
  assert.match(d.hint, /tenant/);
  assert.ok(d.errorDescription);
  d = a0l.decide(ms, '');
  assert.deepEqual([d.outcome, d.status, d.location], ['logged_out', 200, null]);
  d = a0l.decide(ms, Buffer.from('returnTo=https%3A%2F%2Fwww.example.com&federated'));
  assert.deepEqual([d.outcome, d.federated], ['redirect', true]);
  ms.close();
});

test('MemStore: R1 a bad query is an error decision, never a throw', () => {
  const ms = memStore();
  const d = a0l.decide(ms, 'returnTo=%zz');
  assert.deepEqual([d.outcome, d.status, d.code], ['error', 400, 'query_bad_escape']);
  ms.close();
});

test('MemStore: R5.7 a bad entry is refused naming it', () => {
  const ms = new a0l.MemStore();
  assert.throws(() => ms.setTenant(['https://ok.example.com', 'example.com']), (e) => {
    assert.ok(e instanceof a0l.Auth0LogoutError);
    assert.equal(e.code, 'entry_no_scheme');
    assert.equal(e.index, 1);
    assert.match(e.message, /^tenant: /);
    return true;
  });
  assert.throws(() => ms.addClient('C1', ['https://u:p@example.com']), { code: 'url_userinfo' });
  ms.addClient('C2', []);
  assert.throws(() => ms.addClient('C2', []), { code: 'duplicate_client' });
  assert.throws(() => ms.addClient('', []), { code: 'client_id_empty' });
  assert.throws(() => ms.setTenant('https://a.com'), TypeError);
  ms.close();
});

test('MemStore: frozen by the first decision; close() is idempotent', () => {
  const ms = memStore();
  a0l.decide(ms, '');
  assert.throws(() => ms.addClient('Later1', []), { code: 'store_frozen' });
  ms.close();
  ms.close();
  assert.equal(ms.closed, true);
  assert.throws(() => a0l.decide(ms, ''), /closed/);
  assert.throws(() => ms.setTenant([]), /closed/);
});

test('AllowList: entries as written, Buffers and UTF-8', () => {
  const l = new a0l.AllowList(['https://a.com', Buffer.from('https://b.com/x'),
                               'https://c.com/\u00e9']);
  assert.equal(l.length, 3);
  assert.deepEqual(l.entries(), ['https://a.com', 'https://b.com/x', 'https://c.com/\u00e9']);
  assert.throws(() => new a0l.AllowList(['https://a.com', 'x\0y']), { code: 'url_control', index: 1 });
  l.close();
  l.close();
  assert.throws(() => l.entries(), /closed/);
});

// ---------------------------------------------------------------------------
// Stores written in JavaScript

function jsStore(overrides = {}) {
  return {
    tenantList: () => TENANT,
    clientList: (id) => (id in CLIENTS ? CLIENTS[id] : null),
    ...overrides,
  };
}

test('JS store: arrays compiled per lookup, null is an unknown client', () => {
  const before = a0l._counters();
  let d = a0l.decide(jsStore(), q('https://www.example.com'));
  assert.deepEqual([d.outcome, d.location, d.list], ['redirect', 'https://www.example.com', 'tenant']);
  d = a0l.decide(jsStore(), q('http://localhost:3000', 'AbC123'));
  assert.deepEqual([d.outcome, d.location, d.list, d.clientId],
                   ['redirect', 'http://localhost:3000', 'client', 'AbC123']);
  d = a0l.decide(jsStore(), q(undefined, 'Unknown1'));
  assert.deepEqual([d.outcome, d.status, d.code], ['error', 400, 'unknown_client']);
  d = a0l.decide(jsStore(), q(undefined, 'NoList7'));
  assert.deepEqual([d.outcome, d.status, d.list], ['logged_out', 200, 'client']);
  d = a0l.decide(jsStore({ tenantList: () => null }), q('https://www.example.com'));
  assert.deepEqual([d.outcome, d.code], ['error', 'not_allowed']);
  const after = a0l._counters();
  assert.equal(after.lent, before.lent, 'every list lent was given back');
  assert.equal(after.unreleased, before.unreleased, 'the library released every list');
});

test('JS store: the client_id reaches clientList as a string and its bytes', () => {
  const seen = [];
  const d = a0l.decide(jsStore({
    clientList: (id, raw) => { seen.push([id, raw]); return CLIENTS.AbC123; },
  }), q('https://app.example.com/bye', 'caf\u00e9'));
  assert.equal(d.outcome, 'redirect');
  assert.equal(seen.length, 1);
  assert.equal(seen[0][0], 'caf\u00e9');
  assert.deepEqual(seen[0][1], Buffer.from('caf\u00e9'));
});

test('JS store: cached AllowList objects, lent and given back', () => {
  const tenant = new a0l.AllowList(TENANT);
  const app = new a0l.AllowList(CLIENTS.AbC123);
  const store = { tenantList: () => tenant, clientList: (id) => (id === 'AbC123' ? app : null) };
  for (let i = 0; i < 3; i++) {
    assert.equal(a0l.decide(store, q('https://www.example.com')).outcome, 'redirect');
    assert.equal(a0l.decide(store, q(undefined, 'AbC123')).location, 'https://app.example.com/bye');
  }
  assert.equal(tenant._lent, 0);
  assert.equal(app._lent, 0);
  tenant.close();
  app.close();
});

test('JS store: an AllowList closed during a decision lives until released', () => {
  const app = new a0l.AllowList(CLIENTS.AbC123);
  let tenantAsked = false;
  // not_allowed with a client_id: the client's list is lent first, then
  // the tenant's is looked up for the hint.  Closing the client's list
  // there must not free it under the library's feet.
  const d = a0l.decide({
    clientList: () => app,
    tenantList: () => { tenantAsked = true; app.close(); return TENANT; },
  }, q('https://www.example.com', 'AbC123'));
  assert.ok(tenantAsked, 'the hint looked the tenant list up');
  assert.deepEqual([d.outcome, d.code, d.list], ['error', 'not_allowed', 'client']);
  assert.match(d.hint, /tenant/);
  assert.equal(app.closed, true);
  assert.equal(app._ptr, null, 'freed once released');
  assert.equal(a0l._counters().lent, 0);
});

test('JS store: R2.4 a throwing tenantList is a 500, never a redirect', () => {
  const errors = [];
  const d = a0l.decide(jsStore({
    tenantList: () => { throw new Error('db down'); },
    onError: (e) => errors.push(e),
  }), q('https://www.example.com'));
  assert.deepEqual([d.outcome, d.status, d.code, d.error, d.location],
                   ['error', 500, 'store_failed', 'server_error', null]);
  assert.equal(d.storeError.message, 'db down');
  assert.equal(errors.length, 1);
});

test('JS store: R2.4 a throwing clientList is a 500, never a redirect', () => {
  const d = a0l.decide(jsStore({ clientList: () => { throw new RangeError('x'); } }),
                       q('https://app.example.com/bye', 'AbC123'));
  assert.deepEqual([d.outcome, d.status, d.code, d.location], ['error', 500, 'store_failed', null]);
  assert.ok(d.storeError instanceof RangeError);
});

test('JS store: R2.4 wrong return values and bad entries fail closed (500)', () => {
  const bad = [
    jsStore({ tenantList: () => 'https://www.example.com' }),
    jsStore({ tenantList: () => 42 }),
    jsStore({ tenantList: () => ['www.example.com'] }), // no scheme: cannot compile
    jsStore({ tenantList: () => { throw 'a string'; } }),
    jsStore({ tenantList: undefined }),
    { clientList: () => [] },
  ];
  for (const store of bad) {
    const d = a0l.decide(store, q('https://www.example.com'));
    assert.deepEqual([d.outcome, d.status, d.code, d.location], ['error', 500, 'store_failed', null]);
  }
  const closed = new a0l.AllowList(TENANT);
  closed.close();
  const d = a0l.decide(jsStore({ tenantList: () => closed }), q('https://www.example.com'));
  assert.deepEqual([d.status, d.code], [500, 'store_failed']);
  assert.equal(a0l._counters().lent, 0);
});

test('JS store: a decision inside a store callback (recursion) is its own', () => {
  const ms = memStore();
  const inner = [];
  const d = a0l.decide(jsStore({
    clientList: (id) => {
      inner.push(a0l.decide(ms, q('https://www.example.com/logged-out')));
      inner.push(a0l.decide(jsStore(), q(undefined, 'AbC123')));
      return CLIENTS[id] || null;
    },
  }), q('https://app.example.com/bye', 'AbC123'));
  assert.equal(d.location, 'https://app.example.com/bye');
  assert.equal(inner[0].location, 'https://www.example.com/logged-out');
  assert.equal(inner[1].location, 'https://app.example.com/bye');
  ms.close();
  assert.equal(a0l._counters().lent, 0);
});

test('MemStore closed inside a store callback is freed after the decision', () => {
  const ms = memStore();
  const d = a0l.decide(jsStore({
    clientList: () => {
      const inner = a0l.decide(ms, q('https://www.example.com'));
      ms.close();
      assert.equal(inner.outcome, 'redirect');
      return [];
    },
  }), q(undefined, 'AbC123'));
  assert.equal(d.outcome, 'logged_out');
  assert.equal(ms.closed, true);
});

test('decide: bad arguments throw TypeError', () => {
  assert.throws(() => a0l.decide(null, ''), TypeError);
  assert.throws(() => a0l.decide(memStore(), 42), TypeError);
});

// ---------------------------------------------------------------------------
// Configs

test('loadConfig: a missing file is a ConfigError (config_io)', () => {
  assert.throws(() => a0l.loadConfig('/nonexistent/auth0logout.json'), (e) => {
    assert.ok(e instanceof a0l.ConfigError);
    assert.ok(e instanceof a0l.Auth0LogoutError);
    assert.equal(e.code, 'config_io');
    assert.match(e.message, /nonexistent/);
    return true;
  });
});

test('loadConfig: a bad entry names the client and the entry', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'a0l-node-'));
  try {
    const file = path.join(dir, 'c.json');
    fs.writeFileSync(file, JSON.stringify({
      clients: [{ client_id: 'A1', allowed_logout_urls: ['https://ok.example.com'] },
                { client_id: 'B2', allowed_logout_urls: ['https://a.com', '*.example.com'] }],
    }));
    assert.throws(() => a0l.loadConfig(file), (e) => {
      assert.equal(e.code, 'entry_no_scheme');
      assert.equal(e.client, 1);
      assert.equal(e.entry, 1);
      assert.match(e.where, /B2/);
      assert.equal(e.file, file);
      return true;
    });
    fs.writeFileSync(file, '{"clients": [');
    assert.throws(() => a0l.loadConfig(file), (e) => e.code === 'config_syntax' && e.line >= 1);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('loadConfigJson with defines and clientIdFrom', () => {
  const cfg = {
    tenant: { allowed_logout_urls: ['https://www.##DOMAIN##'] },
    clients: [{ name: 'Spa1', allowed_logout_urls: ['https://app.##DOMAIN##/bye'] }],
  };
  const ms = a0l.loadConfigJson(cfg, { defines: { DOMAIN: 'example.com' }, clientIdFrom: 'name' });
  assert.equal(ms.size, 1);
  assert.equal(a0l.decide(ms, q(undefined, 'Spa1')).location, 'https://app.example.com/bye');
  assert.equal(a0l.decide(ms, q('https://www.example.com')).outcome, 'redirect');
  ms.close();
  const ms2 = a0l.loadConfigJson(JSON.stringify(cfg),
                                 { defines: ['DOMAIN=example.net'], clientIdFrom: 'name' });
  assert.equal(a0l.decide(ms2, q(undefined, 'Spa1')).location, 'https://app.example.net/bye');
  ms2.close();
  assert.throws(() => a0l.loadConfigJson(cfg, { clientIdFrom: 'name' }),
                { code: 'config_placeholder' });
});

// ---------------------------------------------------------------------------
// Memory

test('FinalizationRegistry frees what was not closed (no crash under gc)', async () => {
  if (typeof global.gc !== 'function') {
    const r = spawnSync(process.execPath, ['--expose-gc', '-e', `
      const a0l = require(${JSON.stringify(path.resolve(__dirname, '..'))});
      for (let i = 0; i < 2000; i++) {
        const ms = new a0l.MemStore().setTenant(['https://a.example.com']);
        a0l.decide(ms, 'returnTo=https%3A%2F%2Fa.example.com');
        new a0l.AllowList(['https://b.example.com']);
      }
      global.gc();
      setTimeout(() => { global.gc(); console.log('done'); }, 50);
    `], { encoding: 'utf8', env: process.env });
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /done/);
  }
});

// ---------------------------------------------------------------------------
// Packaging and documentation

test('npm pack --dry-run lists the package files', { timeout: 60000 }, (t) => {
  const npm = spawnSync('npm', ['--version'], { encoding: 'utf8' });
  if (npm.status !== 0) {
    t.skip('npm is not installed');
    return;
  }
  const r = spawnSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], {
    cwd: path.resolve(__dirname, '..'), encoding: 'utf8', timeout: 60000,
    env: { ...process.env, npm_config_offline: 'true', npm_config_loglevel: 'error' },
  });
  assert.equal(r.status, 0, r.stderr);
  const files = JSON.parse(r.stdout)[0].files.map((x) => x.path).sort();
  for (const want of ['README.md', 'index.d.ts', 'index.js', 'package.json']) {
    assert.ok(files.includes(want), `${want} is packed (${files})`);
  }
  assert.ok(!files.some((x) => x.startsWith('test/') || x.startsWith('node_modules/')),
            `no tests or node_modules in the package (${files})`);
});

/** Runs one ```js example from the repository root and compares what it
 * prints with its "// -> ..." comments. */
function runExample(code) {
  const lines = code.trimEnd().split('\n');
  assert.ok(lines.length <= 12, `the example is short (${lines.length} lines)`);
  const local = code.replace(/require\('auth0logout'\)/g,
                             `require(${JSON.stringify(path.resolve(__dirname, '..'))})`);
  const r = spawnSync(process.execPath, ['-e', local], {
    encoding: 'utf8', cwd: SRCDIR, env: process.env,
  });
  assert.equal(r.status, 0, r.stderr);
  // The expected output is written in the example's comments ("// -> ...").
  const expected = [...code.matchAll(/\/\/ -> (.*)$/gm)].map((x) => x[1].trim());
  assert.ok(expected.length > 0, 'the example says what it prints');
  assert.deepEqual(r.stdout.trim().split('\n').map((s) => s.trim()), expected);
}

const jsBlocks = (text) => [...text.matchAll(/^```js\n([\s\S]*?)^```/gm)].map((m) => m[1]);

test('README examples run', async (t) => {
  const readme = fs.readFileSync(path.join(__dirname, '..', 'README.md'), 'utf8');
  const blocks = jsBlocks(readme);
  assert.ok(blocks.length >= 2, 'README.md has the decide and decideOidc examples');
  assert.ok(blocks.some((b) => b.includes('decideOidc(')), 'one shows decideOidc');
  for (const [i, code] of blocks.entries()) {
    await t.test(`bindings/node/README.md example ${i + 1}`, () => runExample(code));
  }
});

test('the top README\'s Node.js examples run', async (t) => {
  // Its first block is this README's first (tests/docs/readme_bindings.py);
  // any further ones run here.
  const top = fs.readFileSync(path.join(SRCDIR, 'README.md'), 'utf8');
  const at = top.indexOf('\n### Node.js\n');
  assert.ok(at >= 0, 'README.md has a "### Node.js" section');
  const body = top.slice(at + '\n### Node.js\n'.length);
  const next = body.search(/^##+ /m); // the next heading ends the section
  const blocks = jsBlocks(next < 0 ? body : body.slice(0, next));
  assert.ok(blocks.length >= 1, 'the section has a ```js example');
  for (const [i, code] of blocks.entries()) {
    await t.test(`README.md Node.js example ${i + 1}`, () => runExample(code));
  }
});

// ---------------------------------------------------------------------------
// TypeScript declarations (node_binding.sh runs tsc --strict on test/types.ts)

function declaredNames(dts) {
  const decl = (kinds) => [...dts.matchAll(
    new RegExp(`^export (?:declare )?(?:${kinds}) (\\w+)`, 'gm'))].map((m) => m[1]);
  const members = [...dts.matchAll(/^ {2}(?:(?:static|readonly|private) )*(\w+)\??\s*[(:]/gm)]
    .map((m) => m[1]).filter((x) => x !== 'constructor');
  return { values: decl('function|class|const'), types: decl('interface|type'),
           members: [...new Set(members)] };
}

test('index.d.ts declares every export of index.js, and nothing else', () => {
  const dts = fs.readFileSync(path.join(__dirname, '..', 'index.d.ts'), 'utf8');
  const { values } = declaredNames(dts);
  assert.deepEqual(Object.keys(a0l).filter((k) => !k.startsWith('_') && !values.includes(k)),
                   [], 'exports without a declaration');
  assert.deepEqual(values.filter((k) => !(k in a0l)), [], 'declarations of nothing');
});

test('test/types.ts uses every name index.d.ts declares', () => {
  const dts = fs.readFileSync(path.join(__dirname, '..', 'index.d.ts'), 'utf8');
  const ts = fs.readFileSync(path.join(__dirname, 'types.ts'), 'utf8');
  const { values, types, members } = declaredNames(dts);
  assert.ok(values.length >= 14 && types.length >= 5 && members.length >= 30,
            'the declarations were read');
  const unused = [...values, ...types, ...members]
    .filter((x) => !new RegExp(`\\b${x}\\b`).test(ts));
  assert.deepEqual(unused, [], 'declared names test/types.ts does not use');
});
