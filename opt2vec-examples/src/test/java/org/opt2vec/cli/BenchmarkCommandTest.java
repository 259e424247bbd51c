package org.opt2vec.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.opt2vec.cli.benchmark.Instance;
import org.opt2vec.cli.benchmark.OptimizerGrids;
import org.opt2vec.cli.benchmark.OptimizerRegistry;
import org.opt2vec.cli.benchmark.OptimizerSpec;
import org.opt2vec.cli.benchmark.Suite;
import org.opt2vec.cli.common.ExitCodes;
import org.opt2vec.cli.data.MnistFiles;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** {@code opt2vec benchmark} end to end, in-process: the ci suite, argument errors, thread-count independence. */
class BenchmarkCommandTest {
    record Run(int exitCode, String out, String err) {
    }

    static Run run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Opt2VecCli.execute(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), args);
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    static void requireMnist() {
        assumeTrue(MnistFiles.problems(MnistFiles.defaultDir()).isEmpty(),
                "MNIST is not in " + MnistFiles.defaultDir() + " (run scripts/fetch-mnist.sh)");
    }

    /** runs.csv as rows of column name → value. */
    static List<Map<String, String>> csv(Path file) throws IOException {
        List<String> lines = Files.readAllLines(file);
        String[] header = lines.get(0).split(",", -1);
        return lines.subList(1, lines.size()).stream().map(l -> {
            String[] cells = splitCsv(l);
            Map<String, String> row = new HashMap<>();
            for (int i = 0; i < header.length; i++) {
                row.put(header[i], i < cells.length ? cells[i] : "");
            }
            return row;
        }).toList();
    }

    private static String[] splitCsv(String line) {
        List<String> cells = new java.util.ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '"') {
                quoted = !quoted;
            } else if (c == ',' && !quoted) {
                cells.add(cur.toString());
                cur.setLength(0);
            } else {
                cur.append(c);
            }
        }
        cells.add(cur.toString());
        return cells.toArray(String[]::new);
    }

    @Test
    @Timeout(value = 10, unit = TimeUnit.MINUTES)
    void ciSuiteWritesEveryOptimizerAndInstance(@TempDir Path tmp) throws IOException {
        requireMnist();
        Path dir = tmp.resolve("ci");
        Run r = run("benchmark", "--suite", "ci", "--no-progress", "-o", dir.toString());
        assertEquals(0, r.exitCode(), r.err());

        List<String> instances = Suite.CI.instances().stream().map(Instance::name).toList();
        List<String> optimizers = new OptimizerRegistry(OptimizerRegistry.defaultTemplate(), null, null,
                OptimizerGrids.DEFAULT).parse(OptimizerRegistry.DEFAULT_LIST).stream().map(OptimizerSpec::id).toList();
        assertEquals(21, optimizers.size(), "default optimizer list: " + optimizers);
        for (String f : List.of("report.md", "runs.csv", "summary.csv", "wins.csv", "tabular-classification.csv")) {
            assertTrue(Files.size(dir.resolve(f)) > 0, f + " is missing or empty");
        }

        List<Map<String, String>> runs = csv(dir.resolve("runs.csv"));
        assertEquals(instances.size() * optimizers.size() * Suite.CI.defaultSeeds(), runs.size());
        Set<String> pairs = new HashSet<>();
        for (Map<String, String> row : runs) {
            pairs.add(row.get("instance") + "|" + row.get("optimizer"));
            assertFalse(row.get("diverge_reason").startsWith("error:"), "a run failed: " + row);
            assertTrue(Double.isFinite(Double.parseDouble(row.get("value"))), "no metric: " + row);
        }
        for (String in : instances) {
            for (String o : optimizers) {
                assertTrue(pairs.contains(in + "|" + o), "runs.csv lacks " + in + " / " + o);
            }
        }
        // Every optimizer of a seed starts from the same network and sees the same batches: the constant
        // controller (lr scale 1, momentum 0.9) is the untrained controller, so both must give the same numbers.
        for (String in : instances) {
            String a = runs.stream().filter(x -> x.get("instance").equals(in) && x.get("optimizer").equals("opt2vec-untrained"))
                    .findFirst().orElseThrow().get("raw_value");
            String b = runs.stream().filter(x -> x.get("instance").equals(in) && x.get("optimizer").equals("constant:1:0.9"))
                    .findFirst().orElseThrow().get("raw_value");
            assertEquals(Double.parseDouble(a), Double.parseDouble(b), 1e-9 * Math.abs(Double.parseDouble(a)), in);
        }
        // opt2vec rows carry lr-scale statistics, Adam rows do not
        Map<String, String> o2v = runs.stream().filter(x -> x.get("optimizer").equals("opt2vec")).findFirst().orElseThrow();
        double median = Double.parseDouble(o2v.get("lr_scale_p50"));
        org.opt2vec.dl4j.Opt2Vec defaults = new org.opt2vec.dl4j.Opt2Vec();
        assertTrue(median >= defaults.getLrScaleMin() && median <= defaults.getLrScaleMax(),
                "lr scale median outside the range: " + median);
        assertEquals("", runs.stream().filter(x -> x.get("optimizer").equals("adam:0.001")).findFirst().orElseThrow()
                .get("lr_scale_p50"));

        List<Map<String, String>> summary = csv(dir.resolve("summary.csv"));
        assertEquals(instances.size() * optimizers.size(), summary.size());

        String report = Files.readString(dir.resolve("report.md"));
        for (String in : instances) {
            assertTrue(report.contains("`" + in + "`"), "report lacks instance " + in);
            assertTrue(Files.size(dir.resolve("metric-" + in + ".png")) > 0, "no plot for " + in);
        }
        for (String o : optimizers) {
            assertTrue(report.contains("`" + o + "`"), "report lacks optimizer " + o);
        }
        for (String section : List.of("## Wins of opt2vec", "Adam(1e-3)", "best Adam", "best baseline",
                "best constant controller", "untrained controller", "## What opt2vec's controller did", "at max",
                "recipe's constant controller", "Against each constant setting on its own", "`constant:10:0.9` (recipe's)")) {
            assertTrue(report.contains(section), "report lacks '" + section + "'");
        }
    }

    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void resultsDoNotDependOnTheThreadCount(@TempDir Path tmp) throws IOException {
        String[] common = {"benchmark", "--suite", "ci", "--instances", "lstm-*,xor-long,tabular-*", "--optimizers",
                "opt2vec,adam:0.001,nesterovs:0.1,constant:3:0.9", "--seeds", "2", "--no-progress"};
        Map<String, String> one = values(tmp.resolve("t1"), common, "1");
        Map<String, String> two = values(tmp.resolve("t2"), common, "2");
        assertEquals(3 * 4 * 2, one.size());
        assertEquals(one, two);
    }

    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void linearDecayReachesEveryOptimizersRunsAndTheReport(@TempDir Path tmp) throws IOException {
        String[] common = {"benchmark", "--suite", "ci", "--instances", "xor-long", "--optimizers",
                "opt2vec,adam:0.01,nesterovs:0.1", "--seeds", "1", "--no-progress"};
        Map<String, String> plain = values(tmp.resolve("plain"), common, "1");
        Map<String, String> linear = values(tmp.resolve("linear"), plus(common, "--lr-decay", "linear"), "1");
        assertEquals(plain.keySet(), linear.keySet());
        for (String k : plain.keySet()) {
            assertFalse(plain.get(k).equals(linear.get(k)), k + " ran the same with and without the decay");
        }
        assertTrue(Files.readString(tmp.resolve("linear/report.md")).contains("decays linearly to zero"));
        assertFalse(Files.readString(tmp.resolve("plain/report.md")).contains("decays linearly"));
    }

    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void featureSetV4RunsTheBundledAnnealingController(@TempDir Path tmp) throws IOException {
        String[] common = {"benchmark", "--suite", "ci", "--instances", "xor-long", "--optimizers", "opt2vec",
                "--seeds", "1", "--no-progress"};
        Map<String, String> v2 = values(tmp.resolve("v2"), common, "1");
        Map<String, String> v4 = values(tmp.resolve("v4"), plus(common, "--feature-set", "v4"), "1");
        assertEquals(v2.keySet(), v4.keySet());
        assertFalse(v2.equals(v4), "v4 ran the same as the default controller");
        assertTrue(Files.readString(tmp.resolve("v4/report.md")).contains("bundled relative-v4-"),
                "the report names the controller that ran");
    }

    private static String[] plus(String[] args, String... more) {
        return java.util.stream.Stream.concat(java.util.Arrays.stream(args), java.util.Arrays.stream(more))
                .toArray(String[]::new);
    }

    private static Map<String, String> values(Path dir, String[] common, String threads) throws IOException {
        Run r = run(plus(common, "--threads", threads, "-o", dir.toString()));
        assertEquals(0, r.exitCode(), r.err());
        Map<String, String> out = new HashMap<>();
        for (Map<String, String> row : csv(dir.resolve("runs.csv"))) {
            out.put(row.get("instance") + "|" + row.get("optimizer") + "|" + row.get("seed"),
                    row.get("raw_value") + "|" + row.get("final_train_loss") + "|" + row.get("lr_scale_mean"));
        }
        return out;
    }

    @Test
    void badArgumentsExitWithCode2AndSayWhy(@TempDir Path tmp) {
        Map<List<String>, String> cases = Map.of(
                List.of("--suite", "huge"), "unknown suite 'huge'",
                List.of("--seeds", "0"), "--seeds must be >= 1",
                List.of("--threads", "0"), "--threads must be >= 1",
                List.of("--optimizers", "adam:fast"), "not a number",
                List.of("--optimizers", "sgd"), "unknown entry 'sgd'",
                List.of("--instances", "cifar-*"), "'cifar-*' matches no instance",
                List.of("--constant-momenta", "1.5"), "--constant-momenta values must be in [0, 1)",
                List.of("--lr-decay", "cosine"), "--lr-decay: unknown learning-rate decay 'cosine'",
                List.of("--feature-set", "v9"), "--feature-set: ",
                List.of("--feature-set", "v4", "--weights", "w.o2vw"), "--weights and --feature-set exclude each other");
        int k = 0;
        for (Map.Entry<List<String>, String> c : cases.entrySet()) {
            List<String> args = new java.util.ArrayList<>(List.of("benchmark", "-o", tmp.resolve("bad" + k++).toString()));
            if (!c.getKey().contains("--suite")) {
                args.addAll(List.of("--suite", "ci"));
            }
            args.addAll(c.getKey());
            Run r = run(args.toArray(String[]::new));
            assertEquals(ExitCodes.USAGE, r.exitCode(), c.getKey() + ": " + r.err());
            assertTrue(r.err().contains(c.getValue()), c.getKey() + " should say '" + c.getValue() + "': " + r.err());
        }
    }

    @Test
    void helpListsTheOptions() {
        Run r = run("benchmark", "--help");
        assertEquals(0, r.exitCode());
        for (String o : List.of("--suite", "--seeds", "--optimizers", "--weights", "--threads", "--instances", "--output")) {
            assertTrue(r.out().contains(o), "help lacks " + o);
        }
        assertTrue(run("--help").out().contains("benchmark"));
    }
}
