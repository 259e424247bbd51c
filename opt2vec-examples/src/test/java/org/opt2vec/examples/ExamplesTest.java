package org.opt2vec.examples;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.opt2vec.cli.data.MnistFiles;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Every runnable example, run through its {@code main} with a tiny budget (the arguments its Javadoc names), and
 * what it prints checked: the training worked, not just that nothing threw.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)  // per example, a guard against hangs
class ExamplesTest {

    @BeforeAll
    static void mnistIsThere() {
        assumeTrue(MnistFiles.problems(MnistFiles.defaultDir()).isEmpty(),
                "MNIST not in DL4J's cache (run scripts/fetch-mnist.sh)");
    }

    @FunctionalInterface
    interface Main {
        void run(String[] args) throws Exception;
    }

    /** Runs {@code main(args)} and returns what it printed. */
    private static String run(Main main, String... args) throws Exception {
        PrintStream saved = System.out;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        System.setOut(new PrintStream(buf, true, StandardCharsets.UTF_8));
        try {
            main.run(args);
        } finally {
            System.setOut(saved);
        }
        String out = buf.toString(StandardCharsets.UTF_8);
        System.out.print(out);
        return out;
    }

    private static double number(String out, String regex) {
        Matcher m = Pattern.compile(regex).matcher(out);
        assertTrue(m.find(), "no match for " + regex + " in:\n" + out);
        return Double.parseDouble(m.group(1));
    }

    @Test
    void mnistMlp() throws Exception {
        String out = run(MnistMlpExample::main, "2048", "1");
        assertTrue(number(out, "Accuracy:\\s+([0-9.]+)") > 0.8, out);
    }

    @Test
    void earlyStopping() throws Exception {
        String out = run(EarlyStoppingExample::main, "3", "2048");
        assertTrue(out.contains("stopped: EpochTerminationCondition"), out);
        double best = number(out, "held-out loss ([0-9.]+)\\n");
        assertTrue(best > 0 && best < 1.0, out);
        assertTrue(number(out, "of (\\d+),") <= 3, out);
    }

    @Test
    void saveRestoreResumesExactly() throws Exception {
        String out = run(SaveRestoreExample::main, "20", "20");
        assertEquals(0.0, number(out, "restored vs never saved: ([0-9.Ee-]+)"), out);
        assertTrue(out.contains("identical: training resumed exactly"), out);
    }

    @Test
    void transferLearning() throws Exception {
        String out = run(TransferLearningExample::main, "4096");
        assertTrue(out.contains("frozen layers unchanged: true"), out);
        assertTrue(number(out, "fine-tuning the new head with Opt2Vec ([0-9.]+)") > 0.8, out);
    }

    @Test
    void computationGraph() throws Exception {
        String out = run(ComputationGraphExample::main, "2048", "1");
        assertTrue(number(out, "Accuracy:\\s+([0-9.]+)") > 0.8, out);
    }

    @Test
    void customTrainingLoop() throws Exception {
        String out = run(CustomTrainingLoopExample::main, "200");
        double start = number(out, "loss ([0-9.]+) at the start");
        double end = number(out, ", ([0-9.]+) after 200 steps");
        assertTrue(end < 0.01 * start, out);
    }

    @Test
    void arbiterSearch() throws Exception {
        String out = run(ArbiterSearchExample::main, "2", "1024");
        assertTrue(out.contains("candidates: 2 completed, 0 failed"), out);
        assertTrue(number(out, "best test accuracy ([0-9.]+)") > 0.5, out);
        assertTrue(out.contains("its updater: Opt2Vec("), out);
    }
}
