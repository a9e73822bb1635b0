package org.wishledger.scoring.judge;

import org.wishledger.scoring.WishInput;

/** The texts of the wish at an index row (the index keeps only vectors and weights). */
@FunctionalInterface
public interface WishTexts {
    WishInput wish(int row);
}
