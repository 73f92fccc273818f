// SPDX-License-Identifier: MIT
// The relying parties' side of tests/integration/oidc_e2e.sh, on loopback:
//
//   app      the post-logout pages of the openid-client relying party,
//            plus a stand-in authorization endpoint (GET /authorize) that
//            answers express-openid-connect's login with an ID token
//            signed by the key in our JWKS (response_mode=form_post);
//   other    a second port on the same host, for a post_logout_redirect_uri
//            that is registered nowhere;
//   express  an express app using express-openid-connect (idpLogout), whose
//            auth() is built on its first request, once the issuer is known.
//
// Usage: node rp.mjs DIR.  Writes DIR/rp.json ({"app":PORT,"other":PORT,
// "express":PORT}) once all three listen, and appends one JSON line per
// request ({"listener","method","url"}) to DIR/rp.log before answering.
// Reads DIR/private.jwk, DIR/issuer and DIR/express.json when needed.
// Runs until killed.
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';

const dir = process.argv[2];
const logfile = path.join(dir, 'rp.log');
const read = (name) => fs.readFileSync(path.join(dir, name), 'utf8').trim();

function record(listener, req) {
	fs.appendFileSync(logfile, JSON.stringify({ listener, method: req.method, url: req.url }) + '\n');
}

const esc = (s) =>
	String(s).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function page(res, status, title, body) {
	res.writeHead(status, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
	res.end(`<!doctype html><html><head><title>${esc(title)}</title></head><body>${body}</body></html>`);
}

// The stand-in authorization endpoint: an auto-submitting form_post of a
// fresh ID token for the request's client_id and nonce (what an OP does
// after a login), so that express-openid-connect gets a real session.
async function authorize(req, res, url) {
	const q = url.searchParams;
	const jose = await import('jose');
	const jwk = JSON.parse(read('private.jwk'));
	const key = await jose.importJWK(jwk, 'RS256');
	const idToken = await new jose.SignJWT({ sid: 'sid-express-' + Date.now(), nonce: q.get('nonce') })
		.setProtectedHeader({ alg: 'RS256', kid: jwk.kid, typ: 'JWT' })
		.setIssuer(read('issuer'))
		.setAudience(q.get('client_id'))
		.setSubject('auth0|express-e2e')
		.setIssuedAt()
		.setExpirationTime('1h')
		.sign(key);
	const field = (n, v) => `<input type=hidden name="${esc(n)}" value="${esc(v)}">`;
	page(res, 200, 'authorize',
		`<form method=post action="${esc(q.get('redirect_uri'))}">` +
		field('id_token', idToken) + field('state', q.get('state') || '') +
		`</form><script>document.forms[0].submit()</script>`);
}

const app = http.createServer((req, res) => {
	record('app', req);
	const url = new URL(req.url, 'http://127.0.0.1');
	if (url.pathname === '/authorize') {
		authorize(req, res, url).catch((e) => page(res, 500, 'authorize failed', esc(e.stack)));
		return;
	}
	page(res, 200, 'rp-page', `<p id=marker>rp ${esc(url.pathname)}</p>`);
});

const other = http.createServer((req, res) => {
	record('other', req);
	page(res, 200, 'other-page', '<p id=marker>other</p>');
});

// express-openid-connect's app, built when first asked (the issuer's port
// is chosen after this process starts).
let expressApp = null;
async function buildExpressApp() {
	const { default: express } = await import('express');
	const { auth } = await import('express-openid-connect');
	const opts = JSON.parse(read('express.json'));
	const e = express();
	e.use(auth({
		issuerBaseURL: read('issuer'),
		baseURL: opts.baseURL,
		clientID: opts.clientID,
		secret: 'a long enough secret for the express-openid-connect cookies',
		idpLogout: true,
		authRequired: false,
		httpTimeout: 5000,
	}));
	e.get('/', (req, res) => {
		const who = req.oidc.isAuthenticated() ? 'authenticated ' + req.oidc.user.sub : 'anonymous';
		page(res, 200, 'express-home', `<p id=marker>express-home ${esc(who)}</p>`);
	});
	e.use((err, req, res, next) => {
		void next;
		page(res, err.status || 500, 'express-error', `<pre id=error>${esc(err.stack || err)}</pre>`);
	});
	return e;
}
const expressServer = http.createServer((req, res) => {
	record('express', req);
	if (!expressApp) {
		expressApp = buildExpressApp();
	}
	expressApp.then((e) => e(req, res), (err) => page(res, 500, 'express-missing', esc(err.stack || err)));
});

const listen = (s) => new Promise((resolve, reject) => {
	s.once('error', reject);
	s.listen(0, '127.0.0.1', () => resolve(s.address().port));
});
const ports = {
	app: await listen(app),
	other: await listen(other),
	express: await listen(expressServer),
};
fs.writeFileSync(path.join(dir, 'rp.json.tmp'), JSON.stringify(ports) + '\n');
fs.renameSync(path.join(dir, 'rp.json.tmp'), path.join(dir, 'rp.json'));
