// The verifier library the Learner Credential Wallet and VerifierPlus use,
// run on credentials the tracker issued.
//
//   node verify.mjs PUBLIC_ORIGIN SERVER_ORIGIN
//
// Reads one JSON request per line on standard input, {"credential": {...}},
// and answers each with one JSON line on standard output: the verifier's
// verdict (its "log" of steps, or its fatal "errors") and the addresses it
// tried to fetch.
//
// Offline by construction: every fetch of an address under PUBLIC_ORIGIN (the
// did:web DID document, the status lists) is sent to SERVER_ORIGIN, the test's
// live server (over plain HTTP, where TLS would end at a proxy in production);
// any other address is refused, and listed in "refused" so that a test can
// assert nothing else was asked for.  JSON-LD contexts come from the
// verifier's own bundled copies.

import readline from 'node:readline';

const [publicOrigin, serverOrigin] = process.argv.slice(2);
if (!publicOrigin || !serverOrigin) {
  console.error('usage: node verify.mjs PUBLIC_ORIGIN SERVER_ORIGIN');
  process.exit(2);
}

let fetched = [];
let refused = [];
const networkFetch = globalThis.fetch;
globalThis.fetch = async (input, init) => {
  const request = new Request(input, init);
  const url = new URL(request.url);
  if (url.origin !== publicOrigin) {
    refused.push(url.href);
    throw new TypeError(`offline test: ${url.href} is not fetched`);
  }
  fetched.push(url.href);
  return networkFetch(new Request(serverOrigin + url.pathname + url.search, request));
};
// Standard output carries the answers only; the library's own messages go to stderr.
console.log = (...args) => console.error(...args);

// Imported after fetch is replaced, so that no module holds the original.
const { verifyCredential } = await import('@digitalcredentials/verifier-core');

function plain(errors) {
  return errors?.map((error) => ({ name: error.name, message: error.message }));
}

const lines = readline.createInterface({ input: process.stdin, terminal: false });
for await (const line of lines) {
  if (!line.trim()) continue;
  fetched = [];
  refused = [];
  let answer;
  try {
    const { credential } = JSON.parse(line);
    const result = await verifyCredential({ credential, knownDIDRegistries: [] });
    answer = {
      log: result.log ?? null,
      errors: plain(result.errors) ?? null,
      additionalInformation: result.additionalInformation ?? null,
    };
  } catch (error) {
    answer = { log: null, errors: [{ name: 'harness', message: String(error?.stack ?? error) }] };
  }
  process.stdout.write(JSON.stringify({ ...answer, fetched, refused }) + '\n');
}
