package org.jvbfastpath.testdata;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs tools/inspect (docs/inspect.md) in its own process, as an independent run of the
 * native parser, and reads its JSON lines. The binary's path comes from the environment
 * variable JVBFASTPATH_INSPECT, which tests/java/BUILD sets from the data dependency.
 */
public final class InspectTool {
    private InspectTool() {}

    /** One JSON line: flat, values are String, Long (integers), Boolean, or null. */
    public static final class Line {
        private final Map<String, Object> fields;
        private final String text;

        Line(Map<String, Object> fields, String text) {
            this.fields = Collections.unmodifiableMap(fields);
            this.text = text;
        }

        public boolean has(String key) {
            return fields.containsKey(key);
        }

        public Object get(String key) {
            if (!fields.containsKey(key)) {
                throw new IllegalArgumentException("inspect printed no '" + key + "': " + text);
            }
            return fields.get(key);
        }

        public String string(String key) {
            return (String) get(key);
        }

        public long number(String key) {
            return (Long) get(key);
        }

        @Override
        public String toString() {
            return text;
        }
    }

    /** inspect's lines for {@code args} (e.g. --pcap FILE --pt 96=vp8); fails on exit != 0. */
    public static List<Line> run(String... args) {
        String binary = System.getenv("JVBFASTPATH_INSPECT");
        if (binary == null) {
            throw new IllegalStateException("JVBFASTPATH_INSPECT is not set: run through "
                    + "bazel test //tests/java:..., which builds tools/inspect as a data "
                    + "dependency");
        }
        List<String> command = new ArrayList<>();
        command.add(binary);
        Collections.addAll(command, args);
        try {
            Path stderr = Files.createTempFile("inspect", ".err");
            try {
                Process p = new ProcessBuilder(command)
                        .redirectError(stderr.toFile())
                        .start();
                p.getOutputStream().close();
                String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                int rc = p.waitFor();
                if (rc != 0) {
                    throw new IllegalStateException(String.join(" ", command) + " exited with " + rc
                            + ": " + Files.readString(stderr, StandardCharsets.UTF_8));
                }
                List<Line> lines = new ArrayList<>();
                for (String text : out.split("\n")) {
                    if (!text.isEmpty()) {
                        lines.add(new Line(parseObject(text), text));
                    }
                }
                return lines;
            } finally {
                Files.deleteIfExists(stderr);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * A flat JSON object (no nested objects or arrays: inspect prints none). Non-integer
     * numbers (the capture time) are kept as their text.
     */
    static Map<String, Object> parseObject(String text) {
        Map<String, Object> out = new LinkedHashMap<>();
        int[] at = {skip(text, 0)};
        expect(text, at, '{');
        if (peek(text, at) == '}') {
            at[0]++;
            return out;
        }
        while (true) {
            String key = parseString(text, at);
            expect(text, at, ':');
            out.put(key, parseValue(text, at));
            char c = peek(text, at);
            at[0]++;
            if (c == '}') {
                return out;
            }
            if (c != ',') {
                throw new IllegalArgumentException("bad JSON at " + (at[0] - 1) + ": " + text);
            }
        }
    }

    private static int skip(String s, int i) {
        while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
            i++;
        }
        return i;
    }

    private static char peek(String s, int[] at) {
        at[0] = skip(s, at[0]);
        if (at[0] >= s.length()) {
            throw new IllegalArgumentException("JSON ends early: " + s);
        }
        return s.charAt(at[0]);
    }

    private static void expect(String s, int[] at, char c) {
        if (peek(s, at) != c) {
            throw new IllegalArgumentException("expected '" + c + "' at " + at[0] + ": " + s);
        }
        at[0]++;
    }

    private static Object parseValue(String s, int[] at) {
        char c = peek(s, at);
        if (c == '"') {
            return parseString(s, at);
        }
        for (String word : new String[] {"true", "false", "null"}) {
            if (s.startsWith(word, at[0])) {
                at[0] += word.length();
                return word.equals("null") ? null : Boolean.valueOf(word);
            }
        }
        int start = at[0];
        while (at[0] < s.length() && "+-0123456789.eE".indexOf(s.charAt(at[0])) >= 0) {
            at[0]++;
        }
        String number = s.substring(start, at[0]);
        if (number.isEmpty()) {
            throw new IllegalArgumentException("bad JSON value at " + start + ": " + s);
        }
        return number.matches("-?[0-9]+") ? (Object) Long.valueOf(number) : number;
    }

    private static String parseString(String s, int[] at) {
        expect(s, at, '"');
        StringBuilder sb = new StringBuilder();
        while (true) {
            if (at[0] >= s.length()) {
                throw new IllegalArgumentException("unterminated JSON string: " + s);
            }
            char c = s.charAt(at[0]++);
            if (c == '"') {
                return sb.toString();
            }
            if (c != '\\') {
                sb.append(c);
                continue;
            }
            char e = s.charAt(at[0]++);
            switch (e) {
                case 'n': sb.append('\n'); break;
                case 't': sb.append('\t'); break;
                case 'r': sb.append('\r'); break;
                case 'b': sb.append('\b'); break;
                case 'f': sb.append('\f'); break;
                case 'u':
                    sb.append((char) Integer.parseInt(s.substring(at[0], at[0] + 4), 16));
                    at[0] += 4;
                    break;
                default: sb.append(e); break;
            }
        }
    }
}
