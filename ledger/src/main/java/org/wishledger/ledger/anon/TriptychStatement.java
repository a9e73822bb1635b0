package org.wishledger.ledger.anon;

/**
 * What one anonymous spend claims, besides its proof: "I know the secret of one key in this ring (a
 * sealed bucket of this chain), this is its tag, and I authorise exactly this tx body".
 *
 * @param chainId the chain the tx is for (a proof cannot be replayed on another chain)
 * @param ring the sealed bucket (its denomination, id and hash enter the challenge)
 * @param tag J = r^-1·U, 32-byte encoding; the same note always gives the same tag
 * @param bodyHash SHA-256 of the tx body without the proof; binds fee, burn, text, bucket to the proof
 */
public record TriptychStatement(String chainId, Ring ring, byte[] tag, byte[] bodyHash) {
    public TriptychStatement {
        if (tag.length != 32 || bodyHash.length != 32) {
            throw new IllegalArgumentException("tag and body hash are 32 bytes each");
        }
    }
}
