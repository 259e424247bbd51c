package org.opt2vec.cli.common;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The files of a CLI run: CSV quoting, atomic writes, and that a run never writes into another's directory. */
class RunOutputTest {

    @Test
    void csvQuotesCommasQuotesAndLineBreaks(@TempDir Path dir) throws Exception {
        RunOutput run = RunOutput.open(dir.resolve("run"));
        run.csv("t.csv", List.of("name", "value", "note"), List.of(
                List.of("csv:blobs, v2.csv", 0.5, "plain"),
                Arrays.asList("say \"hi\"", Double.NaN, null),
                List.of("two\nlines", 1, "cr\rhere")));
        assertEquals("name,value,note\n"
                        + "\"csv:blobs, v2.csv\",0.5,plain\n"
                        + "\"say \"\"hi\"\"\",NaN,\n"
                        + "\"two\nlines\",1,\"cr\rhere\"\n",
                Files.readString(run.resolve("t.csv")));
        assertEquals(List.of("t.csv"), run.files());
    }

    @Test
    void everyFileIsWrittenWholeAndNothingElseIsLeft(@TempDir Path dir) throws Exception {
        RunOutput run = RunOutput.open(dir.resolve("run"));
        run.text("a.txt", "first");
        run.text("a.txt", "second");
        Markdown md = new Markdown().h1("Report");
        run.report(md);
        assertEquals("second", Files.readString(run.resolve("a.txt")));
        String report = Files.readString(run.resolve("report.md"));
        assertTrue(report.startsWith("# Report") && report.contains("- [a.txt](a.txt)"), report);
        try (var files = Files.list(run.dir())) {
            assertEquals(List.of("a.txt", "report.md"), files.map(p -> p.getFileName().toString()).sorted().toList(),
                    "no temporary files left behind");
        }
    }

    @Test
    void aDirectoryWithFilesIsRefused(@TempDir Path dir) throws Exception {
        Path taken = Files.createDirectories(dir.resolve("taken"));
        Files.writeString(taken.resolve("keep.txt"), "x");
        UserException e = assertThrows(UserException.class, () -> RunOutput.open(taken));
        assertEquals(ExitCodes.USAGE, e.exitCode());
        assertEquals(taken.toAbsolutePath().normalize(), RunOutput.chooseDir(taken, "mnist"));
        assertTrue(RunOutput.chooseDir(null, "mnist").getFileName().toString().startsWith("mnist-"));
    }
}
