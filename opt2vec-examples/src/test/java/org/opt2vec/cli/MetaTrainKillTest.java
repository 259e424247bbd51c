package org.opt2vec.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opt2vec.dl4j.Opt2VecWeights;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Kills `opt2vec meta-train` with SIGKILL at random points, several times in a row, resuming after each kill:
 * every kill leaves a loadable checkpoint and weights file (or none yet), and the run resumed to the end gives the
 * same weights as an uninterrupted run.
 */
class MetaTrainKillTest {
    static final List<String> RUN = List.of("meta-train", "--meta-steps", "60", "--tasks-per-step", "1",
            "--inner-steps", "10", "--pairs", "2", "--checkpoint-every", "1", "--threads", "1",
            "--tasks", "linear-1d", "--seed", "7");
    static final int KILLS = 4;

    private static Process start(List<String> args, Path log) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
                "-Xmx512m", "-cp", System.getProperty("java.class.path"), Opt2VecCli.class.getName()));
        cmd.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().put("OMP_NUM_THREADS", "1");
        return pb.start();
    }

    private static int runToEnd(List<String> args, Path log) throws Exception {
        Process p = start(args, log);
        assertTrue(p.waitFor(5, TimeUnit.MINUTES), "child timed out");
        return p.exitValue();
    }

    @Test
    void survivesRepeatedSigkillAndResumesExactly(@TempDir Path tmp) throws Exception {
        Path reference = tmp.resolve("reference");
        List<String> refArgs = new ArrayList<>(RUN);
        refArgs.addAll(List.of("-o", reference.toString()));
        assertEquals(0, runToEnd(refArgs, tmp.resolve("reference.log")), () -> read(tmp.resolve("reference.log")));

        Path dir = tmp.resolve("killed");
        Random rnd = new Random(11);
        int killedWithCheckpoint = 0;
        for (int k = 0; k < KILLS; k++) {
            boolean resume = Files.exists(dir.resolve("checkpoint.o2vc"));
            List<String> args = new ArrayList<>();
            if (resume) {
                args.addAll(List.of("meta-train", "--resume", dir.toString()));
            } else {
                deleteRecursively(dir);
                args.addAll(RUN);
                args.addAll(List.of("-o", dir.toString()));
            }
            Process p = start(args, tmp.resolve("kill-" + k + ".log"));
            Thread.sleep(1500 + rnd.nextInt(2500));
            p.destroyForcibly();           // SIGKILL on Linux: no shutdown hooks, no finally blocks
            p.waitFor(1, TimeUnit.MINUTES);
            if (Files.exists(dir.resolve("checkpoint.o2vc"))) {
                killedWithCheckpoint++;
                // what a kill leaves must be whole: the weights file passes all its checks
                Opt2VecWeights.load(dir.resolve("weights.o2vw"));
            }
            Path csv = dir.resolve("meta-loss.csv");
            long steps = Files.exists(csv) ? Files.readAllLines(csv).size() - 1 : 0;
            System.out.printf("kill %d after a %s start: checkpoint %s, %d meta-steps recorded%n", k,
                    resume ? "resumed" : "fresh",
                    Files.exists(dir.resolve("checkpoint.o2vc")) ? "present and loadable" : "not yet written", steps);
        }
        assertTrue(killedWithCheckpoint > 0, "no kill happened after a checkpoint; the test did not test resuming");
        int exit = runToEnd(List.of("meta-train", "--resume", dir.toString()), tmp.resolve("final.log"));
        assertEquals(0, exit, () -> read(tmp.resolve("final.log")));
        assertEquals(Opt2VecWeights.load(reference.resolve("weights.o2vw")), Opt2VecWeights.load(dir.resolve("weights.o2vw")),
                "the killed-and-resumed run must end with the uninterrupted run's weights");
    }

    private static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (IOException e) {
            return e.toString();
        }
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (Files.exists(dir)) {
            try (var s = Files.walk(dir)) {
                s.sorted(java.util.Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
            }
        }
    }
}
