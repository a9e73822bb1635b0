package org.wishledger.consensus.sim;

import java.util.List;

/** The outcome of one seeded run. {@code violations} says what went wrong, one line each. */
public record RunResult(long seed, int validators, int byzantine, int heightsDecided, int agreementViolations,
                        int validityViolations, int livenessFailures, int doubleSigns, long simulatedMs,
                        long events, int rounds, int evidence, int crashes, int guardRefusals,
                        List<String> violations, List<String> trace) {
    public boolean ok() {
        return agreementViolations == 0 && validityViolations == 0 && livenessFailures == 0 && doubleSigns == 0;
    }
}
