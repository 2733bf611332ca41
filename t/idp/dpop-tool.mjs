// DPoP for the resource-server tests, against the test provider.
//   node dpop-tool.mjs client ISSUER URL [resource]
//     oauth4webapi end to end: a DPoP-bound token from the provider (its
//     own proofs), then GET URL with its own proofs, retrying once on
//     use_dpop_nonce (isDPoPNonceError), twice in a row; prints statuses.
//   node dpop-tool.mjs proofs ISSUER URL [resource [nonce]]
//     a DPoP-bound token and hand-built proofs for GET URL, one good and
//     one for each check failing alone (with nonce in the good ones when
//     given); prints them as JSON.
import * as oauth from 'oauth4webapi';
import { SignJWT, generateKeyPair, exportJWK, calculateJwkThumbprint } from 'jose';
import crypto from 'node:crypto';

const [mode, iss, url, resource = 'https://rs.test/api', nonce] = process.argv.slice(2);
const issuer = new URL(iss);
const as = await oauth.discoveryRequest(issuer)
  .then((r) => oauth.processDiscoveryResponse(issuer, r));
const client = { client_id: 'rs-client' };
const auth = oauth.ClientSecretBasic('rs-client-secret');
const params = () => new URLSearchParams({ scope: 'read', resource });

async function boundToken(keyPair) {
  const DPoP = oauth.DPoP(client, keyPair);
  const resp = await oauth.clientCredentialsGrantRequest(as, client, auth, params(), { DPoP });
  const t = await oauth.processClientCredentialsResponse(as, client, resp);
  return { DPoP, token: t.access_token, type: t.token_type };
}

if (mode === 'client') {
  const keyPair = await oauth.generateKeyPair('ES256');
  const { DPoP, token, type } = await boundToken(keyPair);
  const out = { tokenType: type, statuses: [], nonceRetries: 0 };
  for (let i = 0; i < 2; i++) {
    const go = () => oauth.protectedResourceRequest(token, 'GET', new URL(url),
      new Headers(), null, { DPoP, [oauth.allowInsecureRequests]: true });
    let res;
    try {
      res = await go();
    } catch (e) {
      if (oauth.isDPoPNonceError(e)) {
        out.nonceRetries++;
        res = await go();
      } else {
        out.error = String(e.message || e);
        break;
      }
    }
    out.statuses.push(res.status);
  }
  console.log(JSON.stringify(out));
  process.exit(0);
}

// proofs: the key the token is bound to, another key, and the token
const { publicKey, privateKey } = await generateKeyPair('ES256', { extractable: true });
const keyPair = { publicKey, privateKey };
const { token } = await boundToken(keyPair);
const jwk = await exportJWK(publicKey);
const other = await generateKeyPair('ES256', { extractable: true });
const otherJwk = await exportJWK(other.publicKey);
const ath = crypto.createHash('sha256').update(token).digest('base64url');
const now = Math.floor(Date.now() / 1000);
const base = () => ({ jti: crypto.randomUUID(), htm: 'GET', htu: url, iat: now, ath,
                      ...(nonce ? { nonce } : {}) });

async function proof(claims, { header = {}, key = privateKey, pub = jwk } = {}) {
  return new SignJWT(claims)
    .setProtectedHeader({ alg: 'ES256', typ: 'dpop+jwt', jwk: pub, ...header })
    .sign(key);
}
const good = await proof(base());
const privJwk = await exportJWK(privateKey);
const out = {
  token, jkt: await calculateJwkThumbprint(jwk),
  good, good2: await proof(base()),
  htuQueryIgnored: await proof({ ...base(), htu: url + '?a=b#c' }),
  bad: {
    typ: await proof(base(), { header: { typ: 'jwt' } }),
    privateJwk: await proof(base(), { pub: privJwk }),
    signature: good.slice(0, -4) + (good.endsWith('AAAA') ? 'BBBB' : 'AAAA'),
    htm: await proof({ ...base(), htm: 'POST' }),
    htu: await proof({ ...base(), htu: url + '/other' }),
    stale: await proof({ ...base(), iat: now - 3600 }),
    future: await proof({ ...base(), iat: now + 3600 }),
    noAth: await proof((({ ath: _a, ...c }) => c)(base())),
    wrongAth: await proof({ ...base(), ath: 'x'.repeat(43) }),
    noJti: await proof((({ jti: _j, ...c }) => c)(base())),
    notJws: 'not-a-proof',
  },
  // a valid proof, but by a key the token is not bound to: invalid_token
  otherKey: await proof(base(), { key: other.privateKey, pub: otherJwk }),
};
console.log(JSON.stringify(out));
