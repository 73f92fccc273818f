// SPDX-License-Identifier: MIT
'use strict';
/*
 * Browser-consistency oracle: every redirect the library decides must send a
 * browser where the matched allow-list entry allows, as the WHATWG URL
 * parser (Node's global URL, the parser browsers implement) reads it.
 *
 *   node oracle.js --cli build/auth0logout --tmp DIR [--count N] [--seed S]
 *
 * Writes the configuration to DIR/config.json, generates N distinct hostile
 * queries (gen.js), decides them with the CLI's batch mode in chunks, and
 * for every `redirect` checks:
 *   - the Location has only bytes 0x21-0x7E (R6.2);
 *   - the decision used the list R2 says (the client's when client_id was
 *     given, else the tenant's) and `matched` is an entry of that list;
 *   - new URL(Location) parses; it has no username or password;
 *   - its protocol and port are those of the matched entry, and its
 *     hostname is the entry's (case-insensitively) -- or, for a wildcard
 *     entry scheme://pre*suf.parent, exactly one label pre[a-z0-9_-]+suf
 *     followed by .parent;
 *   - its pathname is the matched entry's pathname (R4.8 exact paths);
 *   - the host as the library wrote it is the host the browser reads;
 *   - the Location is the decoded returnTo, R4.7-encoded (R3 "302 to
 *     returnTo"), or the first entry when there was no returnTo.
 * Then the same queries through /oidc/logout, with a hostile state, on
 * DIR/oidc.json (see oidcChecks below for what is checked).
 * Prints "ok - ..." / "not ok - ..." lines and "# ..." details; exits 1
 * when a check failed.
 */
const { spawnSync } = require('child_process');
const fs = require('fs');
const path = require('path');
const gen = require('./gen.js');

function usage() {
	process.stderr.write('usage: node oracle.js --cli PATH --tmp DIR [--count N] [--seed S]\n');
	process.exit(2);
}

const opts = { count: 200000, seed: 20261124, chunk: 20000 };
for (let i = 2; i < process.argv.length; i += 2) {
	const k = process.argv[i];
	const v = process.argv[i + 1];
	if (v === undefined)
		usage();
	if (k === '--cli')
		opts.cli = v;
	else if (k === '--tmp')
		opts.tmp = v;
	else if (k === '--count')
		opts.count = parseInt(v, 10);
	else if (k === '--seed')
		opts.seed = parseInt(v, 10);
	else if (k === '--chunk')
		opts.chunk = parseInt(v, 10);
	else
		usage();
}
if (!opts.cli || !opts.tmp || !(opts.count > 0))
	usage();

const started = Date.now();
let failedChecks = 0;
function ok(msg) {
	console.log('ok - ' + msg);
}
function notOk(msg) {
	failedChecks++;
	console.log('not ok - ' + msg);
}
function note(msg) {
	console.log('# ' + msg);
}
/* A latin1 (byte) string shown as JSON, shortened. */
function show(s) {
	if (s === null || s === undefined)
		return String(s);
	const t = s.length > 300 ? s.slice(0, 300) + '...(' + s.length + ' bytes)' : s;
	return JSON.stringify(t).replace(/[\u007f-\uffff]/g, (ch) => {
		const c = ch.charCodeAt(0);
		return c < 0x100 ? '\\x' + c.toString(16).padStart(2, '0') : '\\u' + c.toString(16).padStart(4, '0');
	});
}

/* ---- run the CLI ---------------------------------------------------------- */

const configPath = path.join(opts.tmp, 'config.json');
fs.writeFileSync(configPath, JSON.stringify(gen.config(), null, 2) + '\n');
const oidcConfigPath = path.join(opts.tmp, 'oidc.json');
fs.writeFileSync(oidcConfigPath, JSON.stringify(gen.oidcConfig(), null, 2) + '\n');
const V2_ARGS = ['decide', '--config', configPath];
const OIDC_GET_ARGS = ['decide', '--config', oidcConfigPath, '--endpoint', 'oidc'];
const OIDC_FORM_ARGS = OIDC_GET_ARGS.concat(['--form']);

/* Decides lines (latin1 strings) in one CLI run with args: {out, fail},
 * out the JSON lines answered (all of them unless fail says why the run
 * stopped). */
function runOnce(lines, args) {
	const r = spawnSync(opts.cli, args, {
		input: Buffer.from(lines.join('\n') + '\n', 'latin1'),
		maxBuffer: 1 << 30,
	});
	const out = r.stdout ? r.stdout.toString('utf8').split('\n') : [''];
	out.pop(); /* "" after the last newline, or a cut line */
	let fail = null;
	if (r.error)
		fail = String(r.error);
	else if (r.signal)
		fail = 'signal ' + r.signal;
	else if (r.status !== 0)
		fail = 'exit ' + r.status + ': ' + String(r.stderr).slice(0, 200);
	else if (out.length !== lines.length)
		fail = lines.length + ' lines in, ' + out.length + ' out';
	if (out.length > lines.length)
		out.length = 0;
	return { out, fail };
}

/* Decides lines.  When the CLI dies on a line, what it answered before is
 * kept, the line at fault is found by deciding the next lines one at a
 * time, and the rest is run again.  The first 20 such lines are pinned
 * down; after that, the 64 lines after the last answer count as
 * unanswered and the rest is run again; 30 s after the start, the rest of
 * a failing batch counts as unanswered.  A line without an answer gets
 * {crash}. */
const pinDeadline = started + 30000;
let pinned = 0;
function run(lines, args) {
	const res = [];
	let i = 0;
	while (i < lines.length) {
		const r = runOnce(lines.slice(i), args);
		for (const o of r.out)
			res.push(o);
		i += r.out.length;
		if (!r.fail)
			break;
		if (Date.now() > pinDeadline) {
			for (; i < lines.length; i++)
				res.push({ crash: r.fail + ' (not run again: out of time)' });
			break;
		}
		if (pinned >= 20) {
			/* Skip the window the line at fault is in. */
			for (const end = Math.min(i + 64, lines.length); i < end; i++)
				res.push({ crash: r.fail + ' (somewhere in a window of 64 lines, not pinned down)' });
			continue;
		}
		/* The CLI's output is block-buffered: the line at fault is within
		 * a few dozen of the last answer. */
		let tries = 0;
		for (; i < lines.length && tries < 200; tries++) {
			const one = runOnce([lines[i]], args);
			i++;
			if (one.fail) {
				res.push({ crash: one.fail });
				pinned++;
				break;
			}
			res.push(one.out[0]);
		}
	}
	return res;
}

const cands = gen.generate(opts.count, opts.seed);
const controls = gen.controls();
const all = cands.concat(controls);
const genSeconds = (Date.now() - started) / 1000;
ok('generated ' + cands.length + ' distinct queries from seed ' + opts.seed +
	' (' + opts.count + ' mutated candidates, ' + (cands.length - opts.count) +
	' first-entry queries) and ' + controls.length + ' legitimate controls');

/* Decides lines in chunks: the answers, and the number of CLI runs. */
let chunks = 0;
function decideAll(lines, args) {
	const res = [];
	for (let i = 0; i < lines.length; i += opts.chunk) {
		for (const o of run(lines.slice(i, i + opts.chunk), args))
			res.push(o);
		chunks++;
	}
	return res;
}

const results = decideAll(all.map((c) => c.query), V2_ARGS);

/* ---- the checks ------------------------------------------------------------ */

const LISTS = { tenant: gen.TENANT };
for (const id of Object.keys(gen.CLIENTS))
	LISTS[id] = gen.CLIENTS[id];

/* R4.7 on a byte string: path, query and fragment get space,
 * "<>{}|^` and bytes >= 0x80 percent-encoded (upper-case hex). */
function r47(b) {
	let i = b.indexOf(':') + 1;
	if (b.startsWith('//', i)) {
		i += 2;
		while (i < b.length && b[i] !== '/' && b[i] !== '?' && b[i] !== '#')
			i++;
	}
	let o = b.slice(0, i);
	for (; i < b.length; i++) {
		const c = b.charCodeAt(i);
		if (c === 0x20 || c >= 0x80 || '"<>{}|^`'.indexOf(b[i]) >= 0)
			o += '%' + c.toString(16).toUpperCase().padStart(2, '0');
		else
			o += b[i];
	}
	return o;
}

const PLACEHOLDER = 'wildcardlabelx';
const entryCache = new Map();
/* The matched entry as the browser reads it (the wildcard replaced by a
 * placeholder label), and for wildcards the regular expression the
 * Location's hostname must match. */
function entryInfo(entry) {
	let e = entryCache.get(entry);
	if (e)
		return e;
	e = { entry };
	const wild = entry.indexOf('*') >= 0;
	try {
		e.url = new URL(r47(entry.replace('*', PLACEHOLDER)));
	} catch (err) {
		e.error = 'the entry does not parse as a WHATWG URL';
	}
	if (e.url && wild) {
		const h = e.url.hostname;
		const dot = h.indexOf('.');
		const label = h.slice(0, dot);
		const at = label.indexOf(PLACEHOLDER);
		const esc = (x) => x.replace(/[.*+?^${}()|[\]\\-]/g, '\\$&');
		e.hostRe = new RegExp('^' + esc(label.slice(0, at)) + '[a-z0-9_-]+' +
			esc(label.slice(at + PLACEHOLDER.length)) + '\\.' + esc(h.slice(dot + 1)) + '$');
	}
	entryCache.set(entry, e);
	return e;
}

/* The host as the library wrote it in the Location (its authority without
 * the port), lower-cased for http(s) (R4.5: a custom scheme's authority is
 * opaque and keeps its case); an IPv6 literal in its canonical form. */
function writtenHost(loc, special) {
	const p = gen.split(loc);
	const h = p.slashes ? (special ? p.host.toLowerCase() : p.host) : '';
	/* An IPv6 literal may be written in more than one way. */
	if (h.startsWith('[')) {
		try {
			return new URL('http://' + h + '/').hostname;
		} catch (err) {
			return h;
		}
	}
	return h;
}

const VIOLATION_KINDS = {};
/* The checks of a redirect; lists are the lists by name (LISTS for
 * /v2/logout), expected the Location the request must give (computed by
 * the caller when given). */
function check(c, d, lists, expected, kinds) {
	lists = lists || LISTS;
	kinds = kinds || VIOLATION_KINDS;
	const problems = [];
	const loc = d.location;
	const add = (kind, text) => {
		problems.push(kind + ': ' + text);
		kinds[kind] = (kinds[kind] || 0) + 1;
	};
	if (typeof loc !== 'string' || loc.length === 0) {
		add('no-location', 'a redirect without a Location');
		return problems;
	}
	for (let i = 0; i < loc.length; i++) {
		const ch = loc.charCodeAt(i);
		if (ch < 0x21 || ch >= 0x7f) {
			add('unsafe-byte', 'U+' + ch.toString(16).padStart(4, '0') + ' at ' + i);
			break;
		}
	}
	const listName = c.client ? c.client : 'tenant';
	const want = c.client ? 'client' : 'tenant';
	if (d.list !== want)
		add('wrong-list', 'decided on the ' + d.list + ' list, R2 says the ' + want + "'s");
	if (!lists[listName] || lists[listName].indexOf(d.matched) < 0)
		add('matched-not-on-list', show(d.matched) + ' is not an entry of ' + listName);
	if (typeof d.matched !== 'string')
		return problems;

	let L;
	try {
		L = new URL(loc);
	} catch (err) {
		add('unparseable', 'new URL(Location) throws');
		return problems;
	}
	if (L.username !== '' || L.password !== '')
		add('credentials', 'username ' + show(L.username) + ', password ' + show(L.password));
	const E = entryInfo(d.matched);
	if (E.error) {
		add('entry-unparseable', E.error);
		return problems;
	}
	if (L.protocol !== E.url.protocol)
		add('protocol', L.protocol + ' vs the entry\'s ' + E.url.protocol);
	if (L.port !== E.url.port)
		add('port', show(L.port) + ' vs the entry\'s ' + show(E.url.port));
	/* R4.5: http(s) hosts compare without regard to case; a custom
	 * scheme's authority exactly, as browsers and app routers read it. */
	const special = L.protocol === 'http:' || L.protocol === 'https:';
	const lh = special ? L.hostname.toLowerCase() : L.hostname;
	if (E.hostRe) {
		if (!E.hostRe.test(lh))
			add('host', show(L.hostname) + ' is not one label under the wildcard entry');
	} else if (lh !== (special ? E.url.hostname.toLowerCase() : E.url.hostname)) {
		add('host', show(L.hostname) + ' vs the entry\'s ' + show(E.url.hostname));
	}
	if (L.pathname !== E.url.pathname)
		add('path', show(L.pathname) + ' vs the entry\'s ' + show(E.url.pathname));
	const wh = writtenHost(loc, special);
	if (wh !== lh)
		add('host-reading', 'the library wrote host ' + show(wh) + ', the browser reads ' + show(lh));
	const list = lists[listName] || [];
	if (expected === undefined)
		expected = c.decoded !== null ? r47(c.decoded) : list.length ? r47(list[0]) : null;
	if (loc !== expected)
		add('location', 'expected ' + show(expected));
	return problems;
}

const stats = {};
function stat(family) {
	if (!stats[family])
		stats[family] = { n: 0, redirect: 0, logged_out: 0, error: 0, crash: 0 };
	return stats[family];
}

let redirects = 0;
let candRedirects = 0;
let violations = 0;
const shown = [];
const crashes = [];
const badControls = [];
let mutated = 0;
for (let i = 0; i < all.length; i++) {
	const c = all[i];
	const s = stat(c.family);
	s.n++;
	const mutation = c.family !== 'must-redirect' && c.family !== 'first-entry';
	if (mutation)
		mutated++;
	const raw = results[i];
	if (typeof raw !== 'string') {
		s.crash++;
		crashes.push({ c, why: raw.crash });
		continue;
	}
	let d;
	try {
		d = JSON.parse(raw);
	} catch (err) {
		s.crash++;
		crashes.push({ c, why: 'not JSON: ' + raw.slice(0, 200) });
		continue;
	}
	if (s[d.outcome] === undefined) {
		s.crash++;
		crashes.push({ c, why: 'outcome ' + d.outcome });
		continue;
	}
	s[d.outcome]++;
	if (c.family === 'must-redirect' && d.outcome !== 'redirect')
		badControls.push({ c, d });
	if (d.outcome !== 'redirect')
		continue;
	redirects++;
	if (mutation)
		candRedirects++;
	const problems = check(c, d);
	if (problems.length) {
		violations++;
		if (shown.length < 20)
			shown.push({ c, d, problems });
	}
}

const v2Chunks = chunks;
if (crashes.length === 0) {
	ok('the CLI answered every query with one JSON decision (' + all.length +
		' queries in ' + v2Chunks + ' batch runs)');
} else {
	notOk('the CLI answered every query with one JSON decision: ' + crashes.length + ' did not');
	for (const x of crashes.slice(0, 20))
		note('  ' + x.why + ': query ' + show(x.c.query));
}

if (badControls.length === 0) {
	ok('every legitimate control redirects (' + controls.length + ')');
} else {
	notOk('every legitimate control redirects: ' + badControls.length + ' of ' + controls.length + ' did not');
	for (const x of badControls.slice(0, 20))
		note('  query ' + show(x.c.query) + ': ' + x.d.outcome + ' ' + (x.d.error_description || ''));
}

for (const f of Object.keys(stats)) {
	const s = stats[f];
	note(f + ': ' + s.n + ' queries, ' + s.redirect + ' redirect, ' + s.logged_out +
		' logged_out, ' + s.error + ' error' + (s.crash ? ', ' + s.crash + ' no answer' : ''));
}
const lazy = gen.FAMILY_NAMES.filter((f) => !stats[f] || stats[f].n === 0);
if (lazy.length === 0)
	ok('every mutation family produced candidates (' + gen.FAMILY_NAMES.length + ' families)');
else
	notOk('every mutation family produced candidates: none from ' + lazy.join(', '));

const summary = mutated + ' candidates, ' + candRedirects + ' redirects, ' + violations +
	' violations (with the first-entry queries and controls: ' + all.length + ' decisions, ' + redirects + ' redirects checked)';
if (violations === 0) {
	ok(summary);
} else {
	notOk(summary);
	note('violations by kind: ' + JSON.stringify(VIOLATION_KINDS));
	for (const v of shown) {
		note('  query    ' + show(v.c.query) + ' (' + v.c.family + ')');
		note('  location ' + show(v.d.location));
		note('  entry    ' + show(v.d.matched) + ' (' + v.d.list + ' list)');
		for (const p of v.problems)
			note('    ' + p);
	}
}
/* ---- /oidc/logout (R8) ------------------------------------------------------ */
/*
 * Every query above again through /oidc/logout (the CLI with --endpoint
 * oidc, on gen.oidcConfig(): the same lists plus entries with a query at
 * their end), with returnTo as post_logout_redirect_uri and a hostile state
 * (gen.STATES) added, as a GET line and as a POST form body; plus
 * mutations of URIs with a query that those entries allow, and their
 * controls.  For every redirect:
 *   - the checks above, on the oidc lists, with the Location the URI
 *     R4.7-encoded then '?' or '&' and "state=" and the state, every byte
 *     but ALPHA DIGIT - . _ ~ as %XX (R8.6), or the client's first entry
 *     without a state when there is no URI;
 *   - no '#' in the Location or the URI, and WHATWG reads no fragment;
 *   - the URI's query is the matched entry's, byte for byte (R8.4);
 *   - URLSearchParams of the Location: the entry's parameters, then
 *     exactly one more "state" whose value is the state sent (and the raw
 *     bytes of that parameter decode to the state's bytes);
 *   - for a URI without query and fragment, the Location is the
 *     /v2/logout one plus the state part, and the entry the same.
 * And for every decision: a state with a control byte or over 2 KiB, a
 * smuggled second post_logout_redirect_uri or state, and a query over
 * 16 KiB are refused; a URI with a '#' is never a redirect; a URI without
 * query and fragment is accepted exactly when /v2/logout accepts it; the
 * POST form decides as the GET query.
 */
function oidcChecks() {
	const t0 = Date.now();
	const OLISTS = { tenant: gen.OIDC_TENANT };
	for (const id of Object.keys(gen.OIDC_CLIENTS))
		OLISTS[id] = gen.OIDC_CLIENTS[id];
	const r = gen.prng((opts.seed ^ 0x0d1c0d1c) >>> 0);
	const extraCount = Math.max(1, Math.floor(opts.count / 10));
	const extra = gen.generate(extraCount, (opts.seed + 8) >>> 0, gen.OIDC_BASES)
		.map((c) => Object.assign(c, { family: 'oidc-' + c.family }));
	const oControls = gen.oidcControls().map((c) => Object.assign(c, { family: 'oidc-must-redirect' }));
	/* cases: {c, v, v2}: the candidate, its oidc form, its /v2/logout
	 * answer (undefined for the oidc-only ones). */
	const cases = [];
	for (let i = 0; i < all.length; i++)
		cases.push({ c: all[i], v: gen.oidcVariant(r, all[i]), v2: results[i] });
	for (const c of extra.concat(oControls))
		cases.push({ c, v: gen.oidcVariant(r, c), v2: undefined });
	const before = chunks;
	const gets = decideAll(cases.map((k) => k.v.get), OIDC_GET_ARGS);
	const forms = decideAll(cases.map((k) => k.v.form), OIDC_FORM_ARGS);
	ok('/oidc/logout: generated ' + cases.length + ' requests (' + all.length + ' as above, ' + extra.length +
		' mutated URIs with a query, ' + oControls.length + ' controls with a query), each with one of ' +
		gen.STATES.length + ' hostile states, decided as GET and as POST form in ' + (chunks - before) + ' batch runs');

	const parse = (raw) => {
		if (typeof raw !== 'string')
			return { crash: raw.crash };
		try {
			return JSON.parse(raw);
		} catch (err) {
			return { crash: 'not JSON: ' + raw.slice(0, 200) };
		}
	};
	const kinds = {};
	const shown = [];
	const crashes = [];
	const badControls = [];
	const formDiffs = [];
	const n = { redirect: 0, logged_out: 0, error: 0, withState: 0, refusedStates: 0, smuggled: 0,
		fragments: 0, eligible: 0, sameAsV2: 0, v2Redirects: 0, queryRedirects: 0, controls: 0 };
	let violations = 0;
	for (let i = 0; i < cases.length; i++) {
		const { c, v } = cases[i];
		const d = parse(gets[i]);
		const f = parse(forms[i]);
		if (d.crash || f.crash || !(d.outcome in n)) {
			crashes.push({ q: d.crash || !(d.outcome in n) ? v.get : v.form, why: d.crash || f.crash || 'outcome ' + d.outcome });
			continue;
		}
		n[d.outcome]++;
		const problems = [];
		const add = (kind, text) => {
			problems.push(kind + ': ' + text);
			kinds[kind] = (kinds[kind] || 0) + 1;
		};
		/* The POST form is the same request. */
		if (f.outcome !== d.outcome || f.location !== d.location || f.matched !== d.matched ||
			f.list !== d.list || f.status !== d.status || f.error !== d.error) {
			if (formDiffs.length < 10)
				formDiffs.push({ v, d, f });
			add('form-differs', 'the POST form gave ' + f.outcome + ' ' + show(f.location || f.error_description));
		}
		const uri = c.decoded !== null && c.decoded !== '' ? c.decoded : null;
		const state = v.state !== null && v.state !== '' ? v.state : null;
		const refusedState = gen.stateRefused(v.state);
		const tooLong = v.queryLen > 16384;
		if (refusedState) {
			n.refusedStates++;
			if (d.outcome !== 'error')
				add('state-not-refused', 'R8.1: a state with a control byte or over 2 KiB gave ' + d.outcome);
		}
		if (v.smuggled) {
			n.smuggled++;
			if (d.outcome !== 'error')
				add('smuggled-not-refused', 'R8.1: a second post_logout_redirect_uri or state gave ' + d.outcome);
		}
		if (tooLong && d.outcome !== 'error')
			add('too-long', 'R1.8: a query of ' + v.queryLen + ' bytes gave ' + d.outcome);
		if (uri !== null && uri.indexOf('#') >= 0) {
			n.fragments++;
			if (d.outcome === 'redirect')
				add('fragment-redirect', 'R8.4: a URI with a fragment was redirected to');
		}
		const plain = uri === null || (uri.indexOf('?') < 0 && uri.indexOf('#') < 0);
		const v2 = cases[i].v2 === undefined ? null : parse(cases[i].v2);
		if (v2 && !v2.crash && plain && !refusedState && !v.smuggled && !tooLong) {
			n.eligible++;
			if (v2.outcome === d.outcome)
				n.sameAsV2++;
			else
				add('accept-differs', '/v2/logout says ' + v2.outcome + ' ' + show(v2.location || v2.error_description) +
					', /oidc/logout ' + d.outcome + ' ' + show(d.location || d.error_description));
		}
		const mustRedirect = (c.family === 'must-redirect' && plain) || c.family === 'oidc-must-redirect';
		if (mustRedirect && !refusedState && !v.smuggled) {
			n.controls++;
			if (d.outcome !== 'redirect')
				badControls.push({ v, d });
		}
		if (d.outcome === 'redirect') {
			const listName = c.client ? c.client : 'tenant';
			const list = OLISTS[listName] || [];
			const u47 = uri !== null ? r47(uri) : null;
			const tail = uri !== null && state !== null ? (u47.indexOf('?') >= 0 ? '&' : '?') + 'state=' + gen.stateEnc(state) : '';
			const expected = uri !== null ? u47 + tail : list.length ? r47(list[0]) : null;
			for (const p of check(c, d, OLISTS, expected, kinds))
				problems.push(p);
			if (state !== null && uri !== null)
				n.withState++;
			checkOidcRedirect(c, d, uri, u47, state, add);
			if (uri !== null && uri.indexOf('?') >= 0)
				n.queryRedirects++;
			/* The /v2/logout Location plus the state. */
			if (v2 && !v2.crash && plain && v2.outcome === 'redirect') {
				n.v2Redirects++;
				if (d.location !== v2.location + tail)
					add('not-v2-plus-state', 'the /v2/logout Location is ' + show(v2.location));
				if (d.matched !== v2.matched)
					add('not-v2-entry', '/v2/logout matched ' + show(v2.matched));
			}
		}
		if (problems.length) {
			violations++;
			if (shown.length < 20)
				shown.push({ v, d, problems });
		}
	}

	if (crashes.length === 0) {
		ok('/oidc/logout: the CLI answered every GET query and POST form with one JSON decision (' + 2 * cases.length + ')');
	} else {
		notOk('/oidc/logout: the CLI answered every GET query and POST form with one JSON decision: ' + crashes.length + ' did not');
		for (const x of crashes.slice(0, 20))
			note('  ' + x.why + ': ' + show(x.q));
	}
	if (badControls.length === 0) {
		ok('/oidc/logout: every legitimate control (without fragment; URIs with a query on an entry with that query) redirects (' + n.controls + ')');
	} else {
		notOk('/oidc/logout: every legitimate control redirects: ' + badControls.length + ' of ' + n.controls + ' did not');
		for (const x of badControls.slice(0, 20))
			note('  ' + show(x.v.get) + ': ' + x.d.outcome + ' ' + (x.d.error_description || ''));
	}
	note('/oidc/logout GET: ' + cases.length + ' decisions, ' + n.redirect + ' redirect, ' + n.logged_out + ' logged_out, ' +
		n.error + ' error; ' + n.withState + ' redirects carry a state, ' + n.queryRedirects + ' go to a URI with a query');
	const line = (ok_, msg) => (ok_ ? ok(msg) : notOk(msg));
	line(!kinds['state-not-refused'] && !kinds['smuggled-not-refused'] && !kinds['too-long'],
		'/oidc/logout: every state with a control byte or over 2 KiB (' + n.refusedStates + ') and every smuggled second ' +
		'post_logout_redirect_uri or state (' + n.smuggled + ') is refused');
	line(!kinds['fragment-redirect'], '/oidc/logout: no redirect for a URI with a fragment (' + n.fragments + ')');
	line(!kinds['accept-differs'] && !kinds['not-v2-plus-state'] && !kinds['not-v2-entry'],
		'/oidc/logout: ' + n.sameAsV2 + ' of ' + n.eligible + ' requests without query or fragment decided as /v2/logout' +
		' decides them; ' + n.v2Redirects + ' redirects are the /v2/logout Location plus the state');
	line(!kinds['form-differs'], '/oidc/logout: the POST form decides as the GET query (' + cases.length + ')');
	for (const x of formDiffs)
		note('  ' + show(x.v.get) + ': GET ' + x.d.outcome + ' ' + show(x.d.location || x.d.error_description) +
			', form ' + x.f.outcome + ' ' + show(x.f.location || x.f.error_description));
	const summary = '/oidc/logout: ' + cases.length + ' requests, ' + n.redirect + ' redirects, ' + violations + ' violations';
	if (violations === 0) {
		ok(summary);
	} else {
		notOk(summary);
		note('violations by kind: ' + JSON.stringify(kinds));
		for (const x of shown) {
			note('  query    ' + show(x.v.get));
			note('  location ' + show(x.d.location));
			note('  entry    ' + show(x.d.matched) + ' (' + x.d.list + ' list)');
			for (const p of x.problems)
				note('    ' + p);
		}
	}
	note('/oidc/logout: ' + ((Date.now() - t0) / 1000).toFixed(1) + ' s');
}

/* A latin1 string of bytes: whether it is valid UTF-8. */
function validUtf8(s) {
	const b = Buffer.from(s, 'latin1');
	return Buffer.from(b.toString('utf8'), 'utf8').equals(b);
}

/* The bytes %XX-decoded (a latin1 string). */
function pctDecode(s) {
	return s.replace(/%([0-9A-Fa-f]{2})/g, (m, h) => String.fromCharCode(parseInt(h, 16)));
}

/* The query of a URL string after its first '?', up to a '#' (null: no '?'). */
function rawQuery(u) {
	const h = u.indexOf('#');
	const s = h >= 0 ? u.slice(0, h) : u;
	const q = s.indexOf('?');
	return q < 0 ? null : s.slice(q + 1);
}

/* R8.4 and R8.6 on one redirect, as WHATWG reads it. */
function checkOidcRedirect(c, d, uri, u47, state, add) {
	const loc = d.location;
	if (typeof loc !== 'string' || typeof d.matched !== 'string')
		return;
	if (loc.indexOf('#') >= 0)
		add('fragment', 'a \'#\' in the Location');
	if (uri !== null && uri.indexOf('#') >= 0)
		add('fragment', 'the URI has a \'#\'');
	let L;
	try {
		L = new URL(loc);
	} catch (err) {
		return; /* reported by check() */
	}
	if (L.hash !== '')
		add('fragment', 'WHATWG reads the fragment ' + show(L.hash));
	/* R8.4: the URI's query is the entry's (its fragment ignored). */
	const entry47 = r47(d.matched);
	if (uri !== null && rawQuery(u47) !== rawQuery(entry47))
		add('query-not-entry', 'the URI\'s query ' + show(rawQuery(u47)) + ', the entry\'s ' + show(rawQuery(entry47)));
	const E = entryInfo(d.matched);
	if (E.error)
		return;
	const pairs = [...new URLSearchParams(L.search)];
	const want = [...new URLSearchParams(E.url.search)];
	const sent = state !== null && uri !== null;
	if (sent) {
		const last = pairs.pop();
		if (!last || last[0] !== 'state') {
			add('state-param', 'the last parameter is not the state: ' + show(L.search));
		} else if (validUtf8(state) && last[1] !== Buffer.from(state, 'latin1').toString('utf8')) {
			add('state-value', 'URLSearchParams reads the state as ' + show(last[1]));
		}
		/* The raw bytes of the last parameter. */
		const q = rawQuery(loc) || '';
		const raw = q.slice(q.lastIndexOf('&') + 1);
		if (!raw.startsWith('state=') || pctDecode(raw.slice(6)) !== state)
			add('state-bytes', 'the last parameter ' + show(raw) + ' does not decode to the state');
	}
	if (JSON.stringify(pairs) !== JSON.stringify(want))
		add('query-params', 'the parameters ' + show(JSON.stringify(pairs)) + ' are not the entry\'s ' + show(JSON.stringify(want)) +
			(sent ? ' plus the state' : ''));
	const states = new URLSearchParams(L.search).getAll('state').length;
	const wantStates = new URLSearchParams(E.url.search).getAll('state').length + (sent ? 1 : 0);
	if (states !== wantStates)
		add('state-count', states + ' state parameters, want ' + wantStates);
}

oidcChecks();
note('generation ' + genSeconds.toFixed(1) + ' s, total ' + ((Date.now() - started) / 1000).toFixed(1) + ' s');
process.exit(failedChecks ? 1 : 0);
