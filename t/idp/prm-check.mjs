// oauth4webapi's strict RFC 9728 validation of a resource's metadata:
//   node prm-check.mjs RESOURCE
// Prints {"ok":true,"metadata":{…}} or {"ok":false,"error":"…"}.
import * as oauth from 'oauth4webapi';

const resource = new URL(process.argv[2]);
try {
  const res = await oauth.resourceDiscoveryRequest(resource,
    { [oauth.allowInsecureRequests]: resource.protocol === 'http:' });
  const md = await oauth.processResourceDiscoveryResponse(resource, res);
  console.log(JSON.stringify({ ok: true, metadata: md }));
} catch (e) {
  console.log(JSON.stringify({ ok: false, error: String(e.message || e), code: e.code }));
}
