// A minimal protobuf writer for the three messages a browser signs: Tx, TxBody and Wish
// (ledger/src/main/proto/wishledger/tx.proto). Fields are written in field-number order and
// defaults (0, "", empty) are left out, exactly as the Java encoder does, so the byte size the
// fee is computed on is the size the node sees.

const utf8 = new TextEncoder();

class Writer {
  constructor() { this.parts = []; this.length = 0; }
  push(bytes) { this.parts.push(bytes); this.length += bytes.length; }
  varint(value) {                      // value: BigInt, unsigned 64-bit
    let v = BigInt.asUintN(64, BigInt(value));
    const out = [];
    while (v >= 0x80n) { out.push(Number(v & 0x7fn) | 0x80); v >>= 7n; }
    out.push(Number(v));
    this.push(Uint8Array.from(out));
  }
  tag(field, wire) { this.varint(BigInt((field << 3) | wire)); }
  uint64(field, value) { if (BigInt(value) !== 0n) { this.tag(field, 0); this.varint(value); } }
  bytes(field, bytes, always = false) {
    if (!always && (!bytes || bytes.length === 0)) return;
    this.tag(field, 2); this.varint(BigInt(bytes.length)); this.push(bytes);
  }
  string(field, text) { if (text) this.bytes(field, utf8.encode(text)); }
  finish() {
    const out = new Uint8Array(this.length);
    let at = 0;
    for (const p of this.parts) { out.set(p, at); at += p.length; }
    return out;
  }
}

/** Wish {scenario, desired, undesired, language, tags[], burn, parent}. */
export function encodeWish(w) {
  const o = new Writer();
  o.string(1, w.scenario); o.string(2, w.desired); o.string(3, w.undesired); o.string(4, w.language);
  for (const t of w.tags || []) o.bytes(5, utf8.encode(t), true);
  o.uint64(6, w.burn || 0n);
  o.bytes(7, w.parent);
  return o.finish();
}

/** TxBody {chain_id, signer_pubkey, nonce, fee, wish=11}. */
export function encodeTxBody(b) {
  const o = new Writer();
  o.string(1, b.chainId); o.bytes(2, b.signerPubkey); o.uint64(3, b.nonce); o.uint64(4, b.fee);
  o.bytes(11, encodeWish(b.wish), true);
  return o.finish();
}

/** Tx {body_bytes, signature}. */
export function encodeTx(bodyBytes, signature) {
  const o = new Writer();
  o.bytes(1, bodyBytes); o.bytes(2, signature);
  return o.finish();
}

/** Encoded size of a Tx whose body is bodyBytes and whose signature is 64 bytes. */
export function txSize(bodyBytes) {
  return encodeTx(bodyBytes, new Uint8Array(64)).length;
}

/**
 * The smallest fee f with f >= min_fee + fee_per_byte * size(tx carrying f): the fee is inside the
 * tx, so a larger fee can make it a byte longer; iterate to the fixed point (the rule of
 * client/TxBuilder.minimumFee and genesis params).
 */
export function minimumFee(body, params) {
  const minFee = BigInt(params.min_fee), perByte = BigInt(params.fee_per_byte);
  let fee = minFee;
  for (;;) {
    const required = minFee + perByte * BigInt(txSize(encodeTxBody({ ...body, fee })));
    if (fee >= required) return fee;
    fee = required;
  }
}

export const hex = (bytes) => Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
export const unhex = (s) => Uint8Array.from(s.match(/../g) || [], (h) => parseInt(h, 16));
