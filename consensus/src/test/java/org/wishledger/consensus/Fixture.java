package org.wishledger.consensus;

import com.google.protobuf.ByteString;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.wishledger.ledger.SignBytes;
import org.wishledger.ledger.crypto.KeyPair;
import org.wishledger.ledger.proto.Vote;
import org.wishledger.ledger.proto.VoteType;

/** Deterministic validators with real Ed25519 keys, and helpers to make votes for core tests. */
public final class Fixture {
    public static final String CHAIN = "test-chain";
    public static final Timeouts TIMEOUTS = new Timeouts(3000, 500, 1000, 500, 1000, 500);

    public final KeyPair[] keys;
    public final Validators validators;

    public Fixture(long... powers) {
        keys = new KeyPair[powers.length];
        List<Validator> list = new ArrayList<>();
        for (int i = 0; i < powers.length; i++) {
            byte[] seed = new byte[32];
            seed[0] = (byte) (i + 1);
            keys[i] = KeyPair.fromSeed(seed);
            list.add(Validator.of("v" + i, keys[i].publicKey(), powers[i]));
        }
        validators = Validators.initial(list);
    }

    public static Fixture equal(int n) {
        long[] p = new long[n];
        java.util.Arrays.fill(p, 10);
        return new Fixture(p);
    }

    /** The key of the validator at index i of the (address-sorted) set. */
    public KeyPair keyOf(int index) {
        ByteString address = validators.get(index).address();
        for (KeyPair k : keys) {
            if (ByteString.copyFrom(k.address()).equals(address)) {
                return k;
            }
        }
        throw new IllegalArgumentException();
    }

    public ByteString address(int index) {
        return validators.get(index).address();
    }

    /** Index (in the set) of the proposer of round r. */
    public int proposerIndex(int round) {
        return validators.indexOf(validators.proposer(round).address());
    }

    /** A validator index that is not the proposer of any of the given rounds. */
    public int nonProposer(int... rounds) {
        outer:
        for (int i = 0; i < validators.size(); i++) {
            for (int r : rounds) {
                if (proposerIndex(r) == i) {
                    continue outer;
                }
            }
            return i;
        }
        throw new IllegalStateException("every validator proposes one of those rounds");
    }

    public Vote vote(int index, VoteType type, long height, int round, ByteString value) {
        byte[] sig = keyOf(index).sign(SignBytes.vote(CHAIN, type, height, round, value));
        return Vote.newBuilder().setType(type).setHeight(height).setRound(round).setBlockId(value)
                .setValidator(address(index)).setSignature(ByteString.copyFrom(sig)).build();
    }

    public static ByteString value(String name) {
        return ByteString.copyFrom(org.wishledger.ledger.crypto.Sha256.hash(name.getBytes(StandardCharsets.UTF_8)));
    }
}
