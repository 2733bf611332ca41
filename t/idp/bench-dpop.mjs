// Proofs for make bench's DPoP scenario: a token signed by the bench's
// ES256 key, bound (cnf.jkt) to a fresh proof key, and N proofs for GET URL,
// each with its own jti (a proof is good once).
//   node bench-dpop.mjs KEY.pem KID ISS AUD URL N OUT
// OUT: the token on the first line, then one proof a line.
import fs from 'node:fs';
import crypto from 'node:crypto';
import { SignJWT, importPKCS8, generateKeyPair, exportJWK, calculateJwkThumbprint } from 'jose';

const [keyFile, kid, iss, aud, url, n, outFile] = process.argv.slice(2);
const signer = await importPKCS8(fs.readFileSync(keyFile, 'utf8'), 'ES256');
const { publicKey, privateKey } = await generateKeyPair('ES256', { extractable: true });
const jwk = await exportJWK(publicKey);
const now = Math.floor(Date.now() / 1000);
const token = await new SignJWT({ sub: 'alice', iss, aud, scope: 'read write',
  cnf: { jkt: await calculateJwkThumbprint(jwk) } })
  .setProtectedHeader({ alg: 'ES256', kid, typ: 'at+jwt' })
  .setIssuedAt(now - 10).setExpirationTime(now + 86400).sign(signer);
const ath = crypto.createHash('sha256').update(token).digest('base64url');
const out = fs.createWriteStream(outFile);
out.write(token + '\n');
for (let i = 0; i < Number(n); i++) {
  const p = await new SignJWT({ jti: crypto.randomUUID(), htm: 'GET', htu: url, iat: now, ath })
    .setProtectedHeader({ alg: 'ES256', typ: 'dpop+jwt', jwk }).sign(privateKey);
  out.write(p + '\n');
}
out.end();
