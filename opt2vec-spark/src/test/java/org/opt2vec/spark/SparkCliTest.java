package org.opt2vec.spark;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.opt2vec.cli.Opt2VecCli;
import org.opt2vec.cli.common.ExitCodes;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code opt2vec meta-train --spark-master ...}, run in-process as the command line runs it. */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class SparkCliTest {
    static final List<String> RUN = List.of("meta-train", "--meta-steps", "3", "--tasks-per-step", "2",
            "--inner-steps", "10", "--pairs", "2", "--tasks", "linear-1d,xor", "--seed", "7", "--no-progress");

    record Run(int exitCode, String out, String err) {
    }

    static Run run(List<String> base, String... more) {
        List<String> args = new ArrayList<>(base);
        args.addAll(List.of(more));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Opt2VecCli.execute(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), args.toArray(String[]::new));
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    static byte[] weights(Path dir) throws Exception {
        return Files.readAllBytes(dir.resolve("weights.o2vw"));
    }

    @Test
    void sparkMasterLocal2WritesTheWeightsOfLocalThreadsAndResumes(@TempDir Path tmp) throws Exception {
        Run threads = run(RUN, "--threads", "2", "-o", tmp.resolve("threads").toString());
        assertEquals(0, threads.exitCode(), threads.err());
        Run spark = run(RUN, "--spark-master", "local[2]", "-o", tmp.resolve("spark").toString());
        assertEquals(0, spark.exitCode(), spark.err());
        assertTrue(spark.out().contains("Apache Spark") && spark.out().contains("local[2]"), spark.out());
        assertArrayEquals(weights(tmp.resolve("threads")), weights(tmp.resolve("spark")),
                "weights.o2vw with and without --spark-master local[2]");

        // Extend both runs by one step: on Spark from the checkpoint, with threads from scratch.
        Run resumed = run(List.of("meta-train", "--resume", tmp.resolve("spark").toString(), "--meta-steps", "4",
                "--spark-master", "local[2]", "--no-progress"));
        assertEquals(0, resumed.exitCode(), resumed.err());
        Run longer = run(List.of("meta-train", "--meta-steps", "4", "--tasks-per-step", "2", "--inner-steps", "10",
                "--pairs", "2", "--tasks", "linear-1d,xor", "--seed", "7", "--no-progress", "-o",
                tmp.resolve("longer").toString()));
        assertEquals(0, longer.exitCode(), longer.err());
        assertArrayEquals(weights(tmp.resolve("longer")), weights(tmp.resolve("spark")));
    }

    @Test
    void anUnreachableOrMalformedMasterIsAUsageErrorThatSaysWhy(@TempDir Path tmp) {
        Path out = tmp.resolve("never");
        Run unreachable = run(RUN, "--spark-master", "spark://127.0.0.1:1", "-o", out.toString());
        assertEquals(ExitCodes.USAGE, unreachable.exitCode(), unreachable.err());
        assertTrue(unreachable.err().contains("cannot reach the Spark master spark://127.0.0.1:1"), unreachable.err());
        assertTrue(unreachable.err().contains("start-master.sh"), unreachable.err());
        assertTrue(Files.notExists(out), "no output directory when the master cannot be used");

        Run malformed = run(RUN, "--spark-master", "local[two]", "-o", out.toString());
        assertEquals(ExitCodes.USAGE, malformed.exitCode(), malformed.err());
        assertTrue(malformed.err().contains("not a local Spark master"), malformed.err());

        Run unknown = run(RUN, "--spark-master", "mesos-like://x", "-o", out.toString());
        assertEquals(ExitCodes.USAGE, unknown.exitCode(), unknown.err());
        assertTrue(unknown.err().contains("not a Spark master URL"), unknown.err());
        assertTrue(Files.notExists(out));
    }

    /** The spark-submit jar's {@code meta-train} ({@link Opt2VecSpark}), in-process. */
    static Run sparkSubmit(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = new picocli.CommandLine(new Opt2VecSpark())
                .setOut(new java.io.PrintWriter(out, true, StandardCharsets.UTF_8))
                .setErr(new java.io.PrintWriter(err, true, StandardCharsets.UTF_8)).execute(args);
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /** One settings file for both commands: the spark-submit jar continues a run of the command line, as it started. */
    @Test
    void sparkSubmitResumesACommandLineRunWithItsSettings(@TempDir Path tmp) throws Exception {
        Path dir = tmp.resolve("run");
        Run started = run(RUN, "--feature-set", "v3", "--threads", "2", "-o", dir.toString());
        assertEquals(0, started.exitCode(), started.err());

        Run changed = sparkSubmit("meta-train", "--spark-master", "local[2]", "--resume", dir.toString(),
                "--meta-steps", "4", "--feature-set", "v2");
        assertEquals(ExitCodes.USAGE, changed.exitCode(), changed.err());
        assertTrue(changed.err().contains("trains feature set v3, fixed when it started"), changed.err());

        Run recipeOnResume = sparkSubmit("meta-train", "--spark-master", "local[2]", "--resume", dir.toString(),
                "--recipe", "bundled");
        assertEquals(ExitCodes.USAGE, recipeOnResume.exitCode(), recipeOnResume.err());
        Run recipeFixes = sparkSubmit("meta-train", "--spark-master", "local[2]", "--recipe", "bundled",
                "--pairs", "2", "-o", tmp.resolve("recipe").toString());
        assertEquals(ExitCodes.USAGE, recipeFixes.exitCode(), recipeFixes.err());
        assertTrue(recipeFixes.err().contains("--pairs cannot be combined with --recipe"), recipeFixes.err());
        assertTrue(Files.notExists(tmp.resolve("recipe")), "nothing written for a refused run");

        Run resumed = sparkSubmit("meta-train", "--spark-master", "local[2]", "--resume", dir.toString(),
                "--meta-steps", "4");
        assertEquals(0, resumed.exitCode(), resumed.err());
        assertTrue(resumed.out().contains("meta-step 3:"), resumed.out());
        List<String> fourSteps = new ArrayList<>(RUN);
        fourSteps.set(RUN.indexOf("--meta-steps") + 1, "4");
        Run longer = run(fourSteps, "--feature-set", "v3", "--threads", "2", "-o", tmp.resolve("longer").toString());
        assertEquals(0, longer.exitCode(), longer.err());
        assertArrayEquals(weights(tmp.resolve("longer")), weights(dir),
                "3 meta-steps on threads + 1 on Spark = 4 meta-steps on threads");
    }

    /** The local path loads no Spark class, even with Spark on the class path (a child JVM logs every class). */
    @Test
    void withoutSparkMasterNoSparkClassIsLoaded(@TempDir Path tmp) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
                "-Xmx512m", "-Xlog:class+load=info:file=" + tmp.resolve("classes.log"),
                "-cp", System.getProperty("java.class.path"), Opt2VecCli.class.getName()));
        cmd.addAll(List.of("meta-train", "--meta-steps", "1", "--tasks-per-step", "1", "--inner-steps", "2",
                "--pairs", "1", "--tasks", "linear-1d", "--threads", "1", "--no-progress", "-o",
                tmp.resolve("out").toString()));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(tmp.resolve("run.log").toFile());
        pb.environment().put("OMP_NUM_THREADS", "1");
        Process p = pb.start();
        assertTrue(p.waitFor(3, TimeUnit.MINUTES), "child timed out");
        assertEquals(0, p.exitValue(), Files.readString(tmp.resolve("run.log")));
        List<String> spark = Files.readAllLines(tmp.resolve("classes.log")).stream()
                .filter(l -> l.contains(" org.apache.spark.") || l.contains(" scala.")).toList();
        assertTrue(spark.isEmpty(), "Spark or Scala classes loaded: " + spark.subList(0, Math.min(5, spark.size())));
        assertTrue(Files.isRegularFile(tmp.resolve("out").resolve("weights.o2vw")));
    }
}
