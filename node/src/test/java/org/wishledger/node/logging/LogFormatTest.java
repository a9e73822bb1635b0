package org.wishledger.node.logging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.wishledger.node.NodeLog;

/** The two formats of logback.xml, through the real config, NodeLog and plain SLF4J loggers. */
class LogFormatTest {
    private static final NodeLog LOG = NodeLog.of("consensus");

    @AfterEach
    void backToText() {
        LogFormat.TEXT.apply();
    }

    @Test
    void jsonIsOneObjectPerLineWithThePairsAsFields() {
        List<String> lines = capture(LogFormat.JSON, () -> {
            LOG.info("committed", "height", 12, "round", 0, "ok", true, "note", "a \"quoted\"\nvalue", "message", "clash");
            LOG.error("block validation failed", new IllegalStateException("bad root"), "height", 13);
            LoggerFactory.getLogger("org.wishledger.p2p.PeerManager").warn("refusing {}: {} already", "1.2.3.4", 8);
        });
        assertEquals(3, lines.size(), String.join("\n", lines));
        JsonObject committed = JsonParser.parseString(lines.get(0)).getAsJsonObject();
        assertEquals("INFO", committed.get("level").getAsString());
        assertEquals("consensus", committed.get("logger").getAsString());
        assertEquals("committed", committed.get("message").getAsString());
        assertEquals(12, committed.get("height").getAsJsonPrimitive().getAsLong());
        assertTrue(committed.get("height").getAsJsonPrimitive().isNumber());
        assertTrue(committed.get("ok").getAsJsonPrimitive().isBoolean());
        assertEquals("a \"quoted\"\nvalue", committed.get("note").getAsString());
        assertEquals("clash", committed.get("kv_message").getAsString(), "a pair never overwrites a fixed field");
        assertTrue(committed.get("time").getAsString().endsWith("Z"));

        JsonObject failed = JsonParser.parseString(lines.get(1)).getAsJsonObject();
        assertEquals("ERROR", failed.get("level").getAsString());
        assertEquals(13, failed.get("height").getAsLong());
        assertEquals("java.lang.IllegalStateException: bad root", failed.get("error").getAsString());
        assertTrue(failed.get("stack").getAsString().contains("LogFormatTest"), failed.get("stack").getAsString());

        JsonObject plain = JsonParser.parseString(lines.get(2)).getAsJsonObject();
        assertEquals("refusing 1.2.3.4: 8 already", plain.get("message").getAsString());
        assertEquals("WARN", plain.get("level").getAsString());
    }

    @Test
    void textIsOneLinePerEventWithKeyValuePairs() {
        List<String> lines = capture(LogFormat.TEXT, () -> {
            LOG.info("committed", "height", 12, "why", "two words", "empty", "", "q", "say \"hi\"");
            LOG.error("block validation failed", new IllegalStateException("bad root"), "height", 13);
        });
        assertTrue(lines.get(0).matches("\\d{4}-\\d\\d-\\d\\dT\\S+Z INFO consensus committed height=12 "
                + "why=\"two words\" empty=\"\" q=\"say \\\\\"hi\\\\\"\""), lines.get(0));
        assertTrue(lines.get(1).matches("\\S+Z ERROR consensus block validation failed height=13 "
                + "error=\"java.lang.IllegalStateException: bad root\""), lines.get(1));
        // the stack trace follows on indented lines, so every event starts a line with its timestamp
        assertTrue(lines.size() > 3, String.join("\n", lines));
        for (String continuation : lines.subList(2, lines.size())) {
            assertTrue(continuation.startsWith("    "), continuation);
        }
    }

    @Test
    void unknownFormatsAreRefusedByName() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> LogFormat.parse("xml"));
        assertEquals("unknown log format 'xml' (expected text or json)", e.getMessage());
        assertEquals(LogFormat.JSON, LogFormat.parse("JSON"));
    }

    /** Runs {@code logging} with the format applied and stderr (where logback.xml writes) captured. */
    private static List<String> capture(LogFormat format, Runnable logging) {
        PrintStream original = System.err;
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        format.apply();
        System.setErr(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        try {
            logging.run();
        } finally {
            System.setErr(original);
        }
        return bytes.toString(StandardCharsets.UTF_8).lines().toList();
    }
}
