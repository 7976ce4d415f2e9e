// The verifier library the Learner Credential Wallet and VerifierPlus use,
// run on credentials the tracker issued.
//
//   node verify.mjs
//
// Reads one JSON request per line on standard input and answers each with one
// JSON line on standard output: the verifier's verdict (its "log" of steps, or
// its fatal "errors") and the addresses it fetched or was refused.  A request:
//
//   {"credential": {...},
//    "routes": {"https://tracker.test": "http://127.0.0.1:8123"},
//    "files": {"https://purl.imsglobal.org/.../schema.json": "/path/to/schema.json"}}
//
// Offline by construction: an address under a "routes" key (the did:web DID
// document, the status lists) is fetched from the test's live server instead,
// with the rest of its path, over plain HTTP where TLS would end at a proxy in
// production; an address in "files" is answered with that file; any other
// address is refused, and listed in "refused" so that a test can assert what
// was asked for.  JSON-LD contexts come from the verifier's own bundled copies.

import { readFile } from 'node:fs/promises';
import readline from 'node:readline';

let request = { routes: {}, files: {} };
let fetched = [];
let refused = [];

const networkFetch = globalThis.fetch;
globalThis.fetch = async (input, init) => {
  const original = new Request(input, init);
  const address = original.url;
  for (const [publicBase, serverBase] of Object.entries(request.routes ?? {})) {
    if (address === publicBase || address.startsWith(publicBase.replace(/\/$/, '') + '/')) {
      fetched.push(address);
      const target = serverBase.replace(/\/$/, '') + address.slice(publicBase.replace(/\/$/, '').length);
      return networkFetch(new Request(target, original));
    }
  }
  const file = request.files?.[address];
  if (file) {
    fetched.push(address);
    return new Response(await readFile(file), { headers: { 'Content-Type': 'application/json' } });
  }
  refused.push(address);
  throw new TypeError(`offline test: ${address} is not fetched`);
};
// Standard output carries the answers only; the library's own messages go to stderr.
console.log = (...args) => console.error(...args);

// Imported after fetch is replaced, so that no module holds the original.
const { verifyCredential } = await import('@digitalcredentials/verifier-core');

function plain(errors) {
  return errors?.map((error) => ({ name: error.name, message: error.message })) ?? null;
}

const lines = readline.createInterface({ input: process.stdin, terminal: false });
for await (const line of lines) {
  if (!line.trim()) continue;
  fetched = [];
  refused = [];
  let answer;
  try {
    request = JSON.parse(line);
    const result = await verifyCredential({ credential: request.credential, knownDIDRegistries: [] });
    answer = {
      log: result.log ?? null,
      errors: plain(result.errors),
      additionalInformation: result.additionalInformation ?? null,
    };
  } catch (error) {
    answer = { log: null, errors: [{ name: 'harness', message: String(error?.stack ?? error) }] };
  }
  process.stdout.write(JSON.stringify({ ...answer, fetched, refused }) + '\n');
}
