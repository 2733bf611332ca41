// A strict real client of the resource-server tests: the MCP TypeScript
// SDK's own discovery, as an MCP client does it after a 401.
//   node mcp-client.mjs URL CLIENT_ID SECRET
// 1. POST an MCP initialize without a token; read the first challenge with
//    extractWWWAuthenticateParams (resource_metadata, scope)
// 2. discoverOAuthServerInfo: the resource metadata, then the
//    authorization server's metadata
// 3. a client-credentials token from that token endpoint for the
//    advertised resource and scope; the same POST with it
// Prints one JSON object with what each step saw.
import { extractWWWAuthenticateParams, discoverOAuthServerInfo }
  from '@modelcontextprotocol/sdk/client/auth.js';

const [url, clientId, secret] = process.argv.slice(2);
const body = JSON.stringify({
  jsonrpc: '2.0', id: 1, method: 'initialize',
  params: { protocolVersion: '2025-06-18', capabilities: {},
            clientInfo: { name: 'authstatus-test', version: '1' } },
});
const headers = { 'content-type': 'application/json',
                  accept: 'application/json, text/event-stream' };
const out = {};
try {
  let res = await fetch(url, { method: 'POST', headers, body });
  out.first = res.status;
  const p = extractWWWAuthenticateParams(res);
  out.resourceMetadataUrl = p.resourceMetadataUrl ? p.resourceMetadataUrl.href : null;
  out.scope = p.scope || null;
  const info = await discoverOAuthServerInfo(url, { resourceMetadataUrl: p.resourceMetadataUrl });
  out.authorizationServerUrl = info.authorizationServerUrl;
  out.resource = info.resourceMetadata ? info.resourceMetadata.resource : null;
  out.tokenEndpoint = info.authorizationServerMetadata
    ? info.authorizationServerMetadata.token_endpoint : null;
  const tr = await fetch(out.tokenEndpoint, {
    method: 'POST',
    headers: { authorization: 'Basic ' + Buffer.from(`${clientId}:${secret}`).toString('base64'),
               'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'client_credentials',
                                resource: out.resource, scope: out.scope || '' }),
  });
  const tok = await tr.json();
  out.tokenStatus = tr.status;
  res = await fetch(url, { method: 'POST', headers: { ...headers,
    authorization: `Bearer ${tok.access_token}` }, body });
  out.second = res.status;
} catch (e) {
  out.error = String(e && e.message ? e.message : e);
}
console.log(JSON.stringify(out));
