package org.jvbfastpath.testdata;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Named byte strings from a vector file (tests/data/srtp/rfc_vectors.txt, whose header
 * describes the format), the same file the native tests read.
 */
public final class HexVectors {
    private final Map<String, byte[]> byName;

    private HexVectors(Map<String, byte[]> byName) {
        this.byName = byName;
    }

    /** Reads {@code path} relative to the test's working directory (the runfiles root). */
    public static HexVectors load(String path) {
        List<String> lines;
        try {
            lines = Files.readAllLines(Path.of(path), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the vectors in " + path, e);
        }
        Map<String, StringBuilder> text = new HashMap<>();
        String current = null;
        for (int n = 0; n < lines.size(); n++) {
            String line = lines.get(n);
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            if (Character.isWhitespace(line.charAt(0))) {
                if (current == null) {
                    throw new IllegalArgumentException(
                            path + ":" + (n + 1) + ": hex before a name");
                }
                text.get(current).append(line);
                continue;
            }
            int colon = line.indexOf(':');
            if (colon <= 0) {
                throw new IllegalArgumentException(path + ":" + (n + 1) + ": expected 'name: hex'");
            }
            current = line.substring(0, colon).trim();
            if (text.put(current, new StringBuilder(line.substring(colon + 1))) != null) {
                throw new IllegalArgumentException(
                        path + ":" + (n + 1) + ": " + current + " again");
            }
        }
        Map<String, byte[]> bytes = new HashMap<>();
        text.forEach((name, hex) -> bytes.put(name, hex(name, hex)));
        return new HexVectors(bytes);
    }

    /** The named bytes (a copy); a missing name is a test bug and throws. */
    public byte[] get(String name) {
        byte[] b = byName.get(name);
        if (b == null) {
            throw new IllegalArgumentException("no vector named " + name);
        }
        return b.clone();
    }

    /** Hex digits with white space ignored; anything else, or an odd count, throws. */
    public static byte[] hex(String name, CharSequence text) {
        byte[] out = new byte[text.length() / 2];
        int count = 0;
        int high = -1;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isWhitespace(c)) {
                continue;
            }
            int digit = Character.digit(c, 16);
            if (digit < 0) {
                throw new IllegalArgumentException(name + ": not a hex digit: '" + c + "'");
            }
            if (high < 0) {
                high = digit;
            } else {
                out[count++] = (byte) ((high << 4) | digit);
                high = -1;
            }
        }
        if (high >= 0) {
            throw new IllegalArgumentException(name + ": odd number of hex digits");
        }
        return java.util.Arrays.copyOf(out, count);
    }

    /** Lower-case hex without separators, for readable assertion messages. */
    public static String toHex(byte[] bytes) {
        StringBuilder sb = new StringBuilder(bytes.length * 2);
        for (byte b : bytes) {
            sb.append(Character.forDigit((b >> 4) & 0xf, 16))
                    .append(Character.forDigit(b & 0xf, 16));
        }
        return sb.toString();
    }
}
