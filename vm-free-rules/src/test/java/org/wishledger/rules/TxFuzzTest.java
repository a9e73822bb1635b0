package org.wishledger.rules;

import static org.junit.jupiter.api.Assertions.assertNotNull;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.wishledger.ledger.crypto.KeyPair;
import org.wishledger.ledger.error.Rejection;
import org.wishledger.ledger.proto.Genesis;
import org.wishledger.ledger.proto.GenesisAccount;
import org.wishledger.ledger.proto.GenesisValidator;
import org.wishledger.ledger.proto.Tx;

/**
 * Fuzzes tx decoding and the stateless checks ({@link Rules#decodeAndVerify}), and the genesis loader.
 * Documented outcomes: a Tx that does not decode is an InvalidProtocolBufferException (the port answers
 * MALFORMED), a decoded one is admitted or a {@link Rejection} with a code; a genesis file is loaded or
 * refused with {@link InvalidGenesisException} (or an IOException for bytes that are not UTF-8). Anything
 * else thrown is a finding.
 */
class TxFuzzTest {
    static {
        java.util.logging.LogManager.getLogManager().reset(); // the log line per rejected input would dominate
    }

    private static final KeyPair SIGNER = KeyPair.fromSeed(ByteBuffer.allocate(32).putInt(0, 0xF022).array());
    private static final Genesis GENESIS = Genesis.newBuilder().setChainId("fuzz").setGenesisTimeMs(1_790_000_000_000L)
            .addAccounts(GenesisAccount.newBuilder().setAddress(SIGNER.publicKey().addressHex()).setBalance(1L << 40))
            .addValidators(GenesisValidator.newBuilder().setName("v").setPower(10)
                    .setPubKey(ByteString.copyFrom(SIGNER.publicKey().encoded())))
            .build();
    private static final Rules RULES = new Rules(GENESIS);

    /**
     * First byte even: the rest is an encoded Tx as a client would send it. Odd: the rest is a TxBody,
     * signed correctly by a funded key, so the checks behind the signature are reached too.
     */
    @FuzzTest(maxDuration = "45m", maxExecutions = 1_000_000) // limits of a JAZZER_FUZZ=1 run (scripts/fuzz)
    void txDecodeAndStatelessChecks(byte[] input) {
        if (input.length == 0) {
            return;
        }
        Tx tx;
        if ((input[0] & 1) == 0) {
            try {
                tx = Tx.parseFrom(ByteBuffer.wrap(input, 1, input.length - 1));
            } catch (InvalidProtocolBufferException malformed) {
                return;
            }
        } else {
            ByteString body = ByteString.copyFrom(input, 1, input.length - 1);
            tx = Tx.newBuilder().setBodyBytes(body).setSignature(ByteString.copyFrom(SIGNER.sign(body.toByteArray())))
                    .build();
        }
        try {
            assertNotNull(RULES.decodeAndVerify(tx));
        } catch (Rejection rejected) {
            assertNotNull(rejected.code());
        }
    }

    /** The file's bytes go to {@code GenesisLoader.load(byte[], String)}, which {@code load(Path)} reads into. */
    @FuzzTest(maxDuration = "45m", maxExecutions = 1_000_000) // limits of a JAZZER_FUZZ=1 run (scripts/fuzz)
    void genesisFiles(byte[] input) throws Exception {
        try {
            Genesis g = GenesisLoader.load(input, "genesis.json");
            new Rules(g); // a genesis the loader accepts must give a working rule set
            GenesisLoader.validate(GenesisLoader.load(GenesisLoader.toJson(g).getBytes(StandardCharsets.UTF_8),
                    "written back"));
        } catch (InvalidGenesisException refused) {
            assertNotNull(refused.getMessage());
        } catch (java.nio.charset.CharacterCodingException notUtf8) {
            // documented: load reads UTF-8 text
        }
    }
}
