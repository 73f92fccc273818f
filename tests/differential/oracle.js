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

/* Decides lines (latin1 strings) in one CLI run: {out, fail}, out the JSON
 * lines answered (all of them unless fail says why the run stopped). */
function runOnce(lines) {
	const r = spawnSync(opts.cli, ['decide', '--config', configPath], {
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
function run(lines) {
	const res = [];
	let i = 0;
	while (i < lines.length) {
		const r = runOnce(lines.slice(i));
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
			const one = runOnce([lines[i]]);
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

const results = [];
let chunks = 0;
for (let i = 0; i < all.length; i += opts.chunk) {
	const part = all.slice(i, i + opts.chunk);
	for (const o of run(part.map((c) => c.query)))
		results.push(o);
	chunks++;
}

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
function check(c, d) {
	const problems = [];
	const loc = d.location;
	const add = (kind, text) => {
		problems.push(kind + ': ' + text);
		VIOLATION_KINDS[kind] = (VIOLATION_KINDS[kind] || 0) + 1;
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
	if (!LISTS[listName] || LISTS[listName].indexOf(d.matched) < 0)
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
	const list = LISTS[listName] || [];
	const expected = c.decoded !== null ? r47(c.decoded) : list.length ? r47(list[0]) : null;
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

if (crashes.length === 0) {
	ok('the CLI answered every query with one JSON decision (' + all.length +
		' queries in ' + chunks + ' batch runs)');
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
note('generation ' + genSeconds.toFixed(1) + ' s, total ' + ((Date.now() - started) / 1000).toFixed(1) + ' s');
process.exit(failedChecks ? 1 : 0);
