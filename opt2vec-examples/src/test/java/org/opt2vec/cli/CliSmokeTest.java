package org.opt2vec.cli;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opt2vec.cli.common.ExitCodes;
import org.opt2vec.cli.data.MnistFiles;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Runs every subcommand in-process on small data with real DL4J networks and checks exit codes and outputs. */
class CliSmokeTest {
    @TempDir
    static Path tmp;
    static Path csv;

    record Run(int exitCode, String out, String err) {
    }

    static Run run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Opt2VecCli.execute(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), args);
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @BeforeAll
    static void writeCsv() throws IOException {
        csv = writeBlobsCsv(tmp.resolve("blobs.csv"));
    }

    /** Three Gaussian blobs in 4 dimensions, label in the last column, 150 lines with a header. */
    static Path writeBlobsCsv(Path csv) throws IOException {
        Random r = new Random(7);
        StringBuilder sb = new StringBuilder("a,b,c,d,label\n");
        for (int i = 0; i < 150; i++) {
            int c = i % 3;
            for (int j = 0; j < 4; j++) {
                sb.append(String.format(Locale.ROOT, "%.4f,", (j == c ? 3.0 : 0.0) + r.nextGaussian()));
            }
            sb.append(c).append('\n');
        }
        Files.writeString(csv, sb.toString());
        return csv;
    }

    static void assertNonEmpty(Path dir, String... files) throws IOException {
        for (String f : files) {
            Path p = dir.resolve(f);
            assertTrue(Files.isRegularFile(p), p + " missing");
            assertTrue(Files.size(p) > 0, p + " is empty");
        }
    }

    static boolean mnistAvailable() {
        return MnistFiles.problems(MnistFiles.defaultDir()).isEmpty();
    }

    @Test
    void helpOnEverySubcommand() {
        for (String cmd : List.of("quickstart", "mnist", "meta-train", "evaluate", "analyze")) {
            Run r = run(cmd, "--help");
            assertEquals(0, r.exitCode(), cmd + ": " + r.err());
            assertTrue(r.out().contains("Usage: opt2vec " + cmd), r.out());
            assertTrue(r.out().contains("--output"), cmd + " lacks --output");
        }
        Run top = run("--help");
        assertEquals(0, top.exitCode());
        assertTrue(top.out().contains("quickstart") && top.out().contains("meta-train"), top.out());
    }

    /** The help text with its line wrapping undone. */
    private static String help(String... command) {
        List<String> args = new java.util.ArrayList<>(List.of(command));
        args.add("--help");
        Run r = run(args.toArray(String[]::new));
        assertEquals(0, r.exitCode(), String.join(" ", command) + ": " + r.err());
        return r.out().replaceAll("\\s+", " ");
    }

    /** Every option that shows a default shows a real one: the commands' defaults reach their mixins' options. */
    @Test
    void everyShownDefaultIsSet() {
        for (String[] cmd : List.of(new String[]{"quickstart"}, new String[]{"mnist"}, new String[]{"meta-train"},
                new String[]{"evaluate"}, new String[]{"analyze"}, new String[]{"sweep", "train-with"},
                new String[]{"sweep", "architecture"})) {
            String h = help(cmd);
            assertTrue(!h.contains("default: null") && !h.contains("default: )"), h);
        }
        String mnist = help("mnist");
        assertTrue(mnist.contains("Epochs per run (default: 2)")
                && mnist.contains("up to 60000 (default: " + MnistCommand.DEFAULT_TRAIN_SIZE + ")"), mnist);
        assertTrue(help("analyze").contains("Epochs per run (default: 1)"));
        assertTrue(help("quickstart").contains("Minibatch size (default: 10)"));
        String arch = help("sweep", "architecture");
        assertTrue(arch.contains("(default: 32,64,128)") && arch.contains("Seed (default: 42)")
                && arch.contains("Meta-steps (default: 10)"), arch);
        String trainWith = help("sweep", "train-with");
        assertTrue(trainWith.contains("(default: 64)") && trainWith.contains("Seed (default: 12345)"), trainWith);
    }

    @Test
    void badArgumentsAreUsageErrors() {
        Run unknown = run("mnist", "--no-such-option");
        assertEquals(ExitCodes.USAGE, unknown.exitCode());
        assertTrue(unknown.err().contains("Unknown option") && unknown.err().contains("Usage:"), unknown.err());

        Run badValue = run("mnist", "--epochs", "0", "-o", tmp.resolve("bad").toString());
        assertEquals(ExitCodes.USAGE, badValue.exitCode());
        assertTrue(badValue.err().contains("--epochs must be >= 1"), badValue.err());
        assertTrue(Files.notExists(tmp.resolve("bad")), "no output directory for a usage error");

        Run badOptimizer = run("mnist", "--optimizers", "adam,lion");
        assertEquals(ExitCodes.USAGE, badOptimizer.exitCode());
        assertTrue(badOptimizer.err().contains("unknown optimizer 'lion'"), badOptimizer.err());

        Run noCommand = run();
        assertEquals(ExitCodes.USAGE, noCommand.exitCode());
        assertTrue(noCommand.err().contains("missing subcommand"), noCommand.err());

        Run cnnOnCsv = run("mnist", "--data", csv.toString());
        assertEquals(ExitCodes.USAGE, cnnOnCsv.exitCode());
        assertTrue(cnnOnCsv.err().contains("--net mlp"), cnnOnCsv.err());
    }

    @Test
    void missingDataDirectoryGivesAClearMessage() {
        Path missing = tmp.resolve("no-such-mnist");
        Run r = run("mnist", "--mnist-dir", missing.toString(), "-o", tmp.resolve("m-missing").toString());
        assertEquals(ExitCodes.DATA, r.exitCode());
        assertTrue(r.err().contains("MNIST directory " + missing + " does not exist"), r.err());
        assertTrue(r.err().contains("scripts/fetch-mnist.sh") && r.err().contains("--mnist-dir"), r.err());
        assertTrue(!r.err().contains("Exception"), "no stack trace: " + r.err());

        Run csvMissing = run("analyze", "--net", "mlp", "--data", tmp.resolve("nope.csv").toString(),
                "-o", tmp.resolve("a-missing").toString());
        assertEquals(ExitCodes.DATA, csvMissing.exitCode());
        assertTrue(csvMissing.err().contains("nope.csv does not exist"), csvMissing.err());
    }

    @Test
    void emptyMnistDirectoryListsTheMissingFiles() throws IOException {
        Path empty = Files.createDirectories(tmp.resolve("empty-mnist"));
        Run r = run("mnist", "--mnist-dir", empty.toString(), "-o", tmp.resolve("m-empty").toString());
        assertEquals(ExitCodes.DATA, r.exitCode());
        assertTrue(r.err().contains("train-images-idx3-ubyte: missing"), r.err());
    }

    @Test
    void quickstart() throws IOException {
        Path out = tmp.resolve("quickstart");
        Run r = run("quickstart", "--epochs", "5", "-o", out.toString());
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(r.out().contains("epoch") && r.out().contains("report:"), r.out());
        assertNonEmpty(out, "report.md", "loss.csv", "loss.png");
        List<String> lines = Files.readAllLines(out.resolve("loss.csv"));
        assertEquals(7, lines.size());
        double first = Double.parseDouble(lines.get(1).split(",")[1]);
        double last = Double.parseDouble(lines.get(6).split(",")[1]);
        assertTrue(last < first, "loss should fall: " + first + " -> " + last);
    }

    @Test
    void outputDirectoryIsNeverOverwritten() throws IOException {
        Path out = Files.createDirectories(tmp.resolve("taken"));
        Files.writeString(out.resolve("keep.txt"), "x");
        Run r = run("quickstart", "--epochs", "1", "-o", out.toString());
        assertEquals(ExitCodes.USAGE, r.exitCode());
        assertTrue(r.err().contains("exists and is not empty"), r.err());
    }

    @Test
    void mnistOnCsvData() throws IOException {
        Path out = tmp.resolve("mnist-csv");
        Run r = run("mnist", "--data", csv.toString(), "--skip-lines", "1", "--net", "mlp", "--optimizers",
                "opt2vec,adam", "--seeds", "2", "--epochs", "2", "--batch-size", "16", "-o", out.toString());
        assertEquals(0, r.exitCode(), r.err());
        assertNonEmpty(out, "report.md", "summary.csv", "epochs.csv", "train-loss.csv", "opt2vec-steps.csv",
                "train-loss-mlp.png", "test-accuracy-mlp.png", "opt2vec-lr-scale-mlp.png", "opt2vec-momentum-mlp.png");
        assertEquals(1 + 2 * 2 * 2, Files.readAllLines(out.resolve("epochs.csv")).size());
        String report = Files.readString(out.resolve("report.md"));
        assertTrue(report.contains("Adam(1e-3)") && report.contains("peak resident memory"), report);
    }

    @Test
    void mnistOnASmallSubset() throws IOException {
        assumeTrue(mnistAvailable(), "MNIST not in DL4J's cache (run scripts/fetch-mnist.sh)");
        Path out = tmp.resolve("mnist");
        Run r = run("mnist", "--train-size", "256", "--test-size", "200", "--epochs", "1", "--seeds", "1",
                "--net", "tinycnn,mlp", "--no-warmup", "-o", out.toString());
        assertEquals(0, r.exitCode(), r.err());
        assertNonEmpty(out, "report.md", "summary.csv", "train-loss-tinycnn.png", "test-accuracy-tinycnn.png",
                "opt2vec-lr-scale-tinycnn.png", "opt2vec-momentum-tinycnn.png", "train-loss-mlp.png");
        // 2 networks x 5 optimizers
        assertEquals(11, Files.readAllLines(out.resolve("summary.csv")).size());
    }

    @Test
    void mnistWithTheAnnealingController() throws IOException {
        assumeTrue(mnistAvailable(), "MNIST not in DL4J's cache (run scripts/fetch-mnist.sh)");
        Path out = tmp.resolve("mnist-v4");
        Run r = run("mnist", "--train-size", "256", "--test-size", "200", "--epochs", "2", "--seeds", "1",
                "--net", "mlp", "--optimizers", "opt2vec-v4,adam", "--no-warmup", "-o", out.toString());
        assertEquals(0, r.exitCode(), r.err());
        List<String> rows = Files.readAllLines(out.resolve("summary.csv"));
        assertEquals(3, rows.size());
        assertTrue(rows.stream().anyMatch(l -> l.contains("opt2vec-v4")), rows.toString());
    }

    @Test
    void analyzeOnCsvData() throws IOException {
        Path out = tmp.resolve("analyze-csv");
        Run r = run("analyze", "--data", csv.toString(), "--skip-lines", "1", "--net", "mlp", "--epochs", "4",
                "--batch-size", "8", "--clusters", "3", "-o", out.toString());
        assertEquals(0, r.exitCode(), r.err());
        assertNonEmpty(out, "report.md", "embeddings.csv", "pca.csv", "clusters.csv", "correlations.csv",
                "pca-explained-variance.png", "pc1-pc2-by-step.png", "pc1-pc2-by-loss.png");
        assertEquals(4, Files.readAllLines(out.resolve("clusters.csv")).size());
        assertTrue(r.out().contains("corr(PC1, loss)"), r.out());
    }

    @Test
    void analyzeOnMnist() throws IOException {
        assumeTrue(mnistAvailable(), "MNIST not in DL4J's cache (run scripts/fetch-mnist.sh)");
        Path out = tmp.resolve("analyze");
        Run r = run("analyze", "--train-size", "640", "--test-size", "100", "-o", out.toString());
        assertEquals(0, r.exitCode(), r.err());
        assertNonEmpty(out, "report.md", "embeddings.csv", "pc1-pc2-by-loss.png");
    }

    @Test
    void metaTrainResumeAndEvaluate() throws IOException {
        Path mt = tmp.resolve("meta");
        Run r = run("meta-train", "--meta-steps", "2", "--tasks-per-step", "1", "--inner-steps", "4", "--pairs", "1",
                "--threads", "1", "--checkpoint-every", "1", "--tasks", "blobs,linear-1d", "-o", mt.toString());
        assertEquals(0, r.exitCode(), r.err());
        assertNonEmpty(mt, "report.md", "weights.o2vw", "checkpoint.o2vc", "meta-loss.csv", "meta-loss.png",
                "controller-outputs.png");
        assertEquals(3, Files.readAllLines(mt.resolve("meta-loss.csv")).size());

        Run resumed = run("meta-train", "--resume", mt.toString(), "--meta-steps", "3");
        assertEquals(0, resumed.exitCode(), resumed.err());
        assertEquals(4, Files.readAllLines(mt.resolve("meta-loss.csv")).size());

        // Iterate averaging can start on a continued run; it is saved with the run's settings and cannot move later.
        Run averaged = run("meta-train", "--resume", mt.toString(), "--meta-steps", "5", "--average-from", "3");
        assertEquals(0, averaged.exitCode(), averaged.err());
        assertNonEmpty(mt, "last-iterate.o2vw");
        assertTrue(Files.readString(mt.resolve("report.md")).contains("averaged: mean of the 2 iterates after 4 to 5 "
                + "meta-steps"), Files.readString(mt.resolve("report.md")));
        Run moved = run("meta-train", "--resume", mt.toString(), "--meta-steps", "6", "--average-from", "4");
        assertEquals(ExitCodes.DATA, moved.exitCode(), moved.err());
        assertTrue(moved.err().contains("averages the iterates from meta-step 3"), moved.err());
        Run kept = run("meta-train", "--resume", mt.toString(), "--meta-steps", "6");
        assertEquals(0, kept.exitCode(), kept.err());
        assertTrue(Files.readString(mt.resolve("report.md")).contains("mean of the 3 iterates after 4 to 6"));

        Run noCheckpoint = run("meta-train", "--resume", tmp.resolve("nothing").toString());
        assertEquals(ExitCodes.DATA, noCheckpoint.exitCode());
        assertTrue(noCheckpoint.err().contains("no meta-train checkpoint"), noCheckpoint.err());

        Path ev = tmp.resolve("evaluate");
        Run e = run("evaluate", "--weights", mt.toString(), "--families", "blobs", "--instances", "1",
                "--inner-steps", "5", "--threads", "1", "-o", ev.toString());
        assertEquals(0, e.exitCode(), e.err());
        assertNonEmpty(ev, "report.md", "results.csv", "summary.csv", "mean-log-loss.png");
        assertTrue(e.out().contains("win rate"), e.out());
    }

    /** The probe reads weights only: the untrained controller ignores every feature; bad options are usage errors. */
    @Test
    void probeShowsWhatTheControllerReads() {
        Run untrained = run("probe", "--untrained", "--windows", "2");
        assertEquals(0, untrained.exitCode(), untrained.err());
        assertTrue(untrained.out().contains("| grad-norm | 1.000 | 1.000 | 1.000 | +0.0000 | +0.0000 | +0.0000 |"),
                untrained.out());
        Run bundled = run("probe");
        assertEquals(0, bundled.exitCode(), bundled.err());
        assertTrue(bundled.out().contains("bundled meta-trained weights") && bundled.out().contains("| step | "),
                bundled.out());
        Run both = run("probe", "--untrained", "--weights", "x.o2vw", "--windows", "0");
        assertEquals(ExitCodes.USAGE, both.exitCode());
        assertTrue(both.err().contains("--untrained excludes --weights and --feature-set")
                && both.err().contains("--windows"), both.err());
        Run v4 = run("probe", "--feature-set", "v4", "--windows", "2");
        assertEquals(0, v4.exitCode(), v4.err());
        assertTrue(v4.out().contains("schedule weight -0.12"), "the bundled v4 controller anneals: " + v4.out());
        Run none = run("probe", "--feature-set", "v3");
        assertEquals(ExitCodes.USAGE, none.exitCode());
        assertTrue(none.err().contains("--feature-set: ") && none.err().contains("ships no meta-trained controller"),
                none.err());
    }

    /** A controller that reads the fraction of the run done: meta-trained, kept on resume, benchmarked with it. */
    @Test
    void metaTrainOnFeatureSetV3AndBenchmarkIt() throws IOException {
        Path mt = tmp.resolve("meta-v3");
        Run r = run("meta-train", "--feature-set", "v3", "--meta-steps", "1", "--tasks-per-step", "1", "--inner-steps",
                "6", "--pairs", "1", "--threads", "1", "--tasks", "blobs", "-o", mt.toString());
        assertEquals(0, r.exitCode(), r.err());
        org.opt2vec.dl4j.Opt2VecWeights w = org.opt2vec.dl4j.Opt2VecWeights.load(mt.resolve("weights.o2vw"));
        assertEquals(org.opt2vec.features.FeatureSet.V3, w.architecture().featureSet());
        Run changed = run("meta-train", "--resume", mt.toString(), "--meta-steps", "2", "--feature-set", "v2");
        assertEquals(ExitCodes.USAGE, changed.exitCode(), changed.err());
        assertTrue(changed.err().contains("trains feature set v3, fixed when it started"), changed.err());
        Run resumed = run("meta-train", "--resume", mt.toString(), "--meta-steps", "2");
        assertEquals(0, resumed.exitCode(), resumed.err());
        Run bad = run("meta-train", "--feature-set", "v9", "-o", tmp.resolve("meta-bad").toString());
        assertEquals(ExitCodes.USAGE, bad.exitCode(), bad.err());
        assertTrue(bad.err().contains("--feature-set: featureSet: unknown feature set 'v9'; use v1, v2, v3, v4 or v5"), bad.err());

        Run probe = run("probe", "--weights", mt.toString(), "--windows", "3");
        assertEquals(0, probe.exitCode(), probe.err());
        assertTrue(probe.out().contains("| training-fraction | "), probe.out());

        assertBenchmarksXorLong(mt, tmp.resolve("bench-v3"));
    }

    /** The ci suite's xor-long instance, run with {@code weights} and any further options. */
    private void assertBenchmarksXorLong(Path weights, Path out, String... options) throws IOException {
        List<String> args = new java.util.ArrayList<>(List.of("benchmark", "--suite", "ci", "--instances", "xor-long",
                "--optimizers", "opt2vec", "--weights", weights.toString(), "--threads", "1", "--no-progress", "-o",
                out.toString()));
        args.addAll(List.of(options));
        Run b = run(args.toArray(String[]::new));
        assertEquals(0, b.exitCode(), b.err());
        assertTrue(Files.readString(out.resolve("runs.csv")).contains("xor-long"));
    }

    /** A controller per layer: meta-trained so, kept on resume (and not switched), benchmarked so. */
    @Test
    void metaTrainPerLayerAndBenchmarkIt() throws IOException {
        Path mt = tmp.resolve("meta-per-layer");
        Run r = run("meta-train", "--per-layer", "--meta-steps", "1", "--tasks-per-step", "1", "--inner-steps", "6",
                "--pairs", "1", "--threads", "1", "--tasks", "xor", "-o", mt.toString());
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(Files.readString(mt.resolve("meta-train.properties")).contains("perLayer=true"));
        Run resumed = run("meta-train", "--resume", mt.toString(), "--meta-steps", "2");
        assertEquals(0, resumed.exitCode(), resumed.err());
        org.opt2vec.dl4j.Opt2VecWeights w = org.opt2vec.dl4j.Opt2VecWeights.load(mt.resolve("weights.o2vw"));
        assertTrue(w.provenance().contains("perLayer=true"), w.provenance());

        Path whole = tmp.resolve("meta-whole");
        assertEquals(0, run("meta-train", "--meta-steps", "1", "--tasks-per-step", "1", "--inner-steps", "6", "--pairs",
                "1", "--threads", "1", "--tasks", "xor", "-o", whole.toString()).exitCode());
        Run switched = run("meta-train", "--resume", whole.toString(), "--meta-steps", "2", "--per-layer");
        assertEquals(ExitCodes.USAGE, switched.exitCode(), switched.err());
        assertTrue(switched.err().contains("--per-layer: the run was started without it"), switched.err());

        assertBenchmarksXorLong(mt, tmp.resolve("bench-per-layer"), "--per-layer");
    }

    /** Feature set v4: the schedule weight is meta-trained with the rest and shown by the probe. */
    @Test
    void metaTrainOnFeatureSetV4AndProbeItsSchedule() throws IOException {
        Path mt = tmp.resolve("meta-v4");
        Run r = run("meta-train", "--feature-set", "v4", "--meta-steps", "2", "--tasks-per-step", "1", "--inner-steps",
                "20", "--pairs", "2", "--threads", "1", "--tasks", "blobs", "-o", mt.toString());
        assertEquals(0, r.exitCode(), r.err());
        org.opt2vec.dl4j.Opt2VecWeights w = org.opt2vec.dl4j.Opt2VecWeights.load(mt.resolve("weights.o2vw"));
        assertTrue(w.architecture().hasScheduleWeight());
        assertTrue(w.values()[w.architecture().scheduleOffset()] != 0.0, "meta-training moved the schedule weight");
        Run probe = run("probe", "--weights", mt.toString(), "--windows", "2");
        assertEquals(0, probe.exitCode(), probe.err());
        assertTrue(probe.out().contains("schedule weight ") && probe.out().contains("| training-fraction | "),
                probe.out());
    }

    /** The recipe fixes its budget and estimator; only the seed may change, to measure the recipe's seed variance. */
    @Test
    void recipeRejectsTheSettingsItFixes() {
        Run r = run("meta-train", "--recipe", "bundled", "--pairs", "2", "--meta-steps", "3", "-o",
                tmp.resolve("recipe").toString());
        assertEquals(ExitCodes.USAGE, r.exitCode(), r.err());
        assertTrue(r.err().contains("--pairs cannot be combined with --recipe")
                && r.err().contains("--meta-steps cannot be combined with --recipe"), r.err());
        assertFalse(r.err().contains("--seed cannot"), r.err());
        Run unknown = run("meta-train", "--recipe", "nightly", "--seed", "7", "-o", tmp.resolve("recipe2").toString());
        assertEquals(ExitCodes.USAGE, unknown.exitCode(), unknown.err());
        assertTrue(unknown.err().contains("unknown recipe 'nightly'") && !unknown.err().contains("--seed cannot"), unknown.err());
        assertFalse(Files.exists(tmp.resolve("recipe")) || Files.exists(tmp.resolve("recipe2")),
                "a rejected command writes nothing");
    }

    /** The ablation runs the grid and the bundled controller on the recipe's first tasks and names the best. */
    @Test
    void constantSearchOnTheRecipesFirstTasks() throws IOException {
        Run bad = run("constant-search", "--meta-steps", "0", "-o", tmp.resolve("cs-bad").toString());
        assertEquals(ExitCodes.USAGE, bad.exitCode(), bad.err());
        assertTrue(bad.err().contains("--meta-steps"), bad.err());
        assertFalse(Files.exists(tmp.resolve("cs-bad")), "a rejected command writes nothing");

        Path dir = tmp.resolve("cs");
        Run r = run("constant-search", "--meta-steps", "1", "--threads", "2", "-o", dir.toString());
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(r.out().contains("best constant controller: constant:"), r.out());
        List<String> csv = Files.readAllLines(dir.resolve("constant-search.csv"));
        assertEquals(1 + 10 + 1, csv.size(), String.join("\n", csv));
        assertEquals(1, csv.stream().filter(l -> l.endsWith(",true")).count());
        assertTrue(csv.get(11).startsWith("opt2vec (bundled),,,4,"), csv.get(11));
        assertTrue(Files.readString(dir.resolve("report.md")).contains("(best constant)"));

        // Other controllers against the recipe's chosen constant only: the repository's 40-step weights.
        Path weights = Path.of("..", "weights", "relative-v2-h16-f9-e64-gelu-40steps.o2vw");
        assertTrue(Files.isRegularFile(weights), weights.toAbsolutePath().toString());
        Path few = tmp.resolve("cs-searched");
        Run searched = run("constant-search", "--meta-steps", "1", "--grid", "searched", "--weights",
                "forty=" + weights, "-o", few.toString());
        assertEquals(0, searched.exitCode(), searched.err());
        List<String> rows = Files.readAllLines(few.resolve("constant-search.csv"));
        assertEquals(1 + 1 + 2, rows.size(), String.join("\n", rows));
        assertTrue(rows.get(1).startsWith("constant:10:0.9,") && rows.get(3).startsWith("forty,,,4,"),
                String.join("\n", rows));
        Run unknown = run("constant-search", "--grid", "coarse", "-o", tmp.resolve("cs-bad2").toString());
        assertEquals(ExitCodes.USAGE, unknown.exitCode(), unknown.err());
        assertTrue(unknown.err().contains("unknown grid 'coarse'"), unknown.err());
    }

    @Test
    void evaluateOnCsvFamily() throws IOException {
        Path ev = tmp.resolve("evaluate-csv");
        Run e = run("evaluate", "--data", csv.toString(), "--skip-lines", "1", "--num-classes", "3", "--instances", "1",
                "--inner-steps", "5", "--threads", "1", "-o", ev.toString());
        assertEquals(0, e.exitCode(), e.err());
        assertTrue(Files.readString(ev.resolve("summary.csv")).contains("csv:blobs.csv"));
    }
}
