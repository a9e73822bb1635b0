package org.wishledger.consensus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ValidatorsTest {

    private static int[] countProposers(Validators v, int heights) {
        int[] counts = new int[v.size()];
        for (int i = 0; i < heights; i++) {
            counts[v.indexOf(v.proposer(0).address())]++;
            v = v.nextHeight();
        }
        return counts;
    }

    @Test
    void equalPowersRotateRoundRobin() {
        Fixture f = Fixture.equal(4);
        int[] counts = countProposers(f.validators, 40);
        for (int c : counts) {
            assertEquals(10, c);
        }
    }

    @Test
    void proposerFrequencyIsProportionalToPower() {
        Fixture f = new Fixture(1, 2, 3, 4);
        Validators v = f.validators;
        long total = v.totalPower();
        int windows = 50;
        int[] counts = countProposers(v, (int) (total * windows));
        for (int i = 0; i < v.size(); i++) {
            long expected = v.get(i).power() * windows;
            assertTrue(Math.abs(counts[i] - expected) <= 1, "validator " + i + " proposed " + counts[i] + ", expected " + expected);
        }
    }

    @Test
    void roundsHandTheTurnOnInWeightedOrder() {
        Fixture f = new Fixture(5, 1, 1, 1);
        Validators v = f.validators;
        // the first rounds of a height visit the heavy validator more often, but never starve the others
        int[] counts = new int[4];
        for (int r = 0; r < 80; r++) {
            counts[v.indexOf(v.proposer(r).address())]++;
        }
        for (int i = 0; i < 4; i++) {
            assertEquals(v.get(i).power() * 10, counts[i], "in 80 rounds, validator " + i);
        }
        assertNotEquals(v.proposer(0), v.proposer(1));
    }

    @Test
    void prioritiesStayCentredAndWithinTheWindow() {
        Fixture f = new Fixture(1, 1000, 7, 30);
        Validators v = f.validators;
        for (int h = 0; h < 5000; h++) {
            long[] p = v.priorities();
            long max = Long.MIN_VALUE;
            long min = Long.MAX_VALUE;
            long sum = 0;
            for (long x : p) {
                max = Math.max(max, x);
                min = Math.min(min, x);
                sum += x;
            }
            assertTrue(max - min <= 3 * v.totalPower(), "spread at height " + h);
            assertTrue(Math.abs(sum) <= 2 * v.totalPower(), "sum at height " + h);
            v = v.nextHeight();
        }
    }

    @Test
    void selectionIsDeterministicAndIndependentOfInputOrder() {
        Fixture f = new Fixture(3, 1, 4, 1, 5);
        List<Validator> reversed = new ArrayList<>(f.validators.members());
        java.util.Collections.reverse(reversed);
        Validators other = Validators.initial(reversed);
        Validators a = f.validators;
        for (int h = 0; h < 100; h++) {
            for (int r = 0; r < 5; r++) {
                assertEquals(a.proposer(r), other.proposer(r));
            }
            a = a.nextHeight();
            other = other.nextHeight();
        }
        assertEquals(Validators.atHeight(f.validators, 1, 51).proposer(0), Validators.atHeight(f.validators, 1, 51).proposer(0));
    }

    @Test
    void thresholdsAreStrict() {
        Fixture f = Fixture.equal(4); // total 40
        assertTrue(f.validators.isQuorum(27));
        assertTrue(!f.validators.isQuorum(26));
        assertTrue(f.validators.isOneThird(14));
        assertTrue(!f.validators.isOneThird(13));
    }

    @Test
    void rejectsBadSets() {
        Fixture f = Fixture.equal(2);
        assertThrows(IllegalArgumentException.class, () -> Validators.initial(List.of()));
        Validator v = f.validators.get(0);
        assertThrows(IllegalArgumentException.class, () -> Validators.initial(List.of(v, v)));
        assertThrows(IllegalArgumentException.class, () -> new Validator("x", v.address(), v.publicKey(), 0));
    }
}
