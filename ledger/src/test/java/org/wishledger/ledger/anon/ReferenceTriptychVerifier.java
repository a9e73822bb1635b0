package org.wishledger.ledger.anon;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * A second, slow, independent Triptych verifier for the tests: BigInteger field and scalar arithmetic,
 * its own ristretto255 decoder written from RFC 9496's formulas, its own Edwards addition and
 * double-and-add, its own transcript from the layout documented in {@link TriptychTranscript}, and the
 * four verification equations checked one by one (no batching, no random weights, no Montgomery form,
 * no multi-scalar multiplication). Shares nothing with the production verifier except the pinned
 * generator encodings it is given and the Ring's keys and hash.
 */
final class ReferenceTriptychVerifier {
    static final BigInteger P = BigInteger.TWO.pow(255).subtract(BigInteger.valueOf(19));
    static final BigInteger L = BigInteger.TWO.pow(252).add(new BigInteger("27742317777372353535851937790883648493"));
    static final BigInteger D = BigInteger.valueOf(-121665).multiply(BigInteger.valueOf(121666).modInverse(P)).mod(P);
    static final BigInteger SQRT_M1 = BigInteger.TWO.modPow(P.subtract(BigInteger.ONE).shiftRight(2), P);

    /** Extended coordinates (X : Y : Z : T). */
    record Pt(BigInteger x, BigInteger y, BigInteger z, BigInteger t) {
        static final Pt IDENTITY = new Pt(BigInteger.ZERO, BigInteger.ONE, BigInteger.ONE, BigInteger.ZERO);

        Pt add(Pt q) {
            BigInteger a = y.subtract(x).multiply(q.y.subtract(q.x)).mod(P);
            BigInteger b = y.add(x).multiply(q.y.add(q.x)).mod(P);
            BigInteger c = t.multiply(q.t).multiply(D).shiftLeft(1).mod(P);
            BigInteger d = z.multiply(q.z).shiftLeft(1).mod(P);
            BigInteger e = b.subtract(a);
            BigInteger f = d.subtract(c);
            BigInteger g = d.add(c);
            BigInteger h = b.add(a);
            return new Pt(e.multiply(f).mod(P), g.multiply(h).mod(P), f.multiply(g).mod(P), e.multiply(h).mod(P));
        }

        Pt negate() {
            return new Pt(x.negate().mod(P), y, z, t.negate().mod(P));
        }

        Pt times(BigInteger k) {
            Pt r = IDENTITY;
            for (int i = k.bitLength() - 1; i >= 0; i--) {
                r = r.add(r);
                if (k.testBit(i)) {
                    r = r.add(this);
                }
            }
            return r;
        }

        /** The ristretto255 identity: a 4-torsion point, x = 0 or y = 0. */
        boolean isIdentity() {
            return x.mod(P).signum() == 0 || y.mod(P).signum() == 0;
        }
    }

    private final int n;
    private final int m;
    private final Pt g;
    private final Pt u;
    private final Pt[][] h;

    ReferenceTriptychVerifier(TriptychParams params, String gHex, String uHex, String[][] hHex) {
        this.n = params.n();
        this.m = params.m();
        this.g = decode(hex(gHex), 0);
        this.u = decode(hex(uHex), 0);
        this.h = new Pt[m][n];
        for (int j = 0; j < m; j++) {
            for (int i = 0; i < n; i++) {
                h[j][i] = decode(hex(hHex[j][i]), 0);
            }
        }
    }

    boolean verify(String chainId, int denom, long bucketId, byte[] ringKeys, byte[] tag, byte[] bodyHash, byte[] proof) {
        int points = 4 + 2 * m;
        if (proof.length != 32 * (points + m * (n - 1) + 3)) {
            return false;
        }
        int size = ringKeys.length / 32;
        Pt[] ring = new Pt[size];
        for (int k = 0; k < size; k++) {
            ring[k] = decode(ringKeys, 32 * k);
            if (ring[k] == null) {
                return false;
            }
        }
        Pt[] pts = new Pt[points];
        for (int i = 0; i < points; i++) {
            pts[i] = decode(proof, 32 * i);
            if (pts[i] == null || pts[i].isIdentity()) {
                return false;
            }
        }
        Pt jTag = decode(tag, 0);
        if (jTag == null || jTag.isIdentity()) {
            return false;
        }
        int off = 32 * points;
        BigInteger[][] f = new BigInteger[m][n];
        for (int j = 0; j < m; j++) {
            for (int i = 1; i < n; i++) {
                f[j][i] = scalar(proof, off);
                off += 32;
            }
        }
        BigInteger zA = scalar(proof, off);
        BigInteger zC = scalar(proof, off + 32);
        BigInteger z = scalar(proof, off + 64);
        if (zA == null || zC == null || z == null) {
            return false;
        }
        for (BigInteger[] row : f) {
            for (int i = 1; i < n; i++) {
                if (row[i] == null) {
                    return false;
                }
            }
        }
        BigInteger xi = challenge(chainId, denom, bucketId, ringKeys, bodyHash, tag, proof, points);
        if (xi.signum() == 0) {
            return false;
        }
        for (int j = 0; j < m; j++) {
            BigInteger s = xi;
            for (int i = 1; i < n; i++) {
                s = s.subtract(f[j][i]);
            }
            f[j][0] = s.mod(L);
        }
        Pt a = pts[0], b = pts[1], c = pts[2], d = pts[3];
        // E1: A + xi B = Com(f; zA)
        Pt lhs1 = a.add(b.times(xi));
        Pt rhs1 = g.times(zA);
        // E2: xi C + D = Com(f (xi - f); zC)
        Pt lhs2 = c.times(xi).add(d);
        Pt rhs2 = g.times(zC);
        for (int j = 0; j < m; j++) {
            for (int i = 0; i < n; i++) {
                rhs1 = rhs1.add(h[j][i].times(f[j][i]));
                rhs2 = rhs2.add(h[j][i].times(f[j][i].multiply(xi.subtract(f[j][i])).mod(L)));
            }
        }
        if (!lhs1.add(rhs1.negate()).isIdentity() || !lhs2.add(rhs2.negate()).isIdentity()) {
            return false;
        }
        // E3: sum_k (prod_j f_{j,k_j}) M_k - sum_j xi^j X_j = z G, by one shared double-and-add chain
        BigInteger[] p = new BigInteger[size];
        for (int k = 0; k < size; k++) {
            BigInteger prod = BigInteger.ONE;
            int rest = k;
            for (int j = 0; j < m; j++) {
                prod = prod.multiply(f[j][rest % n]).mod(L);
                rest /= n;
            }
            p[k] = prod;
        }
        Pt lhs3 = Pt.IDENTITY;
        for (int bit = 252; bit >= 0; bit--) {
            lhs3 = lhs3.add(lhs3);
            for (int k = 0; k < size; k++) {
                if (p[k].testBit(bit)) {
                    lhs3 = lhs3.add(ring[k]);
                }
            }
        }
        Pt lhs4 = u.times(xi.modPow(BigInteger.valueOf(m), L));
        BigInteger power = BigInteger.ONE;
        for (int j = 0; j < m; j++) {
            lhs3 = lhs3.add(pts[4 + j].times(power).negate());
            lhs4 = lhs4.add(pts[4 + m + j].times(power).negate());
            power = power.multiply(xi).mod(L);
        }
        return lhs3.add(g.times(z).negate()).isIdentity() && lhs4.add(jTag.times(z).negate()).isIdentity();
    }

    private BigInteger challenge(String chainId, int denom, long bucketId, byte[] ringKeys, byte[] bodyHash,
            byte[] tag, byte[] proof, int points) {
        try {
            MessageDigest bucket = MessageDigest.getInstance("SHA-256");
            bucket.update("wishledger/anon/bucket/v1".getBytes(StandardCharsets.US_ASCII));
            bucket.update(be(denom, 4));
            bucket.update(be(bucketId, 8));
            bucket.update(ringKeys);
            byte[] bucketHash = bucket.digest();
            MessageDigest sha = MessageDigest.getInstance("SHA-512");
            byte[] domain = "wishledger/triptych/v1/challenge".getBytes(StandardCharsets.US_ASCII);
            sha.update(be(domain.length, 4));
            sha.update(domain);
            sha.update(be(n, 4));
            sha.update(be(m, 4));
            byte[] chain = chainId.getBytes(StandardCharsets.UTF_8);
            sha.update(be(chain.length, 4));
            sha.update(chain);
            sha.update(be(denom, 4));
            sha.update(be(bucketId, 8));
            sha.update(bucketHash);
            sha.update(bodyHash);
            sha.update(tag);
            sha.update(proof, 0, 32 * points);
            return littleEndian(sha.digest(), 0, 64).mod(L);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** RFC 9496 section 4.3.1, in BigInteger; null when refused. */
    static Pt decode(byte[] bytes, int off) {
        BigInteger s = littleEndian(bytes, off, 32);
        if (s.compareTo(P) >= 0 || s.testBit(0)) {
            return null;
        }
        BigInteger ss = s.multiply(s).mod(P);
        BigInteger u1 = BigInteger.ONE.subtract(ss).mod(P);
        BigInteger u2 = BigInteger.ONE.add(ss).mod(P);
        BigInteger u2Sqr = u2.multiply(u2).mod(P);
        BigInteger v = D.multiply(u1).multiply(u1).negate().subtract(u2Sqr).mod(P);
        BigInteger[] sr = sqrtRatioM1(BigInteger.ONE, v.multiply(u2Sqr).mod(P));
        BigInteger invsqrt = sr[1];
        BigInteger denX = invsqrt.multiply(u2).mod(P);
        BigInteger denY = invsqrt.multiply(denX).multiply(v).mod(P);
        BigInteger x = abs(s.shiftLeft(1).multiply(denX).mod(P));
        BigInteger y = u1.multiply(denY).mod(P);
        BigInteger t = x.multiply(y).mod(P);
        if (sr[0].signum() == 0 || t.testBit(0) || y.signum() == 0) {
            return null;
        }
        return new Pt(x, y, BigInteger.ONE, t);
    }

    /** {was_square (1/0), r} per RFC 9496 section 4.2. */
    static BigInteger[] sqrtRatioM1(BigInteger u, BigInteger v) {
        BigInteger v3 = v.modPow(BigInteger.valueOf(3), P);
        BigInteger v7 = v.modPow(BigInteger.valueOf(7), P);
        BigInteger r = u.multiply(v3).multiply(u.multiply(v7).modPow(P.subtract(BigInteger.valueOf(5)).shiftRight(3), P)).mod(P);
        BigInteger check = v.multiply(r).multiply(r).mod(P);
        boolean correct = check.equals(u.mod(P));
        boolean flipped = check.equals(u.negate().mod(P));
        boolean flippedI = check.equals(u.negate().multiply(SQRT_M1).mod(P));
        if (flipped || flippedI) {
            r = r.multiply(SQRT_M1).mod(P);
        }
        return new BigInteger[] {correct || flipped ? BigInteger.ONE : BigInteger.ZERO, abs(r)};
    }

    private static BigInteger abs(BigInteger x) {
        return x.testBit(0) ? P.subtract(x) : x;
    }

    private static BigInteger scalar(byte[] b, int off) {
        BigInteger s = littleEndian(b, off, 32);
        return s.compareTo(L) < 0 ? s : null;
    }

    static BigInteger littleEndian(byte[] b, int off, int len) {
        BigInteger r = BigInteger.ZERO;
        for (int i = len - 1; i >= 0; i--) {
            r = r.shiftLeft(8).or(BigInteger.valueOf(b[off + i] & 0xFF));
        }
        return r;
    }

    private static byte[] be(long v, int len) {
        byte[] r = new byte[len];
        for (int i = len - 1; i >= 0; i--) {
            r[i] = (byte) v;
            v >>>= 8;
        }
        return r;
    }

    static byte[] hex(String s) {
        byte[] r = new byte[s.length() / 2];
        for (int i = 0; i < r.length; i++) {
            r[i] = (byte) Integer.parseInt(s.substring(2 * i, 2 * i + 2), 16);
        }
        return r;
    }
}
