package org.wishledger.ledger.anon;

import java.nio.ByteBuffer;
import org.wishledger.ledger.crypto.EdwardsPoint;
import org.wishledger.ledger.crypto.ristretto.HashToPoint;
import org.wishledger.ledger.crypto.ristretto.Ristretto255;

/**
 * The fixed generators of the proof system: G (ristretto255's canonical generator; note keys are r·G),
 * U (the linking generator; a note's tag is J = r^-1·U) and H_{j,i} for the matrix commitments. U and
 * H come from {@link HashToPoint} with their own domain tags, so no discrete-log relation among them
 * (or with G) is known to anyone. Their encodings are pinned in the tests.
 *
 * <p>Immutable after construction; the points are only read, so one instance may be shared by threads.
 */
public final class TriptychGenerators {
    static final String U_DOMAIN = "wishledger/triptych/v1/U";
    static final String H_DOMAIN = "wishledger/triptych/v1/H";

    private final TriptychParams params;
    private final EdwardsPoint g;
    private final EdwardsPoint u;
    private final EdwardsPoint[] h;

    public TriptychGenerators(TriptychParams params) {
        this.params = params;
        Ristretto255 group = new Ristretto255();
        this.g = group.generator();
        this.u = new EdwardsPoint();
        HashToPoint.hash(group, U_DOMAIN, new byte[0][], u);
        this.h = new EdwardsPoint[params.m() * params.n()];
        for (int j = 0; j < params.m(); j++) {
            for (int i = 0; i < params.n(); i++) {
                EdwardsPoint p = new EdwardsPoint();
                byte[] index = ByteBuffer.allocate(8).putInt(j).putInt(i).array();
                HashToPoint.hash(group, H_DOMAIN, new byte[][] {index}, p);
                h[j * params.n() + i] = p;
            }
        }
    }

    public TriptychParams params() {
        return params;
    }

    public EdwardsPoint g() {
        return g;
    }

    public EdwardsPoint u() {
        return u;
    }

    /** H_{j,i}. */
    public EdwardsPoint h(int j, int i) {
        return h[j * params.n() + i];
    }
}
