/**
 * Scoring: turns committed wishes into a reward for a model's response.
 *
 * <p>Depends on nothing else in wishledger: callers hand in plain {@link org.wishledger.scoring.WishInput} records.
 * Layers: {@code embed} (text to unit vectors), {@code store} (persistent memory-mapped vectors keyed by wish id and
 * model id), {@code index} (weights, block times, sampler, centroids), {@code score} (the allocation-free reward
 * loop), {@code data} (HH-RLHF and JSONL readers), {@code eval} (preference accuracy, fidelity, toy aggregate).
 * See docs/scoring.md.
 */
package org.wishledger.scoring;
