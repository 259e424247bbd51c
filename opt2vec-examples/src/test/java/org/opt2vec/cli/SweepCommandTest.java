package org.opt2vec.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.opt2vec.cli.CliSmokeTest.Run;
import org.opt2vec.cli.common.ExitCodes;
import org.opt2vec.dl4j.Opt2VecWeights;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.opt2vec.cli.CliSmokeTest.assertNonEmpty;
import static org.opt2vec.cli.CliSmokeTest.run;

/** {@code opt2vec sweep}: real Arbiter sweeps (real DL4J networks, real meta-training) with tiny budgets. */
class SweepCommandTest {
    @TempDir
    Path tmp;

    /** The rows of results.csv, split (the header first); asserts every candidate completed. */
    private static List<String[]> completedRows(Path dir, int candidates) throws IOException {
        List<String> lines = Files.readAllLines(dir.resolve("results.csv"));
        assertEquals(1 + candidates, lines.size(), "header + one row per candidate: " + lines);
        List<String[]> rows = lines.stream().map(l -> l.split(",", -1)).toList();
        for (String[] r : rows.subList(1, rows.size())) {
            assertEquals("completed", r[1], String.join(",", r));
            assertTrue(Double.isFinite(Double.parseDouble(r[2])), "finite score: " + String.join(",", r));
        }
        return rows;
    }

    @Test
    void help() {
        Run top = run("sweep", "--help");
        assertEquals(0, top.exitCode(), top.err());
        assertTrue(top.out().contains("Usage: opt2vec sweep") && top.out().contains("train-with")
                && top.out().contains("architecture"), top.out());
        for (String kind : List.of("train-with", "architecture")) {
            Run r = run("sweep", kind, "--help");
            assertEquals(0, r.exitCode(), r.err());
            assertTrue(r.out().contains("Usage: opt2vec sweep " + kind), r.out());
            assertTrue(r.out().contains("--output") && r.out().contains("--embedding-dims")
                    && r.out().contains("--search"), r.out());
        }
        assertTrue(run("--help").out().contains("sweep"), "listed by opt2vec --help");
        Run none = run("sweep");
        assertEquals(ExitCodes.USAGE, none.exitCode());
        assertTrue(none.err().contains("missing sweep kind"), none.err());
    }

    @Test
    @Timeout(value = 180, unit = TimeUnit.SECONDS)  // a guard against hangs: about 10 s on 2 cores
    void trainWithSweepOnABuiltInTask() throws IOException {
        Path out = tmp.resolve("train-with");
        Run r = run("sweep", "train-with", "--task", "blobs", "--steps", "10", "--epochs", "1",
                "--base-lrs", "0.003,0.01,0.03", "-o", out.toString());
        assertEquals(0, r.exitCode(), r.err() + r.out());
        assertNonEmpty(out, "report.md", "results.csv", "scores.png");
        List<String[]> rows = completedRows(out, 3);
        assertEquals("updater.baseLr", rows.get(0)[3]);
        for (String[] row : rows.subList(1, rows.size())) {
            assertNonEmpty(out, "models/" + row[0] + "/model.bin");
        }
        String report = Files.readString(out.resolve("report.md"));
        assertTrue(report.contains("Command: `opt2vec sweep train-with --task blobs"), report);
        assertTrue(report.contains("- Best: candidate "), report);
        assertTrue(r.out().contains("[3/3] candidate") && r.out().contains("best: candidate")
                && r.out().contains("report: "), r.out());
    }

    @Test
    void trainWithSweepOnCsvData() throws IOException {
        Path csv = CliSmokeTest.writeBlobsCsv(tmp.resolve("blobs.csv"));
        Path out = tmp.resolve("train-with-csv");
        Run r = run("sweep", "train-with", "--data", csv.toString(), "--skip-lines", "1", "--epochs", "1",
                "--base-lrs", "0.01,0.03", "--activations", "gelu,relu", "--score", "accuracy",
                "--search", "random", "--max-candidates", "2", "--no-save-models", "-o", out.toString());
        assertEquals(0, r.exitCode(), r.err() + r.out());
        assertNonEmpty(out, "report.md", "results.csv", "scores.png");
        List<String[]> rows = completedRows(out, 2);
        for (String[] row : rows.subList(1, rows.size())) {
            double acc = Double.parseDouble(row[2]);
            assertTrue(acc >= 0 && acc <= 1, "an accuracy: " + acc);
        }
        assertTrue(Files.notExists(out.resolve("models")), "--no-save-models");
        assertTrue(Files.readString(out.resolve("report.md")).contains("(higher is better)"));
    }

    @Test
    @Timeout(value = 180, unit = TimeUnit.SECONDS)  // a guard against hangs: a few seconds on 2 cores
    void architectureSweepWithATinyBudget() throws IOException {
        Path out = tmp.resolve("architecture");
        // historyLength and activation have one value each: no column, yet the default architecture is found
        Run r = run("sweep", "architecture", "--embedding-dims", "8,64", "--history-lengths", "16",
                "--activations", "gelu", "--meta-steps", "2", "--tasks-per-step", "1", "--inner-steps", "10",
                "--pairs", "2", "--families", "blobs,spirals", "--eval-instances", "1", "--eval-steps", "10",
                "--threads", "2", "-o", out.toString());
        assertEquals(0, r.exitCode(), r.err() + r.out());
        assertNonEmpty(out, "report.md", "results.csv", "scores.png");
        List<String[]> rows = completedRows(out, 2);
        List<String> header = List.of(rows.get(0));
        assertTrue(header.contains("embeddingDim") && header.contains("mll:blobs") && header.contains("mll:spirals"),
                header.toString());
        int dimColumn = header.indexOf("embeddingDim");
        for (String[] row : rows.subList(1, rows.size())) {
            Path w = out.resolve("weights/" + row[0] + "/weights.o2vw");
            assertNonEmpty(out, out.relativize(w).toString());
            assertEquals(Integer.parseInt(row[dimColumn]), Opt2VecWeights.load(w).architecture().embeddingDim());
        }
        assertTrue(r.out().contains("held-out suite") && r.out().contains("best: candidate"), r.out());
        assertTrue(r.out().contains("Opt2Vec's default architecture (embeddingDim 64, historyLength 16, gelu): rank "),
                r.out());
        assertTrue(header.contains("architecture"), header.toString());
    }

    @Test
    void badSpacesAreUsageErrorsBeforeAnyOutput() {
        Path out = tmp.resolve("never");
        Run empty = run("sweep", "architecture", "--embedding-dims", "", "-o", out.toString());
        assertEquals(ExitCodes.USAGE, empty.exitCode(), empty.err());
        assertTrue(empty.err().contains("--embedding-dims: no values given"), empty.err());

        Run zero = run("sweep", "train-with", "--embedding-dims", "0", "-o", out.toString());
        assertEquals(ExitCodes.USAGE, zero.exitCode(), zero.err());
        assertTrue(zero.err().contains("--embedding-dims") && zero.err().contains("holds 0; must be in [1, 1024]"),
                zero.err());

        Run zeroInList = run("sweep", "architecture", "--embedding-dims", "0,32", "-o", out.toString());
        assertEquals(ExitCodes.USAGE, zeroInList.exitCode(), zeroInList.err());
        assertTrue(zeroInList.err().contains("--embedding-dims") && zeroInList.err().contains("holds 0"),
                zeroInList.err());

        Run activation = run("sweep", "train-with", "--activations", "softmax", "-o", out.toString());
        assertEquals(ExitCodes.USAGE, activation.exitCode());
        assertTrue(activation.err().contains("--activations: unknown activation 'softmax'"), activation.err());

        Run lr = run("sweep", "train-with", "--base-lrs", "-1:1", "-o", out.toString());
        assertEquals(ExitCodes.USAGE, lr.exitCode());
        assertTrue(lr.err().contains("--base-lrs"), lr.err());

        Run random = run("sweep", "architecture", "--search", "random", "-o", out.toString());
        assertEquals(ExitCodes.USAGE, random.exitCode());
        assertTrue(random.err().contains("--search random needs --max-candidates"), random.err());

        Run regression = run("sweep", "train-with", "--task", "linear-1d", "--score", "accuracy", "-o", out.toString());
        assertEquals(ExitCodes.USAGE, regression.exitCode());
        assertTrue(regression.err().contains("regression task"), regression.err());

        Run missing = run("sweep", "train-with", "--data", tmp.resolve("nope.csv").toString(), "-o", out.toString());
        assertEquals(ExitCodes.DATA, missing.exitCode());
        assertTrue(missing.err().contains("nope.csv does not exist"), missing.err());

        assertTrue(Files.notExists(out), "no output directory for a rejected sweep");
    }
}
