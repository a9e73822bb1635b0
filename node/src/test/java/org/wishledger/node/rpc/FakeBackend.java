package org.wishledger.node.rpc;

import com.google.protobuf.ByteString;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.wishledger.ledger.Hashes;
import org.wishledger.ledger.crypto.Hex;
import org.wishledger.ledger.crypto.KeyPair;
import org.wishledger.ledger.proto.Account;
import org.wishledger.ledger.proto.Block;
import org.wishledger.ledger.proto.Commit;
import org.wishledger.ledger.proto.DuplicateVoteEvidence;
import org.wishledger.ledger.proto.Genesis;
import org.wishledger.ledger.proto.Header;
import org.wishledger.ledger.proto.Params;
import org.wishledger.ledger.proto.Tx;
import org.wishledger.ledger.proto.TxBody;
import org.wishledger.ledger.proto.ValidatorInfo;
import org.wishledger.ledger.proto.ValidatorSet;
import org.wishledger.ledger.proto.Vote;
import org.wishledger.ledger.proto.VoteType;
import org.wishledger.ledger.proto.Wish;
import org.wishledger.ledger.proto.WishRecord;
import org.wishledger.node.metrics.MetricsRegistry;
import org.wishledger.node.metrics.NodeMetrics;
import org.wishledger.client.proto.NodeStatus;
import org.wishledger.rules.ChainParams;
import org.wishledger.client.TxBuilder;

/**
 * An in-memory chain for RPC tests: {@code heights} blocks, each with {@code wishesPerBlock} signed
 * wish txs from one deterministic key. Not a ledger: it stores what a node would have stored.
 */
public final class FakeBackend implements RpcBackend {
    public static final String CHAIN = "fake-chain";

    public final KeyPair author = KeyPair.fromSeed(seed(7));
    final List<Block> blocks = new ArrayList<>();
    final Map<String, CommittedTx> txs = new HashMap<>();
    public final List<WishRecord> wishes = new ArrayList<>();
    /** Buckets of anonymous notes of denomination 6, by id. */
    public final List<org.wishledger.ledger.proto.AnonBucket> anonBuckets = new ArrayList<>();
    final MetricsRegistry registry = new MetricsRegistry();
    final NodeMetrics nodeMetrics = new NodeMetrics(registry);
    volatile CountDownLatch blockStatusUntil;   // when set, status() waits on it (timeout tests)
    volatile boolean failStatus;                // when set, status() throws (internal error tests)

    public FakeBackend(int heights, int wishesPerBlock) {
        TxBuilder builder = new TxBuilder(CHAIN, ChainParams.from(genesis().getParams()));
        long nonce = 0;
        byte[] last = new byte[0];
        for (int h = 1; h <= heights; h++) {
            Block.Builder block = Block.newBuilder();
            for (int i = 0; i < wishesPerBlock; i++) {
                Wish wish = Wish.newBuilder().setScenario("scenario " + h + "/" + i)
                        .setDesired("desired " + h + "/" + i).setBurn(h * 100L + i).build();
                Tx tx = builder.wish(author, nonce++, wish);
                block.addTxs(tx);
                byte[] hash = Hashes.txHash(tx);
                txs.put(Hex.encode(hash), new CommittedTx(tx, h, i));
                wishes.add(WishRecord.newBuilder().setId(ByteString.copyFrom(hash)).setWish(wish)
                        .setEndorsedBurn(5).setHeight(h).setIndex(i).setTimeMs(1000L * h).build());
            }
            block.setHeader(Header.newBuilder().setChainId(CHAIN).setHeight(h).setTimeMs(1000L * h)
                    .setLastBlockId(ByteString.copyFrom(last))
                    .setDataHash(ByteString.copyFrom(Hashes.dataHash(block.getTxsList()))));
            Block b = block.build();
            last = Hashes.blockId(b);
            blocks.add(b);
        }
        nodeMetrics.height.set(heights);
    }

    static byte[] seed(int n) {
        return ByteBuffer.allocate(32).putInt(28, n).array();
    }

    @Override
    public NodeStatus status() {
        if (failStatus) {
            throw new IllegalStateException("secret internal detail");
        }
        CountDownLatch latch = blockStatusUntil;
        if (latch != null) {
            try {
                latch.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return NodeStatus.newBuilder().setChainId(CHAIN).setHeight(latestHeight()).setMoniker("fake").build();
    }

    @Override
    public Genesis genesis() {
        return Genesis.newBuilder().setChainId(CHAIN).setParams(Params.newBuilder().setMinFee(10).setFeePerByte(1)).build();
    }

    @Override
    public long latestHeight() {
        return blocks.size();
    }

    @Override
    public Optional<Block> block(long height) {
        return height >= 1 && height <= blocks.size() ? Optional.of(blocks.get((int) height - 1)) : Optional.empty();
    }

    @Override
    public Optional<Commit> commit(long height) {
        return block(height).map(b -> Commit.newBuilder().setHeight(height)
                .setBlockId(ByteString.copyFrom(Hashes.blockId(b))).build());
    }

    @Override
    public Optional<CommittedTx> tx(byte[] hash) {
        return Optional.ofNullable(txs.get(Hex.encode(hash)));
    }

    @Override
    public Optional<WishRecord> wish(byte[] id) {
        return wishes.stream().filter(w -> w.getId().equals(ByteString.copyFrom(id))).findFirst();
    }

    @Override
    public List<WishRecord> wishesAfter(long afterHeight, int afterIndex, int limit) {
        return wishes.stream()
                .filter(w -> w.getHeight() > afterHeight || (w.getHeight() == afterHeight && w.getIndex() > afterIndex))
                .limit(limit).toList();
    }

    @Override
    public Optional<Account> account(byte[] address) {
        if (java.util.Arrays.equals(address, author.address())) {
            return Optional.of(Account.newBuilder().setBalance(1_000_000).setNonce(wishes.size()).build());
        }
        return Optional.empty();
    }

    @Override
    public ValidatorSet validators() {
        return ValidatorSet.newBuilder().addValidators(ValidatorInfo.newBuilder().setName("v0")
                .setPubKey(ByteString.copyFrom(author.publicKey().encoded()))
                .setAddress(ByteString.copyFrom(author.address())).setPower(10)).build();
    }

    @Override
    public List<DuplicateVoteEvidence> evidence(int limit) {
        Vote a = Vote.newBuilder().setType(VoteType.PREVOTE).setHeight(2).setRound(1)
                .setValidator(ByteString.copyFrom(author.address())).setBlockId(ByteString.copyFrom(new byte[]{1})).build();
        Vote b = a.toBuilder().setBlockId(ByteString.copyFrom(new byte[]{2})).build();
        return List.of(DuplicateVoteEvidence.newBuilder().setVoteA(a).setVoteB(b).setDetectedAtHeight(3).build());
    }

    @Override
    public MetricsRegistry metrics() {
        return registry;
    }

    TxBody body(Tx tx) throws Exception {
        return TxBody.parseFrom(tx.getBodyBytes());
    }

    @Override
    public Optional<org.wishledger.ledger.proto.AnonBucket> anonBucket(int denom, long bucketId) {
        return denom == 6 && bucketId < anonBuckets.size() ? Optional.of(anonBuckets.get((int) bucketId)) : Optional.empty();
    }

    @Override
    public long anonNextBucketId(int denom) {
        return denom == 6 ? anonBuckets.size() : 0;
    }
}
