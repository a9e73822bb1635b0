// A key made and kept in this browser: WebCrypto Ed25519 (no third-party code). The private key is
// stored as PKCS#8 in localStorage under this origin only; it never leaves the page.
import { hex } from "./proto.js";

const STORE = "wishledger.key.pkcs8";
const ED = { name: "Ed25519" };

function b64(bytes) { return btoa(String.fromCharCode(...bytes)); }
function unb64(s) { return Uint8Array.from(atob(s), (c) => c.charCodeAt(0)); }

async function describe(privateKey, publicKey) {
  const pub = new Uint8Array(await crypto.subtle.exportKey("raw", publicKey));
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", pub));
  return { privateKey, publicKey: pub, address: hex(digest.slice(0, 20)) };  // address = SHA-256(pubkey)[0..20)
}

/** The stored key, or null. */
export async function load() {
  const saved = localStorage.getItem(STORE);
  if (!saved) return null;
  const pkcs8 = unb64(saved);
  const privateKey = await crypto.subtle.importKey("pkcs8", pkcs8, ED, true, ["sign"]);
  // WebCrypto derives no public key from a private one; the JWK export carries it (x).
  const jwk = await crypto.subtle.exportKey("jwk", privateKey);
  const publicKey = await crypto.subtle.importKey("jwk", { kty: "OKP", crv: "Ed25519", x: jwk.x }, ED, true, ["verify"]);
  return describe(privateKey, publicKey);
}

/** Makes a new key and stores it, replacing any previous one. */
export async function create() {
  const pair = await crypto.subtle.generateKey(ED, true, ["sign", "verify"]);
  const pkcs8 = new Uint8Array(await crypto.subtle.exportKey("pkcs8", pair.privateKey));
  localStorage.setItem(STORE, b64(pkcs8));
  return describe(pair.privateKey, pair.publicKey);
}

export async function sign(key, bytes) {
  return new Uint8Array(await crypto.subtle.sign(ED, key.privateKey, bytes));
}
