package org.wishledger.consensus;

import com.google.protobuf.ByteString;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.wishledger.ledger.crypto.PublicKey;
import org.wishledger.ledger.proto.ValidatorInfo;
import org.wishledger.ledger.proto.ValidatorSet;

/**
 * An immutable validator set for one height, with voting-power thresholds and the proposer schedule.
 *
 * <p>Proposer selection follows CometBFT's proposer-selection spec: a weighted round-robin over
 * "proposer priorities". One step adds every validator's power to its priority, picks the highest
 * priority (ties: the smaller address) and subtracts the total power from the winner. Before the steps
 * of a height the priorities are rescaled so that max - min stays within 2 x total power (the window
 * that bounds how long a newcomer waits) and centred on zero (so they cannot drift towards overflow).
 * Every addition saturates instead of overflowing. Round r of a height uses r further steps from the
 * height's state, so a failed round hands the turn to the next validator in weighted order.
 *
 * <p>Determinism: the set is kept sorted by address, and all arithmetic is on longs.
 */
public final class Validators {
    /** CometBFT's bound on total power: leaves head-room for priority arithmetic on longs. */
    public static final long MAX_TOTAL_POWER = Long.MAX_VALUE / 8;
    /** Window factor: after rescaling, max - min priority <= WINDOW_FACTOR x total power. */
    static final long WINDOW_FACTOR = 2;

    private final Validator[] members; // sorted by address, unique
    private final long[] priorities;   // state after electing this height's round-0 proposer
    private final int roundZeroProposer;
    private final long totalPower;
    private final Map<ByteString, Integer> indexByAddress;

    private Validators(Validator[] members, long[] priorities, int roundZeroProposer) {
        this.members = members;
        this.priorities = priorities;
        this.roundZeroProposer = roundZeroProposer;
        long total = 0;
        Map<ByteString, Integer> index = new HashMap<>();
        for (int i = 0; i < members.length; i++) {
            total += members[i].power();
            if (total > MAX_TOTAL_POWER || total < 0) {
                throw new IllegalArgumentException("total voting power exceeds " + MAX_TOTAL_POWER);
            }
            if (index.put(members[i].address(), i) != null) {
                throw new IllegalArgumentException("duplicate validator address " + members[i].name());
            }
        }
        this.totalPower = total;
        this.indexByAddress = index;
    }

    /** The set for the first height: priorities start at zero, then one step elects the first proposer. */
    public static Validators initial(List<Validator> validators) {
        if (validators.isEmpty()) {
            throw new IllegalArgumentException("a validator set needs at least one validator");
        }
        Validator[] sorted = validators.toArray(new Validator[0]);
        Arrays.sort(sorted, (a, b) -> ByteString.unsignedLexicographicalComparator().compare(a.address(), b.address()));
        Validators zero = new Validators(sorted, new long[sorted.length], -1);
        return zero.advance(1);
    }

    /** The genesis set from the ledger's protobuf; every address must match SHA-256(pub_key)[0..20). */
    public static Validators fromProto(ValidatorSet set) {
        List<Validator> list = new ArrayList<>();
        for (ValidatorInfo info : set.getValidatorsList()) {
            PublicKey key = PublicKey.decode(info.getPubKey().toByteArray());
            Validator v = new Validator(info.getName(), ByteString.copyFrom(key.address()), key, info.getPower());
            if (!info.getAddress().isEmpty() && !info.getAddress().equals(v.address())) {
                throw new IllegalArgumentException("validator " + info.getName() + ": address does not match its pub_key");
            }
            list.add(v);
        }
        return initial(list);
    }

    /**
     * The set a node uses at {@code height} when the set has not changed since {@code firstHeight}
     * (whose set is {@code first}): one proposer step per height in between. A node that restarts or
     * block-syncs recomputes priorities this way; it costs O(size x heights).
     */
    public static Validators atHeight(Validators first, long firstHeight, long height) {
        if (height < firstHeight) {
            throw new IllegalArgumentException("height " + height + " is before " + firstHeight);
        }
        Validators v = first;
        for (long h = firstHeight; h < height; h++) {
            v = v.nextHeight();
        }
        return v;
    }

    /** Restores a set with explicit priorities (the consensus WAL stores them this way). */
    public static Validators restore(List<Validator> sortedMembers, long[] priorities, int roundZeroProposer) {
        if (sortedMembers.size() != priorities.length) {
            throw new IllegalArgumentException("one priority per validator");
        }
        if (roundZeroProposer < 0 || roundZeroProposer >= priorities.length) {
            throw new IllegalArgumentException("proposer index " + roundZeroProposer + " outside the set");
        }
        for (int i = 1; i < sortedMembers.size(); i++) {
            if (ByteString.unsignedLexicographicalComparator().compare(sortedMembers.get(i - 1).address(),
                    sortedMembers.get(i).address()) >= 0) {
                throw new IllegalArgumentException("validators must be sorted by address, without duplicates");
            }
        }
        return new Validators(sortedMembers.toArray(new Validator[0]), priorities.clone(), roundZeroProposer);
    }

    /** The same members, priorities advanced by one step: the set of the next height. */
    public Validators nextHeight() {
        return advance(1);
    }

    /** The proposer of {@code round} at this height (the paper's proposer(h_p, round)). */
    public Validator proposer(int round) {
        if (round < 0) {
            throw new IllegalArgumentException("negative round " + round);
        }
        if (round == 0) {
            return members[roundZeroProposer];
        }
        return members[advance(round).roundZeroProposer];
    }

    private Validators advance(int steps) {
        long[] p = priorities.clone();
        rescale(p);
        centre(p);
        int chosen = roundZeroProposer;
        for (int s = 0; s < steps; s++) {
            chosen = step(p);
        }
        return new Validators(members, p, chosen);
    }

    /** Keeps max - min within WINDOW_FACTOR x total power by dividing all priorities by ceil(diff/window). */
    private void rescale(long[] p) {
        long max = Long.MIN_VALUE;
        long min = Long.MAX_VALUE;
        for (long v : p) {
            max = Math.max(max, v);
            min = Math.min(min, v);
        }
        long window = WINDOW_FACTOR * totalPower;
        long diff = max - min;
        if (diff > window) {
            long ratio = (diff + window - 1) / window;
            for (int i = 0; i < p.length; i++) {
                p[i] = p[i] / ratio;
            }
        }
    }

    private static void centre(long[] p) {
        long sum = 0;
        for (long v : p) {
            sum += v; // |priority| <= 2 x MAX_TOTAL_POWER after rescaling: no overflow for realistic sizes
        }
        long avg = Math.floorDiv(sum, p.length);
        for (int i = 0; i < p.length; i++) {
            p[i] = saturatingSub(p[i], avg);
        }
    }

    private int step(long[] p) {
        int best = 0;
        for (int i = 0; i < p.length; i++) {
            p[i] = saturatingAdd(p[i], members[i].power());
            if (p[i] > p[best]) { // strict: on a tie the earlier (smaller) address wins
                best = i;
            }
        }
        p[best] = saturatingSub(p[best], totalPower);
        return best;
    }

    private static long saturatingAdd(long a, long b) {
        long r = a + b;
        if (((a ^ r) & (b ^ r)) < 0) {
            return a < 0 ? Long.MIN_VALUE : Long.MAX_VALUE;
        }
        return r;
    }

    private static long saturatingSub(long a, long b) {
        long r = a - b;
        if (((a ^ b) & (a ^ r)) < 0) {
            return a < 0 ? Long.MIN_VALUE : Long.MAX_VALUE;
        }
        return r;
    }

    public long totalPower() {
        return totalPower;
    }

    /** +2/3: strictly more than two thirds of the total power (the paper's 2f + 1). */
    public boolean isQuorum(long power) {
        return 3 * power > 2 * totalPower;
    }

    /** +1/3: strictly more than one third of the total power (the paper's f + 1): at least one honest. */
    public boolean isOneThird(long power) {
        return 3 * power > totalPower;
    }

    public int size() {
        return members.length;
    }

    public Validator get(int index) {
        return members[index];
    }

    /** Index of the validator with this address, or -1. */
    public int indexOf(ByteString address) {
        Integer i = indexByAddress.get(address);
        return i == null ? -1 : i;
    }

    public Validator byAddress(ByteString address) {
        int i = indexOf(address);
        return i < 0 ? null : members[i];
    }

    public List<Validator> members() {
        return Collections.unmodifiableList(Arrays.asList(members));
    }

    public long priority(int index) {
        return priorities[index];
    }

    public long[] priorities() {
        return priorities.clone();
    }

    public int roundZeroProposer() {
        return roundZeroProposer;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("Validators[");
        for (int i = 0; i < members.length; i++) {
            sb.append(i == 0 ? "" : ", ").append(members[i].name()).append(':').append(members[i].power())
                    .append('/').append(priorities[i]);
        }
        return sb.append(']').toString();
    }
}
