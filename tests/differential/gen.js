// SPDX-License-Identifier: MIT
'use strict';
/*
 * Deterministic generator of hostile returnTo candidates for the
 * browser-consistency oracle (tests/differential/oracle.js, run by
 * tests/integration/whatwg.sh).
 *
 * Every candidate starts from a URL that the configuration below allows
 * (a "base") and is mutated by one or more bypass families: userinfo,
 * backslashes, encoded separators, control bytes, spaces, slash prefixes,
 * scheme tricks, non-ASCII look-alikes, Punycode, IP address forms, ports,
 * wildcard abuse, double encoding, very long input, path and query tricks,
 * random noise, and legitimate look-alikes.  The candidate is then put into
 * a logout query in one of several encodings and request forms.
 *
 * The pseudo-random generator is seeded, and nothing here depends on the
 * clock, the environment or the Node.js version (Punycode is encoded by the
 * small RFC 3492 encoder below), so a seed always yields the same queries.
 */

/* ---- the configuration under test ---------------------------------------- */

const TENANT = [
	'https://www.example.com',
	'https://www.example.com/logged-out',
	'https://*.example.com',
	'http://localhost:3000',
	'https://pr-*-preview.example.net',
	'http://127.0.0.1:8080/cb',
	'http://[::1]:3000/cb',
	'myapp://callback',
	'https://xn--bcher-kva.example/',
	'https://shop.example.org:8443/checkout/done',
];

const CLIENTS = {
	'spa-client': [
		'https://app.example.com/bye',
		'https://app.example.com:8443/bye',
		'https://*.example.com/',
		'http://app.example.com',
	],
	'native-client': [
		'com.example.app://logout',
		'myapp://callback/done',
		'com.example.app:/oauth/logout',
	],
	'preview-client': [
		'https://pr-*-preview.example.net/',
		'https://*-stage.example.io:8443/after',
	],
	'ip-client': [
		'http://10.1.2.3:8080/',
		'http://[::1]:8443',
		'https://192.168.0.10/logout',
	],
	'encoded-client': [
		'https://www.example.com/a%20b/c%2Fd',
		'https://www.example.com/caf%C3%A9',
	],
	'empty-client': [],
};

function config() {
	return {
		tenant: { friendly_name: 'differential', allowed_logout_urls: TENANT },
		clients: Object.keys(CLIENTS).map((id) => ({
			client_id: id,
			name: id,
			allowed_logout_urls: CLIENTS[id],
		})),
	};
}

/* Concrete URLs that the list of `client` (null: the tenant's) allows. */
const BASES = [
	['https://www.example.com', null],
	['https://www.example.com/logged-out', null],
	['https://foo.example.com', null],
	['https://a-b_c.example.com', null],
	['http://localhost:3000', null],
	['https://pr-123-preview.example.net', null],
	['http://127.0.0.1:8080/cb', null],
	['http://[::1]:3000/cb', null],
	['myapp://callback', null],
	['https://xn--bcher-kva.example/', null],
	['https://shop.example.org:8443/checkout/done', null],
	['https://app.example.com/bye', 'spa-client'],
	['https://app.example.com:8443/bye', 'spa-client'],
	['https://x.example.com/', 'spa-client'],
	['http://app.example.com', 'spa-client'],
	['com.example.app://logout', 'native-client'],
	['myapp://callback/done', 'native-client'],
	['com.example.app:/oauth/logout', 'native-client'],
	['https://pr-7-preview.example.net/', 'preview-client'],
	['https://qa-stage.example.io:8443/after', 'preview-client'],
	['http://10.1.2.3:8080/', 'ip-client'],
	['http://[::1]:8443', 'ip-client'],
	['https://192.168.0.10/logout', 'ip-client'],
	['https://www.example.com/a%20b/c%2Fd', 'encoded-client'],
	['https://www.example.com/caf%C3%A9', 'encoded-client'],
].map(([u, client]) => ({ url: u, client }));

const CLIENT_CHOICES = [null, 'spa-client', 'native-client', 'preview-client',
	'ip-client', 'encoded-client', 'empty-client', 'unknown-client'];

/* ---- a seeded PRNG (mulberry32) ------------------------------------------- */

function prng(seed) {
	let a = seed >>> 0;
	const next = () => {
		a = (a + 0x6d2b79f5) >>> 0;
		let t = a;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
	const r = {
		next,
		int: (n) => Math.floor(next() * n),
		pick: (arr) => arr[Math.floor(next() * arr.length)],
		chance: (p) => next() < p,
	};
	return r;
}

/* ---- Punycode (RFC 3492), for building xn-- labels ----------------------- */

function adapt(delta, numPoints, first) {
	delta = first ? Math.floor(delta / 700) : delta >> 1;
	delta += Math.floor(delta / numPoints);
	let k = 0;
	while (delta > 455) {
		delta = Math.floor(delta / 35);
		k += 36;
	}
	return k + Math.floor((36 * delta) / (delta + 38));
}

function digit(d) {
	return String.fromCharCode(d < 26 ? 0x61 + d : 0x30 + d - 26);
}

/* The Punycode of an array of code points (without "xn--"). */
function punycode(cps) {
	let n = 128;
	let delta = 0;
	let bias = 72;
	const out = [];
	for (const c of cps)
		if (c < 0x80)
			out.push(String.fromCharCode(c));
	const b = out.length;
	let h = b;
	if (b > 0)
		out.push('-');
	while (h < cps.length) {
		let m = Infinity;
		for (const c of cps)
			if (c >= n && c < m)
				m = c;
		delta += (m - n) * (h + 1);
		n = m;
		for (const c of cps) {
			if (c < n)
				delta++;
			if (c === n) {
				let q = delta;
				for (let k = 36; ; k += 36) {
					const t = k <= bias ? 1 : k >= bias + 26 ? 26 : k - bias;
					if (q < t)
						break;
					out.push(digit(t + ((q - t) % (36 - t))));
					q = Math.floor((q - t) / (36 - t));
				}
				out.push(digit(q));
				bias = adapt(delta, h + 1, h === b);
				delta = 0;
				h++;
			}
		}
		delta++;
		n++;
	}
	return out.join('');
}

/* ---- helpers ---------------------------------------------------------------- */

const EVIL = ['evil.com', 'attacker.example', 'evil.example.org', '1.2.3.4',
	'example.com.evil.com', 'evil.com.', 'xn--evil-6qa.com'];

/* Splits a URL into scheme, "//", host, port, path and the rest (query
 * and fragment), loosely: anything goes where a part is expected. */
function split(u) {
	const p = { scheme: '', slashes: '', host: '', port: null, path: '', rest: '' };
	const colon = u.indexOf(':');
	if (colon < 1 || !/^[A-Za-z][A-Za-z0-9+.-]*$/.test(u.slice(0, colon))) {
		p.path = u;
		return p;
	}
	p.scheme = u.slice(0, colon);
	let i = colon + 1;
	let end = u.length;
	for (let k = i; k < u.length; k++) {
		if (u[k] === '?' || u[k] === '#') {
			end = k;
			break;
		}
	}
	p.rest = u.slice(end);
	if (u.startsWith('//', i)) {
		p.slashes = '//';
		i += 2;
		let a = i;
		while (a < end && u[a] !== '/')
			a++;
		let auth = u.slice(i, a);
		p.path = u.slice(a, end);
		const close = auth.startsWith('[') ? auth.indexOf(']') : -1;
		const c = auth.indexOf(':', close + 1);
		if (c >= 0 && /^[0-9]*$/.test(auth.slice(c + 1))) {
			p.port = auth.slice(c + 1);
			auth = auth.slice(0, c);
		}
		p.host = auth;
	} else {
		p.path = u.slice(i, end);
	}
	return p;
}

function join(p) {
	return p.scheme + ':' + p.slashes + (p.userinfo || '') + p.host +
		(p.port === null ? '' : ':' + p.port) + p.path + p.rest;
}

/* A position in s that does not split a surrogate pair. */
function pos(r, s) {
	let i = r.int(s.length + 1);
	if (i > 0 && i < s.length) {
		const c = s.charCodeAt(i);
		if (c >= 0xdc00 && c <= 0xdfff)
			i--;
	}
	return i;
}

function insert(r, s, t) {
	const i = pos(r, s);
	return s.slice(0, i) + t + s.slice(i);
}

function caseMix(r, s) {
	let o = '';
	for (const ch of s)
		o += r.chance(0.4) ? (ch === ch.toLowerCase() ? ch.toUpperCase() : ch.toLowerCase()) : ch;
	return o;
}

/* ---- IDN labels --------------------------------------------------------- */

const CP_RANGES = [
	[0xe0, 0xf6], [0xf8, 0xff], [0x3b1, 0x3c9], [0x430, 0x44f],
	[0x4e00, 0x4fff], [0x3041, 0x3096], [0xac00, 0xad00], [0x5d0, 0x5ea],
	[0x628, 0x64a], [0x905, 0x939], [0xe01, 0xe2e],
];
/* Code points that UTS #46 maps, disallows or restricts in an A-label. */
const CP_RISKY = [0xdf, 0x3c2, 0x200c, 0x200d, 0xc0, 0xc9, 0xdc, 0x2488,
	0xff21, 0xad, 0x301, 0x2024, 0x3002, 0xff0e, 0x1f600, 0x2115, 0x212a,
	0x130, 0x131, 0x17f, 0x660, 0x6f0, 0x30fb, 0x5f3, 0x375, 0xb7, 0x640,
	0x2d, 0x5f, 0x2e, 0x41, 0x5a];

function idnLabel(r) {
	const m = r.int(10);
	if (m < 6) {
		/* Probably valid: one script, a few letters, maybe some ASCII. */
		const range = r.pick(CP_RANGES);
		const cps = [];
		const n = 1 + r.int(6);
		for (let k = 0; k < n; k++)
			cps.push(r.chance(0.2) && range[0] < 0x370 ? 0x61 + r.int(26)
				: range[0] + r.int(range[1] - range[0] + 1));
		return 'xn--' + punycode(cps);
	}
	if (m < 8) {
		/* Mixed with code points browsers refuse or map. */
		const cps = [];
		const n = 1 + r.int(5);
		for (let k = 0; k < n; k++) {
			if (r.chance(0.5)) {
				cps.push(r.pick(CP_RISKY));
			} else {
				const range = r.pick(CP_RANGES);
				cps.push(range[0] + r.int(range[1] - range[0] + 1));
			}
		}
		return r.pick(['xn--', 'XN--', 'Xn--']) + punycode(cps);
	}
	/* Random text after xn--. */
	let t = r.pick(['xn--', 'xn--', 'XN--', 'xn---']);
	const n = r.int(12);
	for (let k = 0; k < n; k++)
		t += r.pick('abcdefghijklmnopqrstuvwxyz0123456789-'.split(''));
	return t;
}

/* ---- the families ------------------------------------------------------ */
/* Each takes (r, base) and returns a returnTo candidate: a string, or
 * {bytes: string} whose char codes (0-255) are raw bytes. */

const FAMILIES = {};

FAMILIES.userinfo = (r, b) => {
	const p = split(b.url);
	const e = r.pick(EVIL);
	switch (r.int(14)) {
	case 0: p.userinfo = r.pick(['user@', 'user:pass@', ':@', '@', 'a:@', ':b@']); break;
	case 1: p.userinfo = e + '@'; break;
	case 2: p.host = p.host + '@' + e; break;
	case 3: p.host = p.host + (p.port ? ':' + p.port : '') + '@' + e; p.port = null; break;
	case 4: p.host = p.host + r.pick(['%40', '%2540', '%40%40', '\uff20', '@@', '\\@', '%5c@', ';@', '&@']) + e; break;
	case 5: p.userinfo = p.host + (p.port ? ':' + p.port : '') + '@'; p.host = e; p.port = null; break;
	case 6: p.userinfo = p.host + r.pick(['%2f', '%23', '%3f', '#', '?', '/']) + '@'; p.host = e; break;
	case 7: p.path = '@' + e + p.path; break;
	case 8: p.rest = r.pick(['#@', '?@', '?x=@', '#x@']) + e; break;
	case 9: p.userinfo = encodeURIComponent(r.pick(['user@', 'a:b@', e + '@'])); break;
	case 10: p.userinfo = r.pick(['https://', 'http:', '//']) + e + '@'; break;
	case 11: p.host = e + '\\@' + p.host; break;
	case 12: p.userinfo = caseMix(r, p.host) + ':' + r.int(65536) + '@'; break;
	default: p.host = p.host + ':' + (p.port || '443') + '@' + e + ':' + (p.port || '443'); p.port = null; break;
	}
	return join(p);
};

FAMILIES.backslash = (r, b) => {
	const p = split(b.url);
	const e = r.pick(EVIL);
	switch (r.int(8)) {
	case 0: p.slashes = r.pick(['\\\\', '/\\', '\\/', '\\', '\\\\\\']); break;
	case 1: return p.scheme + ':' + r.pick(['\\\\', '/\\', '\\/']) + e + '/' + p.host;
	case 2: p.host = p.host + '\\' + e; break;
	case 3: p.host = e + '\\' + p.host; break;
	case 4: p.path = r.pick(['\\', '/\\', '\\..\\', '\\\\']) + e + p.path; break;
	case 5: return r.pick(['\\\\', '/\\', '\\/', '\\']) + e + r.pick(['', '/' + p.host, '\\' + b.url]);
	case 6: p.rest = r.pick(['?\\', '#\\', '?x=\\\\evil.com']) + p.rest; break;
	default: return insert(r, b.url, r.pick(['\\', '\\\\', '\\.', '\\@']));
	}
	return join(p);
};

const ENC_SEPS = ['%2f', '%2F', '%2e', '%2E', '%40', '%5c', '%5C', '%23', '%3f', '%3F',
	'%3a', '%3A', '%00', '%20', '%09', '%0a', '%0d', '%2f%2f', '%5c%5c', '%252f', '%25', '%2a'];
FAMILIES.encoded = (r, b) => {
	const p = split(b.url);
	const e = r.pick(EVIL);
	const s = r.pick(ENC_SEPS);
	switch (r.int(9)) {
	case 0: p.host = e + s + p.host; break;
	case 1: p.host = p.host + s + e; break;
	case 2:
		/* The first dot encoded for sure, the others maybe. */
		p.host = p.host.indexOf('.') < 0 ? insert(r, p.host, s)
			: p.host.replace('.', r.pick(['%2e', '%2E'])).replace(/\./g, (d) => (r.chance(0.5) ? r.pick(['%2e', '%2E']) : d));
		break;
	case 3: return p.scheme + ':' + r.pick(['%2f%2f', '%2F%2F', '/%2f', '%2f/', '%5c%5c', '/%5c']) + p.host + p.path + p.rest;
	case 4: return p.scheme + r.pick(['%3a', '%3A']) + '//' + p.host + p.path;
	case 5: p.path = s + r.pick(['', s + e, e]) + p.path; break;
	case 6: p.host = p.host.replace(/[a-z]/, (c) => '%' + c.charCodeAt(0).toString(16)); break;
	case 7: p.userinfo = p.host + s; p.host = e; break;
	default: return insert(r, b.url, s);
	}
	return join(p);
};

const CONTROLS = ['\t', '\n', '\r', '\0', '\x01', '\x08', '\x0b', '\x0c', '\x1b', '\x1f', '\x7f', '\r\n'];
FAMILIES.ctrlbyte = (r, b) => {
	const c = r.pick(CONTROLS);
	const p = split(b.url);
	switch (r.int(7)) {
	case 0: return c + b.url;
	case 1: return b.url + c;
	case 2: return p.scheme.slice(0, 2) + c + p.scheme.slice(2) + ':' + p.slashes + p.host + (p.port ? ':' + p.port : '') + p.path + p.rest;
	case 3: return p.scheme + ':' + p.slashes.slice(0, 1) + c + p.slashes.slice(1) + p.host + p.path;
	case 4: p.host = insert(r, p.host, c); return join(p);
	case 5: p.rest = r.pick(['?', '#', '?x=']) + c + r.pick(['Location: https://evil.com', 'Set-Cookie: a=b', '']); return join(p);
	default: return insert(r, b.url, c);
	}
};

const SPACES = [' ', '  ', '\u00a0', '\u3000', '\u2002', '\u2009', '\u200a', '\ufeff', '\u2028', '\u0085', '%20', '+'];
FAMILIES.space = (r, b) => {
	const s = r.pick(SPACES);
	const p = split(b.url);
	switch (r.int(7)) {
	case 0: return s + b.url;
	case 1: return b.url + s;
	case 2: return s + b.url + s;
	case 3: p.host = insert(r, p.host, s); return join(p);
	case 4: p.path = p.path + s; return join(p);
	case 5: return p.scheme + ':' + s + p.slashes + p.host + p.path;
	default: return insert(r, b.url, s);
	}
};

FAMILIES.slashes = (r, b) => {
	const p = split(b.url);
	const e = r.pick(EVIL);
	const pre = r.pick(['//', '/\\', '\\/', '///', '////', '/', '\\\\', '/%2f', '/%09/', '/ /']);
	switch (r.int(6)) {
	case 0: return pre + e + r.pick(['', '/', '/' + p.host, p.path]);
	case 1: return pre + p.host + (p.port ? ':' + p.port : '') + p.path + p.rest;
	case 2: return p.scheme + ':' + r.pick(['', '/', '///', '////', '/\\/', '/./', '/../']) + r.pick([e, p.host]) + p.path;
	case 3: return p.scheme + ':' + p.slashes + p.host + (p.port ? ':' + p.port : '') + pre + e;
	case 4: return p.scheme + ':' + p.slashes + p.slashes + p.host + (p.port ? ':' + p.port : '') + p.path;
	default: return pre + b.url;
	}
};

FAMILIES.scheme = (r, b) => {
	const p = split(b.url);
	const tail = p.slashes + p.host + (p.port ? ':' + p.port : '') + p.path + p.rest;
	switch (r.int(12)) {
	case 0: return caseMix(r, p.scheme) + ':' + tail;
	case 1: return r.pick(['javascript', 'JaVaScRiPt', 'JAVASCRIPT', 'vbscript', 'data', 'file', 'blob', 'about', 'DATA', 'File']) + ':' + tail;
	case 2: return r.pick(['javascript:alert(1)//', 'javascript://%0aalert(1)//', 'javascript:/*', 'javascript://', 'JavaScript:window.location=\'//evil.com\'//']) + p.host + p.path;
	case 3: return r.pick(['jav&#x09;ascript:', 'jav&#x0A;ascript:', '&#106;avascript:', 'java%09script:', 'java%0ascript:', 'java\tscript:', 'java\nscript:', 'java\0script:', 'jav\u0430script:', '\x01javascript:', ' javascript:']) + r.pick(['alert(1)', '//' + p.host, tail]);
	case 4: return r.pick(['data:text/html,<script>alert(1)</script>', 'data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==', 'data:,' + b.url, 'vbscript:msgbox(1)', 'file:///etc/passwd', 'file://' + p.host + '/', 'blob:' + b.url, 'about:blank', 'about:blank#' + b.url, 'about:srcdoc']);
	case 5: return p.scheme + ':' + r.pick(['', '/', '///']) + p.host + (p.port ? ':' + p.port : '') + p.path;
	case 6: return r.pick(['http', 'https', 'ws', 'wss', 'ftp', 'myapp', 'com.example.app', 'https+evil', 'https.', 'h-ttps', 'httpss', 'htps', 'hxxps', 'https1', 'web+https', 'intent', 'chrome', 'view-source']) + ':' + tail;
	case 7: return r.pick(['https;', 'https//', 'https:/:', 'https::', 'https:://', ':', '', '1https:', '-https:', '.https:', '+https:', 'https%3a', 'ht tps:', 'ht\ttps:', 'https\u0131:', 'httpſ:']) + tail;
	case 8: return r.pick(['view-source:', 'https:', 'http:', 'jar:', 'web+app:']) + b.url;
	case 9: return p.scheme + r.pick([':', '::', ':\\\\']) + p.host + p.path;
	case 10: return caseMix(r, b.url);
	default: return p.scheme === 'https' ? 'http:' + tail : p.scheme === 'http' ? 'https:' + tail : 'https:' + tail;
	}
};

const UNI = ['\uff0e', '\u3002', '\uff61', '\ufe52', '\u2024', '\u2044', '\u2215', '\uff0f', '\ufe68', '\uff3c',
	'\u200b', '\u200c', '\u200d', '\u2060', '\u00ad', '\ufeff', '\u202e', '\u202d', '\uff20', '\uff03', '\uff1f',
	'\u00df', '\ufb01', '\u0301', '\u2488', '\u24d4', '\u0430', '\u0435', '\u043e', '\u0440', '\u0441', '\u0131',
	'\u212a', '\u017f', '\u0130', '\ud83d\ude00', '\u00e9', 'e\u0301', '\uff45', '\uff37', '\u1d00', '\u0261'];
FAMILIES.unicode = (r, b) => {
	const p = split(b.url);
	switch (r.int(8)) {
	case 0: p.host = p.host.replace(/\./g, () => r.pick(['\uff0e', '\u3002', '\uff61', '.', '\ufe52'])); break;
	case 1: p.host = p.host.replace(/[a-z]/, (c) => String.fromCharCode(c.charCodeAt(0) - 0x61 + 0xff41)); break;
	case 2: p.host = p.host.replace(/[aeopc]/, (c) => ({ a: '\u0430', e: '\u0435', o: '\u043e', p: '\u0440', c: '\u0441' })[c]); break;
	case 3: p.host = insert(r, p.host, r.pick(UNI)); break;
	case 4: p.path = p.path + r.pick(UNI); break;
	case 5: p.rest = r.pick(['?', '#']) + r.pick(UNI) + r.pick(['', 'x', '\u2028']); break;
	case 6: {
		/* Raw bytes: overlong and invalid UTF-8, and UTF-8 of dots. */
		const s = r.pick(['\xc0\xae', '\xc0\xaf', '\xe0\x80\xae', '\xff', '\xfe', '\x80', '\xe3\x80\x82', '\xef\xbc\x8e', '\xc1\x9c', '\xed\xa0\x80', '\xf4\x90\x80\x80']);
		const u = Buffer.from(b.url, 'utf8').toString('latin1');
		const where = r.int(3);
		if (where === 0)
			return { bytes: u + s + 'evil.com' };
		if (where === 1)
			return { bytes: u.replace('.', s) };
		return { bytes: insert(r, u, s) };
	}
	default: return insert(r, b.url, r.pick(UNI));
	}
	return join(p);
};

FAMILIES.idn = (r, b) => {
	const p = split(b.url);
	const lab = idnLabel(r);
	switch (r.int(6)) {
	case 0:
	case 1: return 'https://' + lab + '.example.com' + r.pick(['', '', '/', '?x', '#y']);
	case 2: return 'https://pr-' + lab + '-preview.example.net' + r.pick(['', '/']);
	case 3: p.host = lab + '.' + p.host.replace(/^[^.]*\./, ''); break;
	case 4: return r.pick(['https://' + lab + '.example/', 'https://a.' + lab + '.example.com', 'https://' + lab + '.' + lab + '.example.com',
		'https://XN--BCHER-KVA.example/', 'https://Xn--Bcher-Kva.example/', 'https://xn--bcher-kva.example./', 'https://b\u00fccher.example/',
		'https://xn--bcher-kva.example', 'https://xn--bcher-kva.xn--bcher-kva.example/', 'https://' + lab + '/', 'https://www.' + lab]);
	default: p.host = lab + '.' + p.host; break;
	}
	return join(p);
};

const IP_FORMS = {
	'127.0.0.1': ['2130706433', '0177.0.0.1', '0x7f.1', '0x7f.0.0.1', '0X7F.0.0.1', '127.1', '127.0.1', '0x7f000001', '017700000001',
		'127.0.0.01', '127.000.000.001', '127.0.0.1.', '127.0.0.1..', '[::ffff:127.0.0.1]', '[::ffff:7f00:1]', '[::1]', 'localhost',
		'127.0.0.1%2e', '127%2e0.0.1', '127.0.0.256', '127.0.0.1.evil.com', '0', '0.0.0.0', '127.0.0', '1.127.0.0.1', '127.0.0.0x1',
		'127.0.0.1\u3002', '\uff11\uff12\uff17.0.0.1', '127.0.0.1:8080@evil.com', '0x7f.0x0.0x0.0x1', '0177.1'],
	'10.1.2.3': ['167838211', '012.1.2.3', '10.1.515', '0xa.1.2.3', '10.0x1.2.3', '10.1.2.3.', '10.1.2.03', '010.1.2.3', '10.66051',
		'0xa010203', '[::ffff:10.1.2.3]', '[::ffff:a01:203]', '10.1.2.3.4', '10.1.2', '11.1.2.3'],
	'192.168.0.10': ['3232235530', '192.168.10', '0xc0.0xa8.0.10', '0300.0250.0.012', '192.168.0.10.', '[::ffff:192.168.0.10]',
		'[::ffff:c0a8:a]', '192.11010058', '0xc0a8000a', '192.168.000.010', '192.168.0.1'],
	'[::1]': ['[::0001]', '[0::1]', '[0:0:0:0:0:0:0:1]', '[::1%25lo]', '[::1%lo]', '[::1%2525lo]', '::1', '[[::1]]', '[::1]]', '[::1',
		'[::1].evil.com', '[::1]evil.com', '[v1.x]', '[V7.abc]', '[::ffff:127.0.0.1]', '[::127.0.0.1]', '[0000::1]', '[::1:0]', '[:::1]',
		'[::1::]', '[::01]', '[::1\u3002]', '[::%31]', '[::1@evil.com]', '[::1]:3000@evil.com', '[evil.com]', '[::1]%2f'],
	'localhost': ['LOCALHOST', 'localhost.', 'LocalHost', 'localhost%2e', '127.0.0.1', '[::1]', 'localhost.evil.com', 'localhost\u3002',
		'localhos', 'xlocalhost', 'local%68ost', 'l\u043ecalhost', 'localhost:3000.evil.com'],
};
FAMILIES.ip = (r, b) => {
	let p = split(b.url);
	let forms = IP_FORMS[p.host];
	if (!forms) {
		/* Not an IP base: use one of the IP bases. */
		const ipBases = BASES.filter((x) => IP_FORMS[split(x.url).host]);
		const nb = r.pick(ipBases);
		p = split(nb.url);
		forms = IP_FORMS[p.host];
	}
	p.host = r.pick(forms);
	if (r.chance(0.15))
		p.port = null;
	return join(p);
};

const PORTS = ['443', '80', '0', '00', '65535', '65536', '', '8443', '08443', '+8443', '-1', ' 8443', '8443:8443', '0x20fb',
	'1e3', '99999999999999999999', '3000', '03000', '8080', '080', '8080.', '8443@evil.com', '8443.evil.com', ':8443',
	'\uff18\uff14\uff14\uff13', '%38443', '8443%00', '4294975739', '73979', '8443\t', '1', '65535 '];
FAMILIES.port = (r, b) => {
	const p = split(b.url);
	switch (r.int(4)) {
	case 0: p.port = p.port === null ? r.pick(['443', '80', '8443']) : null; break;
	case 1: return p.scheme + ':' + p.slashes + p.host + ':' + r.pick(PORTS) + ':' + r.pick(PORTS) + p.path;
	default: p.port = r.pick(PORTS); break;
	}
	return join(p);
};

const WILD_HOSTS = {
	'example.com': ['evilexample.com', 'example.com.evil.com', 'evil.com#.example.com', 'evil.com?.example.com', 'evil.com/.example.com',
		'evil.com\\.example.com', 'evil.com%23.example.com', 'evil.com%2f.example.com', 'evil.com%3f.example.com', 'a.b.example.com',
		'example.com', '.example.com', '..example.com', '*.example.com', 'a*.example.com', '%2a.example.com', 'x.example.com.',
		'x.example.com..', 'x..example.com', 'x.example.com.evil.com', 'x.example.comevil.com', 'x.example.co', 'x.example.com@evil.com',
		'evil.com:443#.example.com', 'x-.example.com', '_x.example.com', 'x_y.example.com', '-x-.example.com', 'x.EXAMPLE.COM',
		'X.Example.Com', 'xn--bcher-kva.example.com', 'xn--a.example.com', 'www.example.com.', 'wwwexample.com', 'www-example.com',
		'example.com%2f.evil.com', 'evil.com%00.example.com', 'evil.com%20.example.com', 'evil.com .example.com', 'evil.com;.example.com',
		'evil.com,.example.com', 'evil.com&.example.com', 'evil.com\u3002example.com', 'x.example\uff0ecom', 'a' + 'b'.repeat(70) + '.example.com',
		'x.example.com\u200b', '0x7f.example.com', '127.0.0.1.example.com', 'x.example.com.0x7f', 'x.example.com.127', 'x.example.1',
		'x.0x1f', '1.example.com', '1x.example.com', 'x.example.com:.evil.com'],
	'example.net': ['pr--preview.example.net', 'pr-1-preview.example.net.evil.com', 'pr-evil.com-preview.example.net', 'pr-1-previewx.example.net',
		'xpr-1-preview.example.net', 'pr-1-preview.example.net.', 'PR-1-PREVIEW.example.net', 'pr-a.b-preview.example.net',
		'pr-1-preview.x.example.net', 'pr-%2e-preview.example.net', 'pr-1-preview.example.net@evil.com', 'pr-*-preview.example.net',
		'pr-x_y-preview.example.net', 'pr-preview.example.net', 'pr-1-preview.example.netevil.com', 'pr-1-preview-preview.example.net',
		'pr-pr-1-preview-preview.example.net', 'pr-1-Preview.EXAMPLE.NET', 'pr-\u0131-preview.example.net', 'pr-1-preview.example.net#.evil',
		'pr-1-preview%2eexample.net', 'pr-1-preview.example', 'evil.com/pr-1-preview.example.net', 'pr-xn--bcher-kva-preview.example.net',
		'pr---preview.example.net', 'pr-1-preview.example.net:443'],
	'example.io': ['-stage.example.io', 'a-stage.example.io', 'a-stagex.example.io', 'a.b-stage.example.io', 'stage.example.io',
		'a-stage.example.io.evil.com', 'A-STAGE.EXAMPLE.IO', 'a--stage.example.io', 'a-stage.example.io.', 'a_-stage.example.io'],
};
FAMILIES.wildcard = (r, b) => {
	const w = r.pick(Object.keys(WILD_HOSTS));
	const base = w === 'example.com' ? r.pick(['https://%h', 'https://%h/', 'https://%h:8443/bye'])
		: w === 'example.net' ? r.pick(['https://%h', 'https://%h/']) : 'https://%h:8443/after';
	return base.replace('%h', r.pick(WILD_HOSTS[w])) + r.pick(['', '', '?x=1', '#f']);
};

FAMILIES.double = (r, b) => {
	const p = split(b.url);
	const d = r.pick(['%252f', '%2540', '%255c', '%252e', '%2523', '%253f', '%250a', '%2500', '%25252f', '%%32%66', '%u002f', '%c0%af', '%25%32%66', '%252F%252F']);
	switch (r.int(5)) {
	case 0: p.host = p.host + d + r.pick(EVIL); break;
	case 1: p.path = d + d + r.pick(EVIL) + p.path; break;
	case 2: return p.scheme + ':' + d + d + p.host + p.path;
	case 3: return encodeURIComponent(b.url);
	default: return insert(r, b.url, d);
	}
	return join(p);
};

/* The number of filler bytes that makes p exactly `total` bytes long. */
function fill(p, extra, total) {
	return Math.max(0, total - Buffer.byteLength(join(p) + extra, 'utf8'));
}

FAMILIES.long = (r, b) => {
	const p = split(b.url);
	/* Around the 4096-byte limit on returnTo (R1.8). */
	const total = r.pick([4095, 4096, 4097, 5000]);
	switch (r.int(8)) {
	case 0: return 'https://' + 'a'.repeat(r.pick([62, 63, 64, 200, 1000, 4000])) + '.example.com';
	case 1: return 'https://' + 'a.'.repeat(r.pick([10, 100, 1000, 2040])) + 'example.com';
	case 2: p.path = p.path + '/' + 'x'.repeat(r.chance(0.3) ? 100 : fill(p, '/', total)); break;
	case 3: p.rest = '?' + 'q'.repeat(fill(p, '?', total)); break;
	case 4: p.userinfo = '@'.repeat(r.pick([1, 100, 3000])); break;
	case 5: p.port = '9'.repeat(r.pick([6, 20, 100])); break;
	case 6: p.path = p.path + '/..'.repeat(r.pick([10, 1000, 1300])); break;
	default: return { pad: 16400, url: b.url };
	}
	return join(p);
};

FAMILIES.path = (r, b) => {
	const p = split(b.url);
	switch (r.int(6)) {
	case 0: p.path = r.pick(['', '/', '//', '/.', '/..', '/./', '/%2e', '/%2E%2E', '/..%2f', '/;', '/;x', '/?', '/%20', '/ ', '/\u00e9']); break;
	case 1: p.path = p.path + r.pick(['/', '/.', '/..', '/../', '/./', '%2f', '%2F', '%00', '%0d%0aSet-Cookie:x', ';jsessionid=1', '/x/..', '%2e', '.', '~']); break;
	case 2: p.path = caseMix(r, p.path); break;
	case 3: p.path = p.path + r.pick(['//evil.com', '/\\evil.com', '/%2f%2fevil.com', '/../../evil.com', '/..;/evil.com', '@evil.com']); break;
	case 4: p.path = p.path + r.pick(['"', '<', '>', '{', '}', '|', '^', '`', '[', ']', '%', '%z', '%2', '%%', "'", '!', '$', '(', ')', '*', ',']); break;
	default:
		/* Escapes in lower case, or decoded when ASCII. */
		p.path = p.path.replace(/%[0-9A-Fa-f]{2}/g, (x) => {
			const c = parseInt(x.slice(1), 16);
			return r.chance(0.5) ? x.toLowerCase() : c < 0x80 ? String.fromCharCode(c) : x;
		});
		break;
	}
	return join(p);
};

FAMILIES.query = (r, b) => {
	const p = split(b.url);
	p.rest = r.pick(['?x=1', '#frag', '?next=https://evil.com', '#@evil.com', '?a#b#c', '#a#b', '?\u00e9', '# x', '?%0d%0a', '?[]', '#[',
		"?'\"", '?<script>alert(1)</script>', '?', '#', '?#', '??', '##', '?a=%zz', '?a=%', '#%', '?x=1&y=2', '?redirect=//evil.com',
		'#/\\evil.com', '?\\', '?{}|^`', '?%E2%80%A8', '#\u2028', '? ', '?url=javascript:alert(1)', '#?', '?#@', '?a=b#c=d']);
	return join(p);
};

FAMILIES.noise = (r, b) => {
	let s = b.url;
	const n = 1 + r.int(3);
	for (let k = 0; k < n; k++) {
		const op = r.int(3);
		const i = pos(r, s);
		if (op === 0)
			s = s.slice(0, i) + String.fromCharCode(0x21 + r.int(94)) + s.slice(i);
		else if (op === 1)
			s = s.slice(0, i) + s.slice(i + 1);
		else
			s = s.slice(0, i) + String.fromCharCode(0x21 + r.int(94)) + s.slice(i + 1);
	}
	return s;
};

/* Look-alikes that the entries allow: these must redirect, and each
 * redirect is checked like any other. */
FAMILIES.legit = (r, b) => {
	const p = split(b.url);
	switch (r.int(7)) {
	case 0: p.scheme = caseMix(r, p.scheme); break;
	case 1: if (!p.host.startsWith('[')) p.host = caseMix(r, p.host); break;
	case 2: p.rest = r.pick(['?a=b', '#f', '?a=b#f', '?x=https%3A%2F%2Fevil.com', '#/evil', '?', '#', '?q=\u00e9', '?a b', '#a b']); break;
	case 3: return 'https://' + r.pick(['a', 'z9', 'a-b', 'a_b', '0a', 'under_score', '-x', 'x-', 'www2', 'xn--bcher-kva', 'xn--nxasmq6b', 'xn--80ak6aa92e']) + '.example.com';
	case 4: return 'https://pr-' + r.pick(['1', 'abc', 'a-b', 'x_y', 'Z', '1234567890']) + '-preview.example.net' + r.pick(['', '/']);
	case 5: return caseMix(r, b.url);
	default: return b.url;
	}
	return join(p);
};

const FAMILY_NAMES = Object.keys(FAMILIES);
const MUTATING = FAMILY_NAMES.filter((f) => f !== 'legit');

FAMILIES.combo = (r, b) => {
	let u = b.url;
	const n = 2 + r.int(2);
	for (let k = 0; k < n; k++) {
		const out = FAMILIES[r.pick(MUTATING)](r, { url: u, client: b.client });
		if (typeof out !== 'string')
			return out;
		u = out;
	}
	return u;
};
FAMILY_NAMES.push('combo');

/* ---- queries ------------------------------------------------------------ */

function utf8Bytes(s) {
	return Buffer.from(s, 'utf8').toString('latin1');
}

/* %XX for every byte (upper- and lower-case hex); unreserved bytes. */
const HEX_UP = [];
const HEX_LOW = [];
const UNRESERVED = [];
for (let c = 0; c < 256; c++) {
	const h = c.toString(16).padStart(2, '0');
	HEX_UP.push('%' + h.toUpperCase());
	HEX_LOW.push('%' + h);
	UNRESERVED.push(/[A-Za-z0-9\-._~]/.test(String.fromCharCode(c)));
}

/* Percent-encodes every byte but the unreserved ones. */
function pctAll(bytes, lower) {
	const hex = lower ? HEX_LOW : HEX_UP;
	const o = [];
	for (let i = 0; i < bytes.length; i++) {
		const c = bytes.charCodeAt(i);
		o.push(UNRESERVED[c] ? bytes[i] : hex[c]);
	}
	return o.join('');
}

/* Leaves bytes raw except those that would end the value, the line or the
 * query ('%', '&', '+', '#' unless keepHash, CR, LF, NUL); bytes >= 0x80
 * stay raw when rawHigh, else are encoded. */
function pctMin(bytes, keepHash, rawHigh) {
	const o = [];
	for (let i = 0; i < bytes.length; i++) {
		const c = bytes.charCodeAt(i);
		if (c === 0x25 || c === 0x26 || c === 0x2b || (c === 0x23 && !keepHash) || c === 10 || c === 13 || c === 0 || (c >= 0x80 && !rawHigh))
			o.push(HEX_UP[c]);
		else
			o.push(bytes[i]);
	}
	return o.join('');
}

/* Returns {query, decoded}: decoded is the returnTo's bytes as the library
 * must decode them (latin1 string), or null when the query does not carry
 * the candidate as is. */
function makeQuery(r, cand, client) {
	let pad = 0;
	if (cand && typeof cand === 'object' && cand.pad) {
		pad = cand.pad;
		cand = cand.url;
	}
	const bytes = typeof cand === 'string' ? utf8Bytes(cand) : cand.bytes;
	const form = r.int(10); /* 0-5 bare, 6-7 target, 8-9 absolute */
	const mode = r.int(20);
	let value;
	let decoded = bytes;
	if (mode < 12) {
		value = pctAll(bytes, r.chance(0.2));
	} else if (mode < 17) {
		value = pctMin(bytes, form < 6, r.chance(0.5));
	} else if (mode < 19) {
		/* Spaces as '+'. */
		value = pctMin(bytes, form < 6, false).replace(/ /g, '+').replace(/%20/g, '+');
	} else {
		value = pctAll(pctAll(bytes, false), false);
		decoded = pctAll(bytes, false);
	}
	const params = ['returnTo=' + value];
	if (client)
		params.push('client_id=' + client);
	if (r.chance(0.1))
		params.push(r.pick(['federated', 'federated=', 'federated=true', 'foo=bar']));
	if (r.chance(0.5))
		params.reverse();
	if (pad)
		params.push('pad=' + 'p'.repeat(pad));
	let prefix = '';
	let suffix = '';
	if (form >= 8) {
		prefix = 'https://tenant.auth0.com/v2/logout?';
		suffix = r.chance(0.3) ? '#frag' : '';
	} else if (form >= 6) {
		prefix = '/v2/logout?';
	}
	/* The line is bytes: a string of char codes 0-255.  parts keeps the
	 * pieces, for the /oidc/logout form of the same request. */
	return { query: prefix + params.join('&') + suffix, decoded, parts: { prefix, params, suffix } };
}

/*
 * generate(count, seed[, bases]) -> [{family, client, query, decoded,
 * parts}], count distinct queries from mutations of bases (default BASES,
 * then the first-entry queries).  query and decoded are latin1 strings
 * (one char per byte); parts is {prefix, params, suffix}: query is prefix
 * + params.join('&') + suffix, and the returnTo is the param starting
 * with "returnTo=".
 */
function generate(count, seed, bases) {
	const r = prng(seed);
	const out = [];
	const seen = new Set();
	const from = bases || BASES;
	let attempts = 0;
	while (out.length < count) {
		if (++attempts > count * 20)
			throw new Error('generator: too many duplicates');
		const family = FAMILY_NAMES[attempts % FAMILY_NAMES.length];
		const base = r.pick(from);
		const cand = FAMILIES[family](r, base);
		const client = r.chance(0.85) ? base.client : r.pick(CLIENT_CHOICES);
		const { query, decoded, parts } = makeQuery(r, cand, client);
		if (seen.has(query))
			continue;
		seen.add(query);
		out.push({ family, client, query, decoded, parts });
	}
	if (bases)
		return out;
	/* First-entry redirects (no returnTo) for every client. */
	for (const client of CLIENT_CHOICES.filter(Boolean)) {
		for (const params of [['client_id=' + client], ['federated', 'client_id=' + client]]) {
			const q = params.join('&');
			if (!seen.has(q)) {
				seen.add(q);
				out.push({ family: 'first-entry', client, query: q, decoded: null, parts: { prefix: '', params, suffix: '' } });
			}
		}
	}
	return out;
}

/* Candidates that must redirect: every base, and simple look-alikes. */
function controls() {
	const out = [];
	for (const b of BASES) {
		const p = split(b.url);
		const forms = [b.url, b.url + '?a=1#f', p.scheme.toUpperCase() + b.url.slice(p.scheme.length)];
		/* R4.5: only an http(s) host compares without regard to case; a
		 * custom scheme's authority is opaque. */
		const special = /^https?$/i.test(p.scheme);
		if (!p.host.startsWith('[') && special)
			forms.push(join(Object.assign({}, p, { host: p.host.toUpperCase() })));
		for (const u of forms)
			out.push(control(u, b.client));
	}
	for (const lab of ['xn--bcher-kva', 'xn--nxasmq6b', 'a_b', 'x-', 'z'])
		out.push(control('https://' + lab + '.example.com', null));
	return out;
}

/* A must-redirect candidate: returnTo=u, all encoded, and the client. */
function control(u, client) {
	const bytes = utf8Bytes(u);
	const params = ['returnTo=' + pctAll(bytes, false)];
	if (client)
		params.push('client_id=' + client);
	return { family: 'must-redirect', client, query: params.join('&'), decoded: bytes, parts: { prefix: '', params, suffix: '' } };
}

/* ---- /oidc/logout (R8) ------------------------------------------------------ */
/*
 * The same requests through /oidc/logout: returnTo becomes
 * post_logout_redirect_uri, a hostile `state` is added, and the config is
 * the one above plus, at the end of each list, entries with a query (R8.4
 * matches the query exactly, so these are the only entries a URI with a
 * query can match).  They are appended on paths no other entry has, or
 * after an entry of the same key: a URI without a query matches what it
 * matched in the /v2/logout config, and nothing else.
 */

const OIDC_EXTRA = {
	tenant: [
		'https://www.example.com/q?a=1',
		'https://www.example.com/logged-out?from=app&lang=en',
		'https://*.example.com/cb?x=1',
		'myapp://callback?mode=logout',
		'https://www.example.com/empty?',
		'https://www.example.com/sp?a b',
		'http://[::1]:3000/cb?next=%2Fhome',
	],
	'spa-client': ['https://app.example.com/bye?x=1&y=2', 'https://*.example.com/q?k=v'],
	'native-client': ['com.example.app://logout?done=1'],
	'encoded-client': ['https://www.example.com/caf%C3%A9?q=%C3%A9'],
};

const OIDC_TENANT = TENANT.concat(OIDC_EXTRA.tenant);
const OIDC_CLIENTS = {};
for (const id of Object.keys(CLIENTS))
	OIDC_CLIENTS[id] = CLIENTS[id].concat(OIDC_EXTRA[id] || []);

function oidcConfig() {
	return {
		tenant: { friendly_name: 'differential-oidc', allowed_logout_urls: OIDC_TENANT },
		clients: Object.keys(OIDC_CLIENTS).map((id) => ({
			client_id: id,
			name: id,
			allowed_logout_urls: OIDC_CLIENTS[id],
		})),
	};
}

/* URIs with a query that the extra entries allow. */
const OIDC_BASES = [
	['https://www.example.com/q?a=1', null],
	['https://www.example.com/logged-out?from=app&lang=en', null],
	['https://foo.example.com/cb?x=1', null],
	['myapp://callback?mode=logout', null],
	['https://www.example.com/empty?', null],
	['https://www.example.com/sp?a b', null],
	['https://www.example.com/sp?a%20b', null],
	['http://[::1]:3000/cb?next=%2Fhome', null],
	['https://app.example.com/bye?x=1&y=2', 'spa-client'],
	['https://bar.example.com/q?k=v', 'spa-client'],
	['com.example.app://logout?done=1', 'native-client'],
	['https://www.example.com/caf%C3%A9?q=%C3%A9', 'encoded-client'],
	['https://www.example.com/caf\u00e9?q=\u00e9', 'encoded-client'],
].map(([u, client]) => ({ url: u, client }));

/* Hostile states, as the bytes the library must decode (latin1 strings);
 * null: no state parameter. */
const STATES = [
	null, '', 'xyz123', '~-._', 'a?b', '?', '??x=1', '#', 'a#b', '#frag?x',
	'&', 'a&b=c', '&post_logout_redirect_uri=https://evil.com',
	'&post_logout_redirect_uri=https%3A%2F%2Fevil.com', '&state=second', 'state=x', '=',
	'\r\n', '\r\nLocation: https://evil.com', '\0', '\t', '\x7f', '\x1b[0m',
	'%0D%0A', '%00', '%25', '%', '%%', '%zz', '%252F', '+', 'a+b', ' ', 'a b', ' lead',
	utf8Bytes('\u00e9t\u00e9'), utf8Bytes('\u2028\u2029'), utf8Bytes('\u202eevil'),
	utf8Bytes('\ud83d\ude00'), utf8Bytes('\uff03\uff1f\uff06'), '\xff\xfe', '\xc0\xaf', '\xed\xa0\x80',
	'javascript:alert(1)', '//evil.com', 'https://evil.com/?a=1#b', '\\', '"<>`{}|^', "'", ';', '[]',
	'A'.repeat(2048), '/'.repeat(2048), utf8Bytes('\u00e9').repeat(1024), 'x'.repeat(2049),
];

/* R8.1: a state the library must refuse (a control byte, over 2 KiB). */
function stateRefused(s) {
	return s !== null && (s.length > 2048 || /[\x00-\x1f\x7f]/.test(s));
}

/* R8.6: the state as the Location carries it. */
function stateEnc(s) {
	let o = '';
	for (let i = 0; i < s.length; i++)
		o += UNRESERVED[s.charCodeAt(i)] ? s[i] : HEX_UP[s.charCodeAt(i)];
	return o;
}

/*
 * The /oidc/logout forms of candidate c: {get, form, state, smuggled,
 * queryLen}: get is the GET line (prefix /oidc/logout, returnTo renamed),
 * form the POST body (the parameters alone), state the decoded state sent
 * (null: none), smuggled whether a raw "&post_logout_redirect_uri=" or
 * "&state=" was added (a duplicate: R8.1 refuses it), queryLen the length
 * of the query part.  r is the oidc PRNG (the /v2/logout stream is not
 * touched).
 */
function oidcVariant(r, c) {
	const bare = c.parts.prefix === '';
	const params = c.parts.params.map((p) => (p.startsWith('returnTo=') ? 'post_logout_redirect_uri=' + p.slice(9) : p));
	const state = r.pick(STATES);
	if (state !== null) {
		const mode = r.int(10);
		let v;
		if (mode < 5)
			v = pctAll(state, mode === 0);
		else if (mode < 9)
			v = pctMin(state, bare, r.chance(0.5));
		else
			v = pctMin(state, bare, false).replace(/ /g, '+');
		params.splice(r.int(params.length + 1), 0, 'state=' + v);
	}
	let smuggled = false;
	const hasUri = c.decoded !== null;
	if (r.chance(0.03) && (hasUri || state !== null)) {
		params.push(hasUri && (state === null || r.chance(0.5)) ? 'post_logout_redirect_uri=https%3A%2F%2Fevil.com' : 'state=smuggled');
		smuggled = true;
	}
	const body = params.join('&');
	const prefix = c.parts.prefix.replace('/v2/logout?', '/oidc/logout?');
	return { get: prefix + body + c.parts.suffix, form: body, state, smuggled, queryLen: body.length };
}

/* Must-redirect URIs with a query, for the oidc list. */
function oidcControls() {
	const out = [];
	for (const b of OIDC_BASES) {
		const p = split(b.url);
		out.push(control(b.url, b.client));
		out.push(control(p.scheme.toUpperCase() + b.url.slice(p.scheme.length), b.client));
		if (/^https?$/i.test(p.scheme) && !p.host.startsWith('['))
			out.push(control(join(Object.assign({}, p, { host: p.host.toUpperCase() })), b.client));
	}
	return out;
}

module.exports = {
	TENANT, CLIENTS, config, generate, controls, punycode, split, FAMILY_NAMES,
	OIDC_TENANT, OIDC_CLIENTS, OIDC_BASES, STATES, oidcConfig, oidcVariant, oidcControls,
	stateRefused, stateEnc, prng, utf8Bytes,
};
