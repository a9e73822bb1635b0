package org.wishledger.ledger.anon;

/**
 * The encodings of the proof system's generators, written down once. If a change to the hash-to-point
 * derivation, the domain tags or the map moves any of them, every existing note and proof breaks:
 * {@code TriptychTest.generatorsArePinned} fails first.
 */
final class PinnedGenerators {
    /** G: ristretto255's canonical generator (RFC 9496 A.1, 1·B). */
    static final String G = "e2f2ae0a6abc4e71a884a961c500515f58e30b6aa582dd8db6a65945e08d2d76";
    /** U = one-way map of SHA-512(len || "wishledger/triptych/v1/U"). */
    static final String U = "a4fab14865e8c87f68e9a671f688a67ec6198ccfb6c095656fb45a9e54d18177";
    /** H[j][i] = one-way map of SHA-512(len || "wishledger/triptych/v1/H" || len || j (4) || i (4)). */
    static final String[][] H = {
        {"d024310a2b0f50c57268ac6a6b619c484d598e10cfc94eb071f8f44eb6d88c67", "88e0d77f825cda485aeea2b913246f789ab204ecfd273604be1854bafbe9f249", "503fdea733cdb46b9d4670adaad99f790a03774979510c158e5eb0ae0cb3704e", "aeec4484e5901ecdd03004ef8939b77c0c85421356e5424c3d99818a9a873d73"},
        {"64cd99eb50ded51c04dc6b4e0056014f5541976b0284cea277356e4aeca4a03b", "62144be294e843d401b5c167a608e214fbde74d5e21160fcc2b8d20f455ded77", "86d38c3c0f963448ec807a35026eee7858438ab373f00025017b59ef3e043e59", "76b152b98a30837a463997f8c74aeeeecbe967705279b3252355a925b1b87c5e"},
        {"02b40d8abcca0cbaf06cc330c766c46003466cf8de2f52cc4729839d3b727426", "7098cc5e6b40f752cdd6249de16f7dc34f06ddf466b21d72be247e547f22112f", "ec53760571334e111cd93585a62ca5871ea9684e2aaed4667709a519f2032078", "c07f8f0bd0b88771e99a4cefbc2140cb770eabeda631d2fda8f94fc8613bf240"},
        {"529525f51319a4921a1a87c4e80d134f7c48f83d1b03d0d31c6705afe17a827d", "407fc6ea23033b4c66ea2eb251657414e7e6558c162ece34fbdca289d7767d2f", "b0bbb247dbd33d9b4808d8688a668353ac167876f3bfad1109c29b89c4ea0e32", "d04cd88702ad6783afd1e68e5e3431a53ccad692d587b8112b7371493640820a"},
        {"b60abfa1ea21cf7175ce6084fa2fd64799ae75d639ddeafdd0c48bb226d9f461", "d84b35ed2db7dc3fee256794200be87f0e3f218165b73c245f4c49d933c19759", "84e8eec12a91566fc9a0c3b59f71d335cc75fd70de6572027eb610ef02a3fb2f", "b87cf06899c287b976923a155df2d4102cebd2daab16df75a90a2b557d1e1f12"},
    };
    /** The filler key of slot 1,023 of bucket 7 of denomination 1 on chain "wishledger-test". */
    static final String FILLER_TEST_1_7_1023 = "ceb11982ce72be3a9fdbc576114eebde2a0fc8e80f1194ab07fe123eddebbe75";

    private PinnedGenerators() {
    }

    static ReferenceTriptychVerifier reference(TriptychParams params) {
        return new ReferenceTriptychVerifier(params, G, U, H);
    }
}
