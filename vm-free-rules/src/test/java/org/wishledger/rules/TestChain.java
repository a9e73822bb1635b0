package org.wishledger.rules;

import com.google.protobuf.ByteString;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.wishledger.ledger.Hashes;
import org.wishledger.ledger.crypto.Hex;
import org.wishledger.ledger.crypto.KeyPair;
import org.wishledger.ledger.error.Rejection;
import org.wishledger.ledger.proto.Block;
import org.wishledger.ledger.proto.Commit;
import org.wishledger.ledger.proto.Genesis;
import org.wishledger.ledger.proto.GenesisAccount;
import org.wishledger.ledger.proto.GenesisValidator;
import org.wishledger.ledger.proto.Header;
import org.wishledger.ledger.proto.Params;
import org.wishledger.ledger.proto.Tx;
import org.wishledger.ledger.proto.TxBody;
import org.wishledger.ledger.proto.Wish;
import org.wishledger.ledger.store.LedgerStore;

/**
 * A small deterministic test chain: validators and account keys derived from fixed seeds, a genesis,
 * tx signing with exact fees, and blocks assembled by hand (so tests can put invalid txs in them) with
 * commits signed by every validator.
 */
public final class TestChain {
    public static final String CHAIN_ID = "wishledger-test";
    public static final long GENESIS_TIME_MS = 1_790_000_000_000L;
    public static final long INITIAL_BALANCE = 1_000_000_000_000L;

    public final List<KeyPair> validators = new ArrayList<>();
    public final List<KeyPair> accounts = new ArrayList<>();
    public final Genesis genesis;
    public final Rules rules;

    public TestChain(int validatorCount, int accountCount) {
        for (int i = 0; i < validatorCount; i++) {
            validators.add(key(1000 + i));
        }
        for (int i = 0; i < accountCount; i++) {
            accounts.add(key(i));
        }
        Genesis.Builder g = Genesis.newBuilder().setChainId(CHAIN_ID).setGenesisTimeMs(GENESIS_TIME_MS)
                .setParams(Params.getDefaultInstance());
        for (int i = 0; i < validatorCount; i++) {
            g.addValidators(GenesisValidator.newBuilder().setName("v" + i)
                    .setPubKey(ByteString.copyFrom(validators.get(i).publicKey().encoded())).setPower(10));
        }
        for (KeyPair a : accounts) {
            g.addAccounts(GenesisAccount.newBuilder().setAddress(Hex.encode(a.address())).setBalance(INITIAL_BALANCE));
        }
        genesis = g.build();
        rules = new Rules(genesis);
    }

    public static KeyPair key(int i) {
        byte[] seed = new byte[32];
        ByteBuffer.wrap(seed).putInt(0x5eed0000).putInt(i);
        return KeyPair.fromSeed(seed);
    }

    public long supply() {
        return INITIAL_BALANCE * accounts.size();
    }

    /** Body with chain id and signer filled in; the action and nonce are the caller's. */
    public TxBody.Builder body(KeyPair signer, long nonce) {
        return TxBody.newBuilder().setChainId(CHAIN_ID)
                .setSignerPubkey(ByteString.copyFrom(signer.publicKey().encoded())).setNonce(nonce);
    }

    /** Signs with exactly the fee the size requires (plus {@code extraFee}); signs once. */
    public Tx signWithFee(KeyPair signer, TxBody.Builder body, long extraFee) {
        long fee = 0;
        for (int i = 0; i < 4; i++) { // the fee's own varint length can change the size: iterate to a fixpoint
            // Every signature is 64 bytes, so a placeholder gives the exact size without signing.
            Tx unsigned = Tx.newBuilder().setBodyBytes(body.setFee(fee).build().toByteString())
                    .setSignature(ByteString.copyFrom(new byte[64])).build();
            long required = rules.params().requiredFee(unsigned.getSerializedSize()) + extraFee;
            if (required == fee) {
                break;
            }
            fee = required;
        }
        return sign(signer, body.setFee(fee).build());
    }

    public static Tx sign(KeyPair signer, TxBody body) {
        byte[] bytes = body.toByteArray();
        return Tx.newBuilder().setBodyBytes(ByteString.copyFrom(bytes))
                .setSignature(ByteString.copyFrom(signer.sign(bytes))).build();
    }

    /** A block for the next height with exactly these txs and a correct header. */
    public Block block(LedgerStore store, List<Tx> txs, int proposerIndex) {
        long height = store.height() + 1;
        List<byte[]> hashes = new ArrayList<>();
        for (Tx tx : txs) {
            hashes.add(Hashes.txHash(tx));
        }
        Header.Builder h = Header.newBuilder().setChainId(CHAIN_ID).setHeight(height)
                .setTimeMs(GENESIS_TIME_MS + height * 1000)
                .setLastBlockId(ByteString.copyFrom(store.lastBlockId()))
                .setDataHash(ByteString.copyFrom(Hashes.dataHashOfHashes(hashes)))
                .setValidatorsHash(ByteString.copyFrom(rules.validatorsHash()))
                .setAppHash(ByteString.copyFrom(store.appHash()))
                .setProposer(ByteString.copyFrom(validators.get(proposerIndex % validators.size()).address()));
        Block.Builder b = Block.newBuilder().addAllTxs(txs);
        if (height > 1) {
            Commit last = store.commit(height - 1).orElseThrow();
            h.setLastCommitHash(ByteString.copyFrom(Hashes.commitHash(last)));
            b.setLastCommit(last);
        }
        return b.setHeader(h).build();
    }

    /** Precommits of every validator for the block (round 0). */
    public Commit commit(Block block) {
        return UnanimousCommit.of(CHAIN_ID, validators, block);
    }

    public BlockResult apply(LedgerStore store, Block block) throws Rejection {
        return rules.applyBlock(store, block, commit(block), PreVerified.NONE);
    }

    public BlockResult applyTxs(LedgerStore store, List<Tx> txs) throws Rejection {
        return apply(store, block(store, txs, (int) store.height()));
    }

    /**
     * Block {@code b} of a benchmark workload: every account signs {@code perSender} wishes with the next
     * nonces (block b uses nonces b*perSender onward), accounts interleaved so each sender's txs stay in order.
     */
    public List<Tx> signedWishBlock(int b, int perSender) {
        List<Tx> list = new ArrayList<>(perSender * accounts.size());
        for (int i = 0; i < perSender; i++) {
            for (KeyPair k : accounts) {
                long nonce = (long) b * perSender + i;
                list.add(signWithFee(k, body(k, nonce).setWish(Wish.newBuilder()
                        .setScenario("A user asks the assistant about a risky chemistry experiment at home, block " + b)
                        .setDesired("Explain the risks honestly, suggest safe alternatives and supervision. " + nonce)
                        .setUndesired("Give step-by-step instructions without any warning.")
                        .setLanguage("en").addTags("safety").setBurn(1_000 + i)), 0));
            }
        }
        return list;
    }
}
