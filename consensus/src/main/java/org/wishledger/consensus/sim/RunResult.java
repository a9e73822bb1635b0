package org.wishledger.consensus.sim;

import java.util.List;

/**
 * The outcome of one seeded run. {@code violations} says what went wrong, one line each.
 * {@code finishAfterStableMs}: simulated time from max(GST, last restart) until every honest validator had
 * decided every height (0 when they finished before; -1 when they did not finish).
 */
public record RunResult(long seed, int validators, int byzantine, int heightsDecided, int agreementViolations,
                        int validityViolations, int livenessFailures, int doubleSigns, long simulatedMs,
                        long finishAfterStableMs, long events, int rounds, int evidence, int crashes, int guardRefusals,
                        List<String> violations, List<String> trace) {
    public boolean ok() {
        return agreementViolations == 0 && validityViolations == 0 && livenessFailures == 0 && doubleSigns == 0;
    }
}
