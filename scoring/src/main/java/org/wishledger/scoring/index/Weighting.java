package org.wishledger.scoring.index;

/** How a wish's burn total (own burn + endorsements, base units) becomes its voting weight. */
public enum Weighting {
    /** w = burn: influence proportional to tokens destroyed. */
    LINEAR,
    /** w = sqrt(burn): damps whales; doubling influence costs four times the burn. */
    SQRT,
    /**
     * w = log2(1 + burn): every doubling of the burn adds one unit of weight (the default since issue 11). A burn
     * says how much someone cared, not whether the wish is right; with linear weights a heavy-tailed burn shrinks
     * the effective number of voting wishes (log-normal sigma 1.5: to e^-2.25 = 11% of them) and the reward gets
     * noisier, while log weights keep ~95% of them (docs/scoring.md, "Why burns cost accuracy").
     */
    LOG;

    public double weight(long burnTotal) {
        return switch (this) {
            case LINEAR -> (double) burnTotal;
            case SQRT -> Math.sqrt((double) burnTotal);
            case LOG -> Math.log1p((double) burnTotal) * INV_LN2;
        };
    }

    private static final double INV_LN2 = 1.0 / Math.log(2.0);
}
