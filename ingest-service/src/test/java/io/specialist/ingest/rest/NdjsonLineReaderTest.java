package io.specialist.ingest.rest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class NdjsonLineReaderTest {

    private static List<NdjsonLineReader.Line> read(String body, int max) throws IOException {
        NdjsonLineReader reader = new NdjsonLineReader(new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8)), max);
        List<NdjsonLineReader.Line> lines = new ArrayList<>();
        for (NdjsonLineReader.Line line = reader.next(); line != null; line = reader.next()) {
            lines.add(line);
        }
        return lines;
    }

    @Test
    void splitsLinesAndStripsCarriageReturns() throws IOException {
        List<NdjsonLineReader.Line> lines = read("{\"a\":1}\r\n\n{\"b\":2}", 100);
        assertThat(lines).hasSize(3);
        assertThat(new String(lines.get(0).bytes(), StandardCharsets.UTF_8)).isEqualTo("{\"a\":1}");
        assertThat(lines.get(1).bytes()).isEmpty();
        assertThat(lines.get(2).number()).isEqualTo(3);
        assertThat(new String(lines.get(2).bytes(), StandardCharsets.UTF_8)).isEqualTo("{\"b\":2}");
    }

    @Test
    void reportsOverlongLinesWithoutKeepingThem() throws IOException {
        String longLine = "x".repeat(200_000);
        List<NdjsonLineReader.Line> lines = read("short\n" + longLine + "\nafter\n", 1000);
        assertThat(lines).hasSize(3);
        assertThat(lines.get(1).bytes()).isNull();
        assertThat(lines.get(1).tooLong()).isEqualTo(200_000);
        assertThat(new String(lines.get(2).bytes(), StandardCharsets.UTF_8)).isEqualTo("after");
    }

    @Test
    void emptyBodyHasNoLines() throws IOException {
        assertThat(read("", 10)).isEmpty();
    }
}
