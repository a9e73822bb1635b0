package org.wishledger.consensus.sim;

import java.util.ArrayList;
import java.util.List;

/** Totals over a batch of runs; {@link #summary()} is the CLI's last line. */
public final class BatchResult {
    public long runs;
    public long heights;
    public long agreementViolations;
    public long validityViolations;
    public long livenessFailures;
    public long doubleSigns;
    public long rounds;
    public long evidence;
    public long crashes;
    public long guardRefusals;
    public long simulatedMs;
    /** The slowest run's time from max(GST, last restart) to every honest validator deciding every height. */
    public long maxFinishAfterStableMs;
    public long events;
    public final List<RunResult> failures = new ArrayList<>();

    public void add(RunResult r) {
        runs++;
        heights += r.heightsDecided();
        agreementViolations += r.agreementViolations();
        validityViolations += r.validityViolations();
        livenessFailures += r.livenessFailures();
        doubleSigns += r.doubleSigns();
        rounds += r.rounds();
        evidence += r.evidence();
        crashes += r.crashes();
        guardRefusals += r.guardRefusals();
        simulatedMs += r.simulatedMs();
        maxFinishAfterStableMs = Math.max(maxFinishAfterStableMs, r.finishAfterStableMs());
        events += r.events();
        if (!r.ok()) {
            failures.add(r);
        }
    }

    public boolean ok() {
        return agreementViolations == 0 && validityViolations == 0 && livenessFailures == 0 && doubleSigns == 0;
    }

    public String summary() {
        return "runs=" + runs + " heights=" + heights + " agreement_violations=" + agreementViolations
                + " validity_violations=" + validityViolations + " liveness_failures=" + livenessFailures
                + " double_signs=" + doubleSigns;
    }

    public String json(double wallSeconds) {
        StringBuilder failed = new StringBuilder("[");
        for (int i = 0; i < failures.size(); i++) {
            failed.append(i == 0 ? "" : ",").append(failures.get(i).seed());
        }
        failed.append(']');
        return "{\"runs\":" + runs + ",\"heights\":" + heights + ",\"agreement_violations\":" + agreementViolations
                + ",\"validity_violations\":" + validityViolations + ",\"liveness_failures\":" + livenessFailures
                + ",\"double_signs\":" + doubleSigns + ",\"rounds\":" + rounds + ",\"evidence\":" + evidence
                + ",\"crashes\":" + crashes + ",\"guard_refusals\":" + guardRefusals
                + ",\"simulated_ms\":" + simulatedMs + ",\"max_finish_after_gst_ms\":" + maxFinishAfterStableMs + ",\"events\":" + events
                + ",\"wall_seconds\":" + String.format(java.util.Locale.ROOT, "%.2f", wallSeconds)
                + ",\"failed_seeds\":" + failed + "}";
    }
}
