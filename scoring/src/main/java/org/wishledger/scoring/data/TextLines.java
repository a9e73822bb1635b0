package org.wishledger.scoring.data;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.ObjLongConsumer;
import java.util.zip.GZIPInputStream;

/** Reads a JSONL file (gzip when its name ends in .gz) line by line, rejecting invalid UTF-8 with its line number. */
public final class TextLines {
    private TextLines() {
    }

    /** Parses one non-blank line; lineNumber is 1-based (for the error message). */
    @FunctionalInterface
    public interface LineParser<T> {
        T parse(String line, long lineNumber);
    }

    /** Every non-blank line of {@code file}, parsed: what each import format's {@code readAll(Path)} returns. */
    public static <T> List<T> readAll(Path file, LineParser<T> parser) {
        List<T> out = new ArrayList<>();
        forEach(file, (line, no) -> out.add(parser.parse(line, no)));
        return out;
    }

    /** As {@link #readAll(Path, LineParser)} from a stream (not gzip-decoded); the fuzz targets feed bytes here. */
    public static <T> List<T> readAll(InputStream in, LineParser<T> parser) throws IOException {
        List<T> out = new ArrayList<>();
        forEach(in, (line, no) -> out.add(parser.parse(line, no)));
        return out;
    }

    /** Calls {@code sink(line, lineNumber)} for every non-blank line; lineNumber is 1-based. */
    public static void forEach(Path file, ObjLongConsumer<String> sink) {
        try (InputStream raw = Files.newInputStream(file);
             InputStream in = file.getFileName().toString().endsWith(".gz") ? new GZIPInputStream(raw, 1 << 16) : raw) {
            forEach(in, sink);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    /** Splits on '\n' at the byte level and decodes each line strictly, so a bad byte is blamed on its own line. */
    public static void forEach(InputStream in, ObjLongConsumer<String> sink) throws IOException {
        var decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        BufferedInputStream bytes = new BufferedInputStream(in, 1 << 16);
        ByteArrayOutputStream line = new ByteArrayOutputStream(1 << 12);
        long lineNo = 0;
        int b;
        do {
            b = bytes.read();
            if (b != -1 && b != '\n') {
                line.write(b);
                continue;
            }
            if (b == -1 && line.size() == 0) {
                break;
            }
            lineNo++;
            String text;
            try {
                text = decoder.decode(ByteBuffer.wrap(line.toByteArray())).toString();
            } catch (CharacterCodingException e) {
                throw new WishFormatException(WishFormatException.Reason.INVALID_UTF8, lineNo, "invalid UTF-8");
            }
            line.reset();
            if (!text.isBlank()) {
                sink.accept(text, lineNo);
            }
        } while (b != -1);
    }
}
