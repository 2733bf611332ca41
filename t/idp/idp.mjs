// The identity provider of the test suite: oidc-provider (an OpenID
// Certified authorization server) over TLS on loopback, with client
// credentials, resource indicators (JWT access tokens typ at+jwt, ES256 or
// RS256, and opaque ones), introspection and revocation.
//
//   node idp.mjs --port P --cert C --key K --keys KEYS.json [--mode M]
//                [--pidfile F]
// KEYS.json: the signing keys (private JWKs); made when missing, so that a
// test rotates keys by restarting with another file.
// --mode normal | 500 | html | slow: what the key set, metadata and
// introspection endpoints answer (500: status 500; html: 200 text/html;
// slow: normal after 10 s).
// GET /_stats answers how often each path (and each path with its query)
// was asked for. A query parameter delay=MS (at most 10000) holds any
// answer back that long: a fetch that takes a while, in any mode.
import fs from 'node:fs';
import https from 'node:https';
import { generateKeyPair, exportJWK } from 'jose';
import Provider from 'oidc-provider';

const args = {};
for (let i = 2; i < process.argv.length; i += 2) {
  args[process.argv[i].replace(/^--/, '')] = process.argv[i + 1];
}
const port = Number(args.port);
const mode = args.mode || 'normal';
const issuer = `https://127.0.0.1:${port}`;

async function keys(file) {
  if (fs.existsSync(file)) return JSON.parse(fs.readFileSync(file, 'utf8'));
  const tag = file.replace(/.*\//, '').replace(/\.json$/, '');
  const out = { keys: [] };
  for (const [alg, opts] of [['ES256', {}], ['RS256', { modulusLength: 2048 }]]) {
    const { privateKey } = await generateKeyPair(alg, { ...opts, extractable: true });
    const jwk = await exportJWK(privateKey);
    out.keys.push({ ...jwk, kid: `${tag}-${alg.toLowerCase()}`, alg, use: 'sig' });
  }
  fs.writeFileSync(file, JSON.stringify(out));
  return out;
}

const resourceInfo = (resource) => ({
  scope: 'read write admin',
  audience: resource,
  accessTokenTTL: resource.includes('short') ? 5 : 600,
  accessTokenFormat: resource.includes('opaque') ? 'opaque' : 'jwt',
  jwt: { sign: { alg: resource.includes('rs256') ? 'RS256' : 'ES256' } },
});

const provider = new Provider(issuer, {
  jwks: await keys(args.keys),
  clients: [
    { client_id: 'rs-client', client_secret: 'rs-client-secret',
      grant_types: ['client_credentials'], redirect_uris: [],
      response_types: [], scope: 'read write admin' },
    { client_id: 'rs-mtls-client', client_secret: 'rs-mtls-secret',
      grant_types: ['client_credentials'], redirect_uris: [],
      response_types: [], scope: 'read write',
      tls_client_certificate_bound_access_tokens: true },
    { client_id: 'rs-introspector', client_secret: 'rs-introspector-secret',
      grant_types: ['client_credentials'], redirect_uris: [],
      response_types: [], token_endpoint_auth_method: 'client_secret_basic' },
    { client_id: 'rs-introspector-post', client_secret: 'post-secret',
      grant_types: ['client_credentials'], redirect_uris: [],
      response_types: [], token_endpoint_auth_method: 'client_secret_post' },
  ],
  scopes: ['read', 'write', 'admin'],
  features: {
    devInteractions: { enabled: false },
    clientCredentials: { enabled: true },
    introspection: { enabled: true },
    revocation: { enabled: true },
    dPoP: { enabled: true },
    // certificate-bound tokens (RFC 8705) for the client that asks
    mTLS: {
      enabled: true,
      certificateBoundAccessTokens: true,
      getCertificate: (ctx) => {
        const c = ctx.socket.getPeerX509Certificate && ctx.socket.getPeerX509Certificate();
        return c ? c.toString() : undefined;
      },
    },
    resourceIndicators: {
      enabled: true,
      defaultResource: () => 'https://rs.test/api',
      getResourceServerInfo: (ctx, resource) => resourceInfo(resource),
      useGrantedResource: () => true,
    },
  },
});
provider.on('server_error', (ctx, err) => console.error('server_error', err));

const stats = {};
const cb = provider.callback();
const broken = (path) => path === '/jwks' || path.startsWith('/.well-known/')
  || path === '/token/introspection';
const server = https.createServer({
  cert: fs.readFileSync(args.cert), key: fs.readFileSync(args.key),
  // a client certificate when the client has one (certificate-bound
  // tokens); the provider does not authenticate clients by it
  requestCert: true, rejectUnauthorized: false,
}, (req, res) => {
  const path = req.url.replace(/\?.*/, '');
  stats[path] = (stats[path] || 0) + 1;
  if (req.url !== path) stats[req.url] = (stats[req.url] || 0) + 1;
  if (path === '/_stats') {
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify(stats));
    return;
  }
  const delay = Math.min(Number(new URL(req.url, issuer).searchParams.get('delay')) || 0, 10000);
  if (delay > 0) {
    setTimeout(() => cb(req, res), delay);
    return;
  }
  if (broken(path) && mode === '500') {
    res.statusCode = 500;
    res.end('internal error');
    return;
  }
  if (broken(path) && mode === 'html') {
    res.setHeader('content-type', 'text/html');
    res.end('<html><body>Maintenance</body></html>');
    return;
  }
  if (broken(path) && mode === 'slow') {
    setTimeout(() => cb(req, res), 10000);
    return;
  }
  cb(req, res);
});
server.listen(port, '127.0.0.1', () => {
  if (args.pidfile) fs.writeFileSync(args.pidfile, String(process.pid));
  console.log(`idp ${issuer} mode ${mode} ready`);
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
