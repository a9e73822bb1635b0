package org.wishledger.consensus.privval;

import com.google.protobuf.ByteString;
import java.io.IOException;
import org.wishledger.consensus.Output;
import org.wishledger.ledger.SignBytes;
import org.wishledger.ledger.proto.Vote;
import org.wishledger.ledger.proto.VoteType;

/**
 * The only way a validator's key signs consensus messages: every request passes the {@link SignState}
 * guard, and a new signature is persisted (fsync) before it is returned. Re-signing the identical
 * message (a resend after a restart) returns the stored signature; anything conflicting is refused.
 */
public final class PrivValidator {
    private final String chainId;
    private final MessageSigner signer;
    private final SignState state;
    private final ByteString address;

    public PrivValidator(String chainId, MessageSigner signer, SignState state) {
        this.chainId = chainId;
        this.signer = signer;
        this.state = state;
        this.address = ByteString.copyFrom(signer.address());
    }

    public ByteString address() {
        return address;
    }

    /** Signs the core's vote intent; returns the signed ledger Vote. */
    public Vote signVote(Output.BroadcastVote intent) throws DoubleSignRefusedException, IOException {
        byte[] signBytes = SignBytes.vote(chainId, intent.type(), intent.height(), intent.round(), intent.valueId());
        int step = intent.type() == VoteType.PREVOTE ? SignState.STEP_PREVOTE : SignState.STEP_PRECOMMIT;
        byte[] signature = guardedSign(intent.height(), intent.round(), step, signBytes);
        return Vote.newBuilder()
                .setType(intent.type())
                .setHeight(intent.height())
                .setRound(intent.round())
                .setBlockId(intent.valueId())
                .setValidator(address)
                .setSignature(ByteString.copyFrom(signature))
                .build();
    }

    /** Signs the core's proposal intent; returns the signature over CanonicalProposal. */
    public byte[] signProposal(Output.BroadcastProposal intent) throws DoubleSignRefusedException, IOException {
        byte[] signBytes = SignBytes.proposal(chainId, intent.height(), intent.round(), intent.polRound(),
                intent.valueId());
        return guardedSign(intent.height(), intent.round(), SignState.STEP_PROPOSE, signBytes);
    }

    private byte[] guardedSign(long height, int round, int step, byte[] signBytes)
            throws DoubleSignRefusedException, IOException {
        synchronized (state) {
            switch (state.check(height, round, step, signBytes)) {
                case RESEND_IDENTICAL -> {
                    return state.last().signature();
                }
                case REFUSE -> {
                    SignState.Last last = state.last();
                    throw new DoubleSignRefusedException("refusing to sign h=" + height + " r=" + round + " step=" + step
                            + ": already signed h=" + last.height() + " r=" + last.round() + " step=" + last.step()
                            + (SignState.compareHrs(height, round, step, last) == 0 ? " with different bytes" : ""));
                }
                case SIGN -> {
                    byte[] signature = signer.sign(signBytes);
                    state.record(height, round, step, signBytes, signature); // fsync before release
                    return signature;
                }
                default -> throw new AssertionError();
            }
        }
    }
}
