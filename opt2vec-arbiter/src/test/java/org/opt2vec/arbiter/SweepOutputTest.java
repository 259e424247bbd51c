package org.opt2vec.arbiter;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** results.csv, report.md and scores.png as a sweep writes them, without running a sweep. */
class SweepOutputTest {

    /** A strict RFC 4180 reader: quoted fields may hold commas, doubled quotes and line breaks. */
    static List<List<String>> parseCsv(String text) {
        List<List<String>> rows = new ArrayList<>();
        List<String> row = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < text.length() && text.charAt(i + 1) == '"') {
                    field.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    field.append(c);
                }
            } else if (c == '"') {
                assertEquals(0, field.length(), "a quote inside an unquoted field at " + i);
                quoted = true;
            } else if (c == ',') {
                row.add(field.toString());
                field.setLength(0);
            } else if (c == '\n') {
                row.add(field.toString());
                field.setLength(0);
                rows.add(row);
                row = new ArrayList<>();
            } else {
                field.append(c);
            }
        }
        assertTrue(!quoted && field.length() == 0 && row.isEmpty(), "the CSV ends with a complete line");
        return rows;
    }

    @Test
    void csvFieldsWithCommasQuotesAndLineBreaksReadBackExactly(@TempDir Path dir) throws Exception {
        String schedule = "StepSchedule(type=ITERATION, initialValue=0.1, decayRate=0.5, step=10)";
        String error = "IllegalStateException: layer \"dense\", nIn 5 != 4";
        String detail = "two\nlines\r\nand, a comma";
        SweepOutput out = new SweepOutput(dir, "test", List.of("header"), "loss", true,
                List.of("updater.baseLrSchedule", "updater.historyLength"), List.of("note, with comma"), null);
        out.add(new SweepRecord(0, true, 0.25, Map.of("updater.baseLrSchedule", schedule,
                "updater.historyLength", "16"), Map.of("note, with comma", detail), 1.5, "models/0/model.bin", ""));
        out.add(new SweepRecord(1, false, Double.NaN, Map.of("updater.baseLrSchedule", schedule,
                "updater.historyLength", "8"), Map.of(), 0.5, "", error));

        List<List<String>> rows = parseCsv(Files.readString(dir.resolve(SweepOutput.CSV)));
        assertEquals(List.of("index", "status", "score", "updater.baseLrSchedule", "updater.historyLength",
                "note, with comma", "seconds", "artifact", "error"), rows.get(0));
        assertEquals(List.of("0", "completed", "0.25", schedule, "16", detail, "1.50", "models/0/model.bin", ""),
                rows.get(1));
        assertEquals(List.of("1", "failed", "", schedule, "8", "", "0.50", "", error), rows.get(2));
        assertEquals(3, rows.size());

        String report = Files.readString(dir.resolve(SweepOutput.REPORT));
        assertTrue(report.contains("- Best: candidate 0,"), report);
        assertTrue(report.contains("## Failed candidates"), report);
        assertTrue(Files.size(dir.resolve(SweepOutput.CHART)) > 1000, "scores.png drawn");
        try (var files = Files.list(dir)) {
            assertEquals(List.of(SweepOutput.REPORT, SweepOutput.CSV, SweepOutput.CHART),
                    files.map(p -> p.getFileName().toString()).sorted().toList(),
                    "nothing but the three files: no temporary file left behind");
        }
    }

    @Test
    void csvFieldQuotesOnlyWhatNeedsIt() {
        assertEquals("plain", SweepOutput.csvField("plain"));
        assertEquals("\"a,b\"", SweepOutput.csvField("a,b"));
        assertEquals("\"say \"\"hi\"\"\"", SweepOutput.csvField("say \"hi\""));
        assertEquals("\"a\nb\"", SweepOutput.csvField("a\nb"));
        assertEquals("\"a\rb\"", SweepOutput.csvField("a\rb"));
        assertEquals("", SweepOutput.csvField(""));
    }
}
