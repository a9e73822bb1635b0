package org.wishledger.scoring.index;

/** How a wish's burn total (own burn + endorsements, base units) becomes its voting weight. */
public enum Weighting {
    /** w = burn: influence proportional to tokens destroyed (the default). */
    LINEAR,
    /** w = sqrt(burn): damps whales; doubling influence costs four times the burn. */
    SQRT;

    public double weight(long burnTotal) {
        return this == LINEAR ? (double) burnTotal : Math.sqrt((double) burnTotal);
    }
}
