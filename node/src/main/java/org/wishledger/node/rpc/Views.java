package org.wishledger.node.rpc;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import org.wishledger.ledger.Hashes;
import org.wishledger.ledger.crypto.Address;
import org.wishledger.ledger.crypto.Hex;
import org.wishledger.ledger.proto.Account;
import org.wishledger.ledger.proto.Block;
import org.wishledger.ledger.proto.Commit;
import org.wishledger.ledger.proto.CommitSig;
import org.wishledger.ledger.proto.DuplicateVoteEvidence;
import org.wishledger.ledger.proto.Header;
import org.wishledger.ledger.proto.Tx;
import org.wishledger.ledger.proto.TxBody;
import org.wishledger.ledger.proto.ValidatorInfo;
import org.wishledger.ledger.proto.ValidatorSet;
import org.wishledger.ledger.proto.Wish;
import org.wishledger.ledger.proto.WishRecord;
import org.wishledger.client.proto.AccountView;
import org.wishledger.client.proto.BlockView;
import org.wishledger.client.proto.CommitSigView;
import org.wishledger.client.proto.CommitView;
import org.wishledger.client.proto.EndorseView;
import org.wishledger.client.proto.EvidenceView;
import org.wishledger.client.proto.TransferView;
import org.wishledger.client.proto.TxView;
import org.wishledger.client.proto.ValidatorView;
import org.wishledger.client.proto.ValidatorsResponse;
import org.wishledger.client.proto.WishView;

/** Ledger records to the hex views of rpc.proto. Pure functions: no I/O, no clock. */
public final class Views {
    private Views() {
    }

    public static String hex(ByteString bytes) {
        return Hex.encode(bytes.toByteArray());
    }

    public static BlockView block(Block block, Commit commit, boolean withTxs) {
        Header h = block.getHeader();
        BlockView.Builder b = BlockView.newBuilder()
                .setHeight(h.getHeight())
                .setBlockId(Hex.encode(Hashes.blockId(h)))
                .setChainId(h.getChainId())
                .setTimeMs(h.getTimeMs())
                .setLastBlockId(hex(h.getLastBlockId()))
                .setLastCommitHash(hex(h.getLastCommitHash()))
                .setDataHash(hex(h.getDataHash()))
                .setValidatorsHash(hex(h.getValidatorsHash()))
                .setAppHash(hex(h.getAppHash()))
                .setProposer(hex(h.getProposer()))
                .setNumTxs(block.getTxsCount())
                .setSizeBytes(block.getSerializedSize());
        for (int i = 0; i < block.getTxsCount(); i++) {
            Tx tx = block.getTxs(i);
            b.addTxHashes(Hex.encode(Hashes.txHash(tx)));
            if (withTxs) {
                b.addTxs(tx(tx, h.getHeight(), i, h.getTimeMs()));
            }
        }
        if (block.hasLastCommit()) {
            b.setLastCommit(commit(block.getLastCommit()));
        }
        if (commit != null) {
            b.setCommit(commit(commit));
        }
        return b.build();
    }

    public static CommitView commit(Commit commit) {
        CommitView.Builder b = CommitView.newBuilder()
                .setHeight(commit.getHeight())
                .setRound(commit.getRound())
                .setBlockId(hex(commit.getBlockId()));
        for (CommitSig sig : commit.getSignaturesList()) {
            b.addSignatures(CommitSigView.newBuilder()
                    .setValidator(hex(sig.getValidator()))
                    .setSignature(hex(sig.getSignature())));
        }
        return b.build();
    }

    /**
     * A committed tx. The body was validated before commit, so it decodes; if a store ever held a
     * corrupt one, the view still shows hash and position and leaves the body fields empty.
     */
    public static TxView tx(Tx tx, long height, int index, long blockTimeMs) {
        byte[] hash = Hashes.txHash(tx);
        TxView.Builder b = TxView.newBuilder()
                .setHash(Hex.encode(hash))
                .setHeight(height)
                .setIndex(index)
                .setSizeBytes(tx.getSerializedSize());
        TxBody body;
        try {
            body = TxBody.parseFrom(tx.getBodyBytes());
        } catch (InvalidProtocolBufferException e) {
            return b.build();
        }
        b.setSignerPubkey(hex(body.getSignerPubkey()))
                .setSigner(body.getSignerPubkey().size() == 32
                        ? Address.hexOf(body.getSignerPubkey().toByteArray()) : "")
                .setNonce(body.getNonce())
                .setFee(body.getFee())
                .setChainId(body.getChainId());
        switch (body.getActionCase()) {
            case TRANSFER -> b.setTransfer(TransferView.newBuilder()
                    .setTo(hex(body.getTransfer().getTo()))
                    .setAmount(body.getTransfer().getAmount()));
            case WISH -> b.setWish(wish(hash, body.getWish(), 0, height, index, blockTimeMs));
            case ENDORSE -> b.setEndorse(EndorseView.newBuilder()
                    .setWishId(hex(body.getEndorse().getWishId()))
                    .setBurn(body.getEndorse().getBurn()));
            // Anonymous spends show like any wish or endorsement: no signer (the fields above are empty).
            case ANON_WISH -> b.setWish(wish(org.wishledger.ledger.crypto.Sha256.hash(tx.getBodyBytes().toByteArray()),
                    body.getAnonWish().getWish(), 0, height, index, blockTimeMs));
            case ANON_ENDORSE -> b.setEndorse(EndorseView.newBuilder()
                    .setWishId(hex(body.getAnonEndorse().getWishId()))
                    .setBurn(body.getAnonEndorse().getBurn()));
            case NOTE_DEPOSIT, ACTION_NOT_SET -> {
            }
        }
        return b.build();
    }

    /** A bucket of anonymous notes; its keys only when asked (32 KiB once sealed). */
    public static org.wishledger.client.proto.AnonBucketView anonBucket(org.wishledger.ledger.proto.AnonBucket b,
            boolean withKeys) {
        org.wishledger.client.proto.AnonBucketView.Builder v = org.wishledger.client.proto.AnonBucketView.newBuilder()
                .setDenom(b.getDenom()).setBucketId(b.getBucketId()).setDeposits(b.getDeposits())
                .setSealed(b.getSealedHeight() != 0).setOpenedHeight(b.getOpenedHeight())
                .setSealedHeight(b.getSealedHeight()).setDistinctDepositors(b.getDistinctDepositors())
                .setSpends(b.getSpends()).setHash(hex(b.getHash()));
        if (withKeys) {
            for (int off = 0; off + 32 <= b.getKeys().size(); off += 32) {
                v.addKeys(hex(b.getKeys().substring(off, off + 32)));
            }
        }
        return v.build();
    }

    public static WishView wish(WishRecord record) {
        return wish(record.getId().toByteArray(), record.getWish(), record.getEndorsedBurn(),
                record.getHeight(), record.getIndex(), record.getTimeMs());
    }

    private static WishView wish(byte[] id, Wish w, long endorsedBurn, long height, int index, long timeMs) {
        return WishView.newBuilder()
                .setId(Hex.encode(id))
                .setScenario(w.getScenario())
                .setDesired(w.getDesired())
                .setUndesired(w.getUndesired())
                .setLanguage(w.getLanguage())
                .addAllTags(w.getTagsList())
                .setBurn(w.getBurn())
                .setEndorsedBurn(endorsedBurn)
                .setInfluence(saturatingUnsignedAdd(w.getBurn(), endorsedBurn))
                .setParent(hex(w.getParent()))
                .setHeight(height)
                .setIndex(index)
                .setTimeMs(timeMs)
                .build();
    }

    public static AccountView account(byte[] address, Account account, boolean exists, long height) {
        return AccountView.newBuilder()
                .setAddress(Hex.encode(address))
                .setBalance(account.getBalance())
                .setNonce(account.getNonce())
                .setExists(exists)
                .setHeight(height)
                .build();
    }

    public static ValidatorsResponse validators(ValidatorSet set, long height) {
        ValidatorsResponse.Builder b = ValidatorsResponse.newBuilder().setHeight(height);
        long total = 0;
        for (ValidatorInfo v : set.getValidatorsList()) {
            total = saturatingUnsignedAdd(total, v.getPower());
            b.addValidators(ValidatorView.newBuilder()
                    .setName(v.getName())
                    .setAddress(hex(v.getAddress()))
                    .setPubKey(hex(v.getPubKey()))
                    .setPower(v.getPower()));
        }
        return b.setTotalPower(total).build();
    }

    public static EvidenceView evidence(DuplicateVoteEvidence e) {
        return EvidenceView.newBuilder()
                .setValidator(hex(e.getVoteA().getValidator()))
                .setHeight(e.getVoteA().getHeight())
                .setRound(e.getVoteA().getRound())
                .setVoteType(e.getVoteA().getType().name())
                .setBlockIdA(hex(e.getVoteA().getBlockId()))
                .setBlockIdB(hex(e.getVoteB().getBlockId()))
                .setDetectedAtHeight(e.getDetectedAtHeight())
                .build();
    }

    /** Unsigned 64-bit add that stops at the maximum instead of wrapping (display only). */
    static long saturatingUnsignedAdd(long a, long b) {
        long sum = a + b;
        return Long.compareUnsigned(sum, a) < 0 ? -1L : sum;
    }
}
