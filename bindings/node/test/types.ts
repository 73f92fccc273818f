// SPDX-License-Identifier: MIT
// Uses every declaration of ../index.d.ts, so that tsc --strict checks the
// declarations against use (tests/integration/node_binding.sh runs
// tsc --noEmit --strict on this file; it is never executed).  Each
// "@ts-expect-error" line is a misuse the declarations must refuse: tsc
// fails when one of them type-checks (a declaration gone loose, e.g. any).
// test/typescript.test.js checks that every declared name is used here.

import * as a0l from '..';
import type {
  ConfigOptions, Decision, DecideOidcOptions, Entries, Store,
} from '..';

function show(d: Decision): string {
  const outcome: 'redirect' | 'logged_out' | 'error' = d.outcome;
  const status: number = d.status;
  const location: string | null = d.location;
  const list: 'tenant' | 'client' | null = d.list;
  const error: 'invalid_request' | 'server_error' | null = d.error;
  const description: string | null = d.errorDescription;
  const hint: string | null = d.hint;
  const federated: boolean = d.federated;
  const clientId: string | null = d.clientId;
  const matched: string | null = d.matched;
  const code: string = d.code;
  const confirm: boolean = d.confirm;
  const locale: string | null = d.locale;
  const storeError: unknown = d.storeError;
  // @ts-expect-error location may be null
  const notNull: string = d.location;
  // @ts-expect-error outcome is one of three names
  const wrongOutcome: Decision['outcome'] = 'redirected';
  return [outcome, status, location, list, error, description, hint, federated, clientId,
          matched, code, confirm, locale, storeError, notNull, wrongOutcome].join(' ');
}

// Allow-lists and the in-memory store
const entries: Entries = ['https://www.example.com', Buffer.from('https://b.example.com')];
const list = new a0l.AllowList(entries);
const n: number = list.length;
const written: string[] = list.entries();
const listClosed: boolean = list.closed;
list.close();
// @ts-expect-error entries are strings or bytes
new a0l.AllowList([42]);

const ms: a0l.MemStore = new a0l.MemStore()
  .setTenant(entries)
  .addClient('AbC123', ['https://app.example.com/bye'])
  .addClient(Buffer.from('RaW1'), null)
  .setTenant(null);
const size: number = ms.size;
const msClosed: boolean = ms.closed;

// A store of one's own
const store: Store = {
  tenantList: () => ['https://www.example.com'],
  clientList: (id: string, raw: Buffer) => (id === 'AbC123' && raw.length ? list : null),
  onError: (err: unknown) => { console.error(err); },
};
// @ts-expect-error a store has clientList
const halfStore: Store = { tenantList: () => null };

// /v2/logout
show(a0l.decide(ms, 'client_id=AbC123'));
show(a0l.decide(store, Buffer.from('returnTo=https%3A%2F%2Fwww.example.com')));
// @ts-expect-error the query is a string or bytes
a0l.decide(ms, 42);

// Configs
const options: ConfigOptions = {
  defines: { DOMAIN: 'example.com' }, clientIdFrom: 'name', environment: true,
  envPrefix: 'A0L_',
};
const fromFile: a0l.MemStore = a0l.loadConfig('examples/oidc.json', options);
const fromJson: a0l.MemStore = a0l.loadConfigJson({ clients: [] }, { defines: ['K=V'] });
a0l.loadConfigJson('{"clients": []}');
a0l.loadConfigJson(Buffer.from('{}'));
// @ts-expect-error clientIdFrom is "name"
a0l.loadConfig('x.json', { clientIdFrom: 'id' });

// /oidc/logout
const settings: a0l.OidcSettings = a0l.OidcSettings.load('examples/oidc.json', options)
  .setMaxAge(3600);
const empty = a0l.OidcSettings.empty();
const issuer: string | null = settings.issuer;
const settingsClosed: boolean = settings.closed;
const oidcOptions: DecideOidcOptions = { form: true, sessionSid: 'sess-1' };
const d1: Decision = a0l.decideOidc(fromFile, settings, 'id_token_hint=a.b.c', oidcOptions);
const d2: Decision = a0l.decideOidc(store, null, Buffer.from(''), { sessionSid: null });
const d3: Decision = a0l.decideOidc(ms, empty, '/oidc/logout?client_id=AbC123');
a0l.decideOidc(ms, empty, '', { sessionSid: Buffer.from('sess-1') });
const asked: boolean = d1.confirm && d2.confirm && d3.confirm;
// @ts-expect-error settings come from load() or empty()
new a0l.OidcSettings();
// @ts-expect-error options are form and sessionSid
a0l.decideOidc(ms, null, '', { sessionSID: 'x' });
// @ts-expect-error settings are OidcSettings or null
a0l.decideOidc(ms, {}, '');
// @ts-expect-error issuer is read-only
settings.issuer = 'https://evil.example.com/';
settings.close();
empty.close();

// Errors and the rest
try {
  a0l.loadConfig('missing.json');
} catch (e) {
  if (e instanceof a0l.ConfigError) {
    const where: string = `${e.file} ${e.where} ${e.reason}`;
    const at: Array<number | null> = [e.client, e.entry, e.line, e.column];
    console.log(where, at);
  }
  if (e instanceof a0l.Auth0LogoutError) {
    const fault: [number, string, number | null, number | null, string] =
      [e.status, e.code, e.index, e.offset, e.message];
    console.log(fault);
  }
}
const name: string = a0l.statusName(a0l.E_STORE_FAILED) + a0l.statusName(a0l.E_UNKNOWN_CLIENT);
const storeFailed: 52 = a0l.E_STORE_FAILED;
const unknownClient: 50 = a0l.E_UNKNOWN_CLIENT;
const v: string = a0l.version();
const sizes: Record<string, { library: number; binding: number }> = a0l.structSizes();
const same: boolean = sizes.decision.library === sizes.decision.binding;
ms.close();
fromFile.close();
fromJson.close();

console.log(n, written, listClosed, size, msClosed, halfStore, issuer, settingsClosed, asked,
            name, storeFailed, unknownClient, v, same);
