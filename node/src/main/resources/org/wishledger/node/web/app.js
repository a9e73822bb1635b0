// The web app: hash routes over the node's RPC. Every text from the chain goes in via textContent
// (never innerHTML), since wishes are arbitrary user input.
import * as api from "./api.js";
import * as wallet from "./wallet.js";
import * as charts from "./charts.js";
import { encodeTx, encodeTxBody, hex, minimumFee, unhex } from "./proto.js";

const view = document.getElementById("view");

function h(tag, attrs = {}, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (k.startsWith("on")) e.addEventListener(k.slice(2), v);
    else if (v !== undefined && v !== null) e.setAttribute(k, v);
  }
  for (const c of children.flat(Infinity)) e.append(c instanceof Node ? c : document.createTextNode(String(c ?? "")));
  return e;
}
const short = (s) => (s ? `${s.slice(0, 10)}…` : "");
const when = (ms) => (Number(ms) ? new Date(Number(ms)).toLocaleString() : "");
const tags = (w) => (w.tags || []).map((t) => h("span", { class: "tag" }, t));
const wishLink = (id) => h("a", { href: `#/wish/${id}`, class: "hex" }, short(id));
const failure = (e) => h("p", { class: "error" }, String(e.message || e));

// ---- live height ----
async function tick() {
  try {
    const s = await api.get("/status");
    document.getElementById("live").textContent = `${s.chain_id} · height ${s.height}${s.catching_up ? " (catching up)" : ""}`;
  } catch { document.getElementById("live").textContent = "node unreachable"; }
}
setInterval(tick, 2000); tick();

// ---- wishes, loaded once per view and cached briefly ----
let cache = { at: 0, wishes: null };
async function wishes() {
  if (!cache.wishes || Date.now() - cache.at > 3000) cache = { at: Date.now(), wishes: await api.allWishes() };
  return cache.wishes;
}

// ---- #/ : chain overview ----
async function home() {
  const [status, blocks, validators, evidence] = await Promise.all([
    api.get("/status"), api.get("/blocks?txs=true"), api.get("/validators"), api.get("/evidence?limit=100")]);
  const rows = [...blocks.blocks].reverse();
  const txs = rows.flatMap((b) => (b.txs || []).map((t) => ({ ...t, height: b.height }))).slice(0, 20);
  return [
    h("h1", {}, "Chain ", h("code", {}, status.chain_id)),
    h("p", { class: "muted" }, `height ${status.height} · app hash `, h("code", {}, short(status.app_hash)),
      ` · ${status.peers.length} peers · node ${status.moniker}`),
    h("div", { class: "grid" },
      h("div", { class: "card" }, h("h2", {}, "Latest blocks"), h("table", { id: "blocks" },
        h("tr", {}, h("th", {}, "height"), h("th", {}, "txs"), h("th", {}, "time"), h("th", {}, "id")),
        rows.map((b) => h("tr", {}, h("td", {}, b.height), h("td", {}, b.num_txs), h("td", {}, when(b.time_ms)),
          h("td", { class: "hex" }, short(b.block_id)))))),
      h("div", { class: "card" }, h("h2", {}, "Latest txs"), txs.length ? h("table", {},
        h("tr", {}, h("th", {}, "height"), h("th", {}, "kind"), h("th", {}, "hash")),
        txs.map((t) => h("tr", {}, h("td", {}, t.height), h("td", {}, t.wish ? "wish" : t.endorse ? "endorse" : "transfer"),
          h("td", {}, t.wish ? wishLink(t.hash) : h("span", { class: "hex" }, short(t.hash))))))
        : h("p", { class: "muted" }, "no txs in these blocks"))),
    h("h2", {}, `Validators (total power ${validators.total_power})`),
    h("table", {}, h("tr", {}, h("th", {}, "name"), h("th", {}, "address"), h("th", {}, "power")),
      validators.validators.map((v) => h("tr", {}, h("td", {}, v.name), h("td", { class: "hex" }, v.address), h("td", {}, v.power)))),
    h("h2", {}, "Evidence"),
    evidence.evidence.length ? h("table", {}, evidence.evidence.map((e) => h("tr", {},
      h("td", { class: "hex" }, e.validator), h("td", {}, `height ${e.height} round ${e.round}`), h("td", {}, e.vote_type))))
      : h("p", { class: "muted" }, "no equivocation recorded"),
  ];
}

// ---- #/wishes : search and sort ----
async function list() {
  const all = await wishes();
  const q = h("input", { id: "search", placeholder: "search text, or tag:health" });
  const sort = h("select", { id: "sort" }, h("option", { value: "recent" }, "most recent"),
    h("option", { value: "influence" }, "most influence"));
  const body = h("tbody", {});
  const count = h("p", { class: "muted" });
  const render = () => {
    const words = q.value.toLowerCase().split(/\s+/).filter(Boolean);
    const hits = all.filter((w) => words.every((word) => word.startsWith("tag:")
      ? (w.tags || []).some((t) => t.toLowerCase() === word.slice(4))
      : `${w.scenario}\n${w.desired}\n${w.undesired}`.toLowerCase().includes(word)));
    hits.sort(sort.value === "influence"
      ? (a, b) => Number(BigInt(b.influence) - BigInt(a.influence)) || b.height - a.height
      : (a, b) => b.height - a.height || b.index - a.index);
    count.textContent = `${hits.length} of ${all.length} wishes`;
    body.replaceChildren(...hits.slice(0, 200).map((w) => h("tr", { class: "wish-row", "data-id": w.id },
      h("td", {}, wishLink(w.id)), h("td", {}, w.scenario.slice(0, 140)), h("td", {}, tags(w)),
      h("td", {}, w.influence), h("td", {}, w.height))));
  };
  q.addEventListener("input", render); sort.addEventListener("change", render);
  render();
  return [h("h1", {}, "Wishes"), h("div", { class: "toolbar" }, q, sort), count,
    h("table", {}, h("thead", {}, h("tr", {}, h("th", {}, "id"), h("th", {}, "scenario"), h("th", {}, "tags"),
      h("th", {}, "influence"), h("th", {}, "height"))), body)];
}

// ---- #/wish/<id> : one wish and its lineage ----
async function wishPage(id) {
  const [w, all] = await Promise.all([api.get(`/wishes/${id}`), wishes()]);
  const children = all.filter((x) => x.parent === id);
  const field = (name, text, domId) => [h("h2", {}, name), h("p", { id: domId }, text || h("span", { class: "muted" }, "—"))];
  return [
    h("h1", {}, "Wish ", h("code", { id: "wish-id" }, id)),
    h("p", { class: "muted" }, `height ${w.height} · index ${w.index} · ${when(w.time_ms)} · burn ${w.burn} + endorsed ${w.endorsed_burn} = influence ${w.influence}`),
    h("p", {}, tags(w)),
    field("Scenario", w.scenario, "wish-scenario"), field("Desired", w.desired, "wish-desired"),
    field("Undesired", w.undesired, "wish-undesired"),
    h("h2", {}, "Lineage"),
    h("p", {}, "Parent: ", w.parent ? wishLink(w.parent) : h("span", { class: "muted" }, "none (an original wish)")),
    h("p", { id: "children" }, `Copied and adapted by ${children.length}: `, children.map((c) => [wishLink(c.id), " "])),
    h("button", { id: "copy-adapt", onclick: () => { sessionStorage.setItem("adapt", JSON.stringify(w)); location.hash = "#/post"; } }, "Copy & adapt"),
  ];
}

// ---- #/post : key, faucet, new wish ----
async function post() {
  const genesis = await api.get("/genesis");
  let key = await wallet.load();
  const keyBox = h("div", { class: "card" });
  const drawKey = async () => {
    if (!key) { keyBox.replaceChildren(h("p", {}, "No key in this browser yet."), h("button", { id: "new-key", onclick: async () => { key = await wallet.create(); drawKey(); } }, "Make a key")); return; }
    const account = await api.get(`/accounts/${key.address}`);
    const status = h("span", { id: "faucet-status" });
    keyBox.replaceChildren(
      h("p", {}, "Address ", h("code", { id: "address" }, key.address)),
      h("p", {}, "Balance ", h("b", { id: "balance" }, account.balance), ` · next nonce ${account.nonce}`),
      h("button", { id: "faucet", class: "secondary", onclick: async () => {
        status.textContent = " asking the faucet…";
        try { const g = await api.postJson("/faucet", { address: key.address }); status.textContent = ` funded ${g.amount} at height ${g.height}`; drawKey(); }
        catch (e) { status.textContent = ` ${e.message}`; }
      } }, "Fund from the testnet faucet"), status);
  };
  await drawKey();
  const adapt = JSON.parse(sessionStorage.getItem("adapt") || "null");
  sessionStorage.removeItem("adapt");
  const input = (id, tag = "input", value = "") => { const e = h(tag, { id }); e.value = value; return e; };
  const f = {
    scenario: input("scenario", "textarea", adapt?.scenario), desired: input("desired", "textarea", adapt?.desired),
    undesired: input("undesired", "textarea", adapt?.undesired), tags: input("tags", "input", (adapt?.tags || []).join(", ")),
    burn: input("burn", "input", "100"), parent: input("parent", "input", adapt?.id || ""),
  };
  const result = h("div", { id: "post-result" });
  const send = async () => {
    result.replaceChildren(h("p", { class: "muted" }, "signing and sending…"));
    try {
      if (!key) throw new Error("make a key first");
      const account = await api.get(`/accounts/${key.address}`);
      const body = {
        chainId: genesis.chain_id, signerPubkey: key.publicKey, nonce: BigInt(account.nonce),
        wish: { scenario: f.scenario.value, desired: f.desired.value, undesired: f.undesired.value,
          tags: f.tags.value.split(",").map((t) => t.trim()).filter(Boolean), burn: BigInt(f.burn.value || "0"),
          parent: f.parent.value ? unhex(f.parent.value.trim()) : undefined },
      };
      body.fee = minimumFee(body, genesis.params);
      const bodyBytes = encodeTxBody(body);
      const tx = encodeTx(bodyBytes, await wallet.sign(key, bodyBytes));
      const r = await api.postTx(tx, "committed");
      cache.at = 0;
      result.replaceChildren(h("p", { class: "ok" }, `committed at height ${r.height} (fee ${body.fee}) · `,
        h("a", { id: "posted-link", href: `#/wish/${r.hash}` }, `open wish ${short(r.hash)}`)));
      drawKey();
    } catch (e) { result.replaceChildren(failure(e)); }
  };
  return [h("h1", {}, adapt ? "Copy & adapt a wish" : "Post a wish"), keyBox,
    h("div", { class: "card" },
      h("label", {}, "Scenario"), f.scenario, h("label", {}, "Desired behaviour"), f.desired,
      h("label", {}, "Undesired behaviour (optional)"), f.undesired, h("label", {}, "Tags (comma separated)"), f.tags,
      h("label", {}, "Burn"), f.burn, h("label", {}, "Parent wish id (set by copy & adapt)"), f.parent,
      h("button", { id: "submit", onclick: send }, "Sign and post"), result)];
}

// ---- #/score : playground ----
function score() {
  const prompt = h("textarea", { id: "prompt" }), response = h("textarea", { id: "response" });
  const out = h("div", { id: "score-result" });
  const run = async () => {
    out.replaceChildren(h("p", { class: "muted" }, "scoring…"));
    try {
      const r = await api.postJson("/score", { items: [{ prompt: prompt.value, response: response.value }], explain: true });
      const x = r.results[0];
      out.replaceChildren(h("p", {}, "Reward ", h("b", { id: "reward" }, Number(x.reward).toFixed(4)),
        ` from ${x.count} wishes (weight ${Number(x.weight).toFixed(1)}, coverage ${Number(x.coverage).toFixed(3)}) at height ${r.height}, mode ${r.mode}, model ${r.model}`),
      h("p", { class: "muted" }, `stance distribution over the matched wishes: p10 ${Number(x.p10).toFixed(3)} · p50 ${Number(x.p50).toFixed(3)} · p90 ${Number(x.p90).toFixed(3)}`),
      movedMost(x.top_wishes || []));
    } catch (e) { out.replaceChildren(failure(e)); }
  };
  return [h("h1", {}, "Score playground"), h("div", { class: "card" }, h("label", {}, "Prompt"), prompt,
    h("label", {}, "Response"), response, h("button", { id: "score-btn", onclick: run }, "Score"), out)];
}

// The wishes that moved the reward most (explain: contribution = weight × stance / Σ weight, they add up to the reward).
function movedMost(top) {
  if (!top.length) return h("p", { class: "muted", id: "moved-most" }, "no wish passed the gate");
  return h("div", { id: "moved-most" }, h("h2", {}, "Wishes that moved it most"),
    h("table", {}, h("tr", {}, h("th", {}, "contribution"), h("th", {}, "weight"), h("th", {}, "stance"), h("th", {}, "wish")),
      ...top.map((c) => h("tr", { class: "contribution" },
        h("td", {}, `${c.contribution >= 0 ? "+" : ""}${Number(c.contribution || 0).toFixed(4)}`),
        h("td", {}, Number(c.weight || 0).toFixed(2)), h("td", {}, Number(c.stance || 0).toFixed(3)),
        h("td", {}, h("a", { href: `#/wish/${c.id}` }, c.text || c.id.slice(0, 12)))))));
}

// ---- #/charts : pictures ----
async function pictures() {
  const all = await wishes();
  let n = 0, burn = 0;
  const byHeight = new Map();
  for (const w of all) { n += 1; burn += Number(w.influence); byHeight.set(Number(w.height), [n, burn]); }
  const count = [...byHeight].map(([hgt, [c]]) => [hgt, c]), burnPts = [...byHeight].map(([hgt, [, b]]) => [hgt, b]);
  const tagCount = new Map();
  for (const w of all) for (const t of w.tags || []) tagCount.set(t, (tagCount.get(t) || 0) + 1);
  const topTags = [...tagCount].sort((a, b) => b[1] - a[1]).slice(0, 12);
  const l = charts.lorenz(all.map((w) => w.influence));
  return [h("h1", {}, "Pictures"), h("div", { class: "grid" },
    h("div", { class: "card" }, h("h2", {}, "Wishes and influence over time"),
      charts.lines([{ points: count, color: "#3856d6", label: "wishes" }, { points: burnPts, color: "#d64f38", label: "burn+endorse" }], "height", "cumulative")),
    h("div", { class: "card", id: "lorenz" }, h("h2", {}, "Influence distribution (Lorenz curve)"), l.svg,
      h("p", { class: "muted", id: "top1" }, `top 1% share ${(100 * l.top1).toFixed(1)}%, Gini ${l.gini.toFixed(3)}`)),
    h("div", { class: "card" }, h("h2", {}, "Tags"), topTags.length ? charts.bars(topTags) : h("p", { class: "muted" }, "no tags yet")),
    await aggregateCard())];
}

// GET /aggregate: does the "benefits humanity" direction add up while "benefits the self" cancels?
async function aggregateCard() {
  const card = h("div", { class: "card", id: "aggregate" }, h("h2", {}, "Humanity vs self (aggregate)"));
  let a;
  try { a = await api.get("/aggregate"); } catch (e) { card.append(failure(e)); return card; }
  const rows = [];
  for (const axis of a.axes || []) {
    const o = axis.overall || {};
    rows.push([`${axis.axis} (all)`, o.alignment || 0, `${o.wishes || 0} wishes`]);
    const tags = Object.entries(axis.by_tag || {}).sort((x, y) => (y[1].weight || 0) - (x[1].weight || 0)).slice(0, 3);
    for (const [tag, t] of tags) rows.push([`  ${tag}`, t.alignment || 0, ""]);
  }
  card.dataset.wishes = String(((a.axes || [])[0]?.overall || {}).wishes || 0); // for the browser test
  card.append(charts.signedBars(rows), h("p", { class: "muted", id: "aggregate-note" },
    `alignment = weighted sum / weighted magnitude of each wish's projection on the axis, at scoring height ${a.height}, `
    + `${a.weighting} weighting, model ${a.model}; the top 3 tags by weight under each axis`));
  return card;
}

// ---- router ----
async function route() {
  const path = location.hash.replace(/^#/, "") || "/";
  const [, page, arg] = path.split("/");
  view.replaceChildren(h("p", { class: "muted" }, "loading…"));
  try {
    const content = page === "wishes" ? await list() : page === "wish" ? await wishPage(arg)
      : page === "post" ? await post() : page === "score" ? score() : page === "charts" ? await pictures() : await home();
    view.replaceChildren(...[content].flat(Infinity));
    view.dataset.page = page || "home";
  } catch (e) { view.replaceChildren(failure(e)); }
}
addEventListener("hashchange", route);
route();
