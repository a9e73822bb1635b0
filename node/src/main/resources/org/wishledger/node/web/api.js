// The node's RPC (docs/rpc.md), same origin as the page. Errors come as {code, message}.
export class RpcError extends Error {
  constructor(status, code, message) { super(`${code}: ${message}`); this.status = status; this.code = code; }
}

async function answer(r) {
  const text = await r.text();
  let body;
  try { body = JSON.parse(text); } catch { throw new RpcError(r.status, "MALFORMED", text.slice(0, 200)); }
  if (!r.ok) throw new RpcError(r.status, body.code || "ERROR", body.message || text);
  return body;
}

export const get = (path) => fetch(path, { cache: "no-store" }).then(answer);
export const postJson = (path, body) => fetch(path, {
  method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body),
}).then(answer);
export const postTx = (bytes, wait = "committed") => fetch(`/txs?wait=${wait}`, {
  method: "POST", headers: { "content-type": "application/x-protobuf" }, body: bytes,
}).then(answer);

/** Every committed wish, in chain order (pages of 500). */
export async function allWishes() {
  const out = [];
  let h = 0, i = "";
  for (;;) {
    const page = await get(`/wishes?after_height=${h}&limit=500${i === "" ? "" : `&after_index=${i}`}`);
    out.push(...page.wishes);
    if (!page.more) return out;
    h = page.next_after_height; i = page.next_after_index;
  }
}
