package org.opt2vec.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.opt2vec.dl4j.Opt2VecWeights;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Kills `opt2vec meta-train` with SIGKILL several times in a row, each time right after it has written its checkpoint
 * a random number of times, resuming after each kill: every kill hits a running process, leaves a loadable
 * checkpoint and weights file, and the run resumed to the end gives the same weights as an uninterrupted run.
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

    /** The identity of the file's current version: an atomic rewrite makes a new file (inode) with a new time. */
    private static Object version(Path file) {
        try {
            BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
            return List.of(String.valueOf(a.fileKey()), a.lastModifiedTime(), a.size());
        } catch (IOException absentOrBeingReplaced) {
            return null;
        }
    }

    /**
     * Waits until the child has written {@code checkpoint} {@code writes} more times, then kills it with SIGKILL,
     * asserting that it was still running: alive just before the kill, and ended by the signal (exit 128 + 9), not
     * by finishing on its own.
     */
    private static void killAfterCheckpointWrites(Process p, Path checkpoint, int writes) throws Exception {
        Object last = version(checkpoint);
        int seen = 0;
        while (seen < writes) {
            assertTrue(p.isAlive(), () -> "the child ended before writing its checkpoint " + writes
                    + " times, exit " + p.exitValue());
            Object now = version(checkpoint);
            if (now != null && !now.equals(last)) {
                seen++;
                last = now;
            }
            Thread.sleep(2);
        }
        assertTrue(p.isAlive(), "the child must still be running when it is killed");
        p.destroyForcibly();           // SIGKILL on Linux: no shutdown hooks, no finally blocks
        assertTrue(p.waitFor(1, TimeUnit.MINUTES), "the killed child did not end");
        assertEquals(128 + 9, p.exitValue(), "the child was ended by SIGKILL, not by finishing");
    }

    @Test
    @Timeout(value = 15, unit = TimeUnit.MINUTES)  // a guard against hangs; the test takes about a minute
    void survivesRepeatedSigkillAndResumesExactly(@TempDir Path tmp) throws Exception {
        Path reference = tmp.resolve("reference");
        List<String> refArgs = new ArrayList<>(RUN);
        refArgs.addAll(List.of("-o", reference.toString()));
        assertEquals(0, runToEnd(refArgs, tmp.resolve("reference.log")), () -> read(tmp.resolve("reference.log")));

        Path dir = tmp.resolve("killed");
        Path checkpoint = dir.resolve("checkpoint.o2vc");
        Random rnd = new Random(11);
        for (int k = 0; k < KILLS; k++) {
            boolean resume = Files.exists(checkpoint);
            List<String> args = new ArrayList<>();
            if (resume) {
                args.addAll(List.of("meta-train", "--resume", dir.toString()));
            } else {
                args.addAll(RUN);
                args.addAll(List.of("-o", dir.toString()));
            }
            Process p = start(args, tmp.resolve("kill-" + k + ".log"));
            int writes = 1 + rnd.nextInt(3);
            killAfterCheckpointWrites(p, checkpoint, writes);
            // what a kill leaves must be whole: the weights file, once written (it follows the first checkpoint),
            // passes all its checks; the checkpoint is resumed next
            Path weights = dir.resolve("weights.o2vw");
            String state = Files.exists(weights) ? Opt2VecWeights.load(weights).provenance() : "(no weights yet)";
            System.out.printf("kill %d: a %s run killed after %d checkpoint write(s); weights file: %s%n", k,
                    resume ? "resumed" : "fresh", writes, state);
        }
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
}
