package org.opt2vec.cli.perf;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.GradientUpdater;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.Nesterovs;
import org.opt2vec.dl4j.Opt2Vec;
import org.opt2vec.dl4j.Opt2VecUpdater;
import org.opt2vec.dl4j.UpdateDirection;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Times {@code applyUpdater} of Opt2Vec (both directions), DL4J's Nesterovs and Adam in one JVM, interleaved: every
 * round runs a batch of calls of each updater in turn, so a burst of load from elsewhere hits all of them alike, and
 * the ratios are taken within each round. Also measures the machine's copy bandwidth in the same process (ND4J's
 * native multi-threaded assign, and a single-thread Java bulk copy), at the updaters' working-set size and at a size
 * far beyond the L2 caches, and reports the bandwidth each updater achieves.
 */
final class UpdaterComparison {
    /** Bytes each updater moves per parameter and element byte: (reads + writes) of n-sized buffers. */
    enum Contender {
        OPT2VEC_DEFAULT("Opt2Vec relative (default)", 7),   // pass 1: g; pass 2: g, m, v read; m, v, update written
        OPT2VEC_MOMENTUM("Opt2Vec momentum (untrained)", 5),             // pass 1: g; pass 2: g, m read; m, update written
        NESTEROVS("Nesterovs(0.01, 0.9)", 4),                // g, m read; m, update written
        ADAM("Adam(1e-3)", 6);                               // g, m, v read; m, v, update written

        final String label;
        final int buffersMoved;

        Contender(String label, int buffersMoved) {
            this.label = label;
            this.buffersMoved = buffersMoved;
        }

        IUpdater config() {
            return switch (this) {
                case OPT2VEC_DEFAULT -> new Opt2Vec();
                case OPT2VEC_MOMENTUM -> new Opt2Vec.Builder().direction(UpdateDirection.MOMENTUM).pretrained(false).build();
                case NESTEROVS -> new Nesterovs(0.01, 0.9);
                case ADAM -> new Adam(1e-3);
            };
        }
    }

    record Settings(int[] sizes, DataType[] types, int rounds, double secondsPerRound) {
    }

    /** One updater on one block, ready to be called. */
    private static final class Subject {
        final Contender who;
        final INDArray source;
        final INDArray gradient;
        final GradientUpdater<?> updater;
        final Opt2VecUpdater opt2vec;
        int iteration;

        Subject(Contender who, INDArray source) {
            this.who = who;
            this.source = source;
            this.gradient = source.dup();
            IUpdater config = who.config();
            INDArray state = Nd4j.zeros(source.dataType(), 1, config.stateSize(source.length()));
            this.updater = config.instantiate(state, true);
            this.opt2vec = updater instanceof Opt2VecUpdater u ? u : null;
        }

        /** One timed call (the gradient is restored before, outside the timing). */
        long call() {
            gradient.assign(source);
            if (opt2vec != null) {
                opt2vec.observe(1.0 / (1 + 0.01 * iteration), 10.0);
            }
            long t0 = System.nanoTime();
            updater.applyUpdater(gradient, iteration++, 0);
            return System.nanoTime() - t0;
        }
    }

    private final Settings settings;
    private final PrintWriter out;

    UpdaterComparison(Settings settings, PrintWriter out) {
        this.settings = settings;
        this.out = out;
    }

    void run() {
        out.printf(Locale.ROOT, "applyUpdater, one JVM, interleaved: %d rounds per size, ~%.2f s of calls per updater "
                        + "and round; ND4J threads %s, Opt2Vec kernel threads %s; %s%n", settings.rounds(),
                settings.secondsPerRound(), ompThreads(), System.getProperty("opt2vec.kernel.threads", "default ("
                        + Math.min(Runtime.getRuntime().availableProcessors(), 8) + ")"), Load.describe());
        double bigCopy = copyBandwidth(DataType.FLOAT, 16 << 20);
        out.printf(Locale.ROOT, "copy bandwidth, 64 MB FLOAT array (ND4J assign, native threads): %.1f GB/s "
                + "(read + write)%n%n", bigCopy);
        for (DataType type : settings.types()) {
            for (int n : settings.sizes()) {
                compare(type, n, bigCopy);
            }
        }
        out.printf(Locale.ROOT, "%s%n", Load.describe());
        out.flush();
    }

    private void compare(DataType type, int n, double bigCopy) {
        Nd4j.getRandom().setSeed(42);
        INDArray source = Nd4j.randn(type, 1, n).muli(0.01);
        List<Subject> subjects = new ArrayList<>();
        for (Contender c : Contender.values()) {
            subjects.add(new Subject(c, source));
        }
        // Calls per batch: about secondsPerRound of work for the slowest, at least 20.
        for (Subject s : subjects) {
            for (int i = 0; i < 200; i++) {
                s.call();
            }
        }
        int calls = Math.max(20, (int) (settings.secondsPerRound() * 1e9 / Math.max(1, median(batch(subjects.get(0),
                50)))));
        int rounds = settings.rounds();
        double[][] medians = new double[subjects.size()][rounds];
        double[] copy = new double[rounds];
        int bytes = type.width();
        for (int r = 0; r < rounds; r++) {
            for (int k = 0; k < subjects.size(); k++) {
                // Rotate the order each round, so no updater always runs right after the same one.
                int idx = (k + r) % subjects.size();
                medians[idx][r] = median(batch(subjects.get(idx), calls));
            }
            copy[r] = copyBandwidth(type, n);
        }
        out.printf(Locale.ROOT, "### %s, n = %,d (%d rounds x %d calls; median per round, then median [min-max] over "
                + "rounds)%n%n", type, n, rounds, calls);
        out.println("| updater | µs/call | / Nesterovs | / Adam | GB/s | % of copy at this size | % of 64 MB copy |");
        out.println("|---|---:|---:|---:|---:|---:|---:|");
        double copyHere = median(copy);
        int nes = Contender.NESTEROVS.ordinal();
        int adam = Contender.ADAM.ordinal();
        for (Subject s : subjects) {
            int i = s.who.ordinal();
            double us = median(medians[i]) / 1e3;
            double[] rn = ratios(medians[i], medians[nes]);
            double[] ra = ratios(medians[i], medians[adam]);
            double gbs = (double) s.who.buffersMoved * bytes * n / (median(medians[i]));
            out.printf(Locale.ROOT, "| %s | %.1f [%.1f-%.1f] | %s | %s | %.1f | %.0f %% | %.0f %% |%n", s.who.label, us,
                    min(medians[i]) / 1e3, max(medians[i]) / 1e3, ratio(rn), ratio(ra), gbs, 100 * gbs / copyHere,
                    100 * gbs / bigCopy);
        }
        out.printf(Locale.ROOT, "%ncopy bandwidth at this size (two %s arrays of n, ND4J assign): %.1f GB/s "
                + "[%.1f-%.1f]; bytes moved per parameter: Nesterovs %d, Adam %d, Opt2Vec momentum %d, adaptive %d; %s%n%n",
                type, copyHere, min(copy), max(copy), 4 * bytes, 6 * bytes, 5 * bytes, 7 * bytes, Load.describe());
        out.flush();
    }

    private static long[] batch(Subject s, int calls) {
        long[] t = new long[calls];
        for (int i = 0; i < calls; i++) {
            t[i] = s.call();
        }
        return t;
    }

    /** GB/s of copying an array of n values of {@code type} into another (bytes read + written). */
    private static double copyBandwidth(DataType type, int n) {
        INDArray a = Nd4j.rand(type, 1, n);
        INDArray b = Nd4j.zeros(type, 1, n);
        int reps = Math.max(5, Math.min(2000, (int) (2e8 / ((long) n * type.width()))));
        long[] t = new long[reps];
        for (int i = 0; i < reps; i++) {
            long t0 = System.nanoTime();
            b.assign(a);
            t[i] = System.nanoTime() - t0;
        }
        double best = median(t);
        a.close();
        b.close();
        return 2.0 * n * type.width() / best;
    }

    private static double[] ratios(double[] a, double[] b) {
        double[] r = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            r[i] = a[i] / b[i];
        }
        return r;
    }

    private static String ratio(double[] r) {
        return String.format(Locale.ROOT, "**%.2f** [%.2f-%.2f]", median(r), min(r), max(r));
    }

    static double median(long[] t) {
        long[] s = t.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2.0;
    }

    static double median(double[] t) {
        double[] s = t.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2.0;
    }

    private static double min(double[] t) {
        return Arrays.stream(t).min().orElse(Double.NaN);
    }

    private static double max(double[] t) {
        return Arrays.stream(t).max().orElse(Double.NaN);
    }

    private static String ompThreads() {
        String omp = System.getenv("OMP_NUM_THREADS");
        return omp == null ? "default (" + Runtime.getRuntime().availableProcessors() + ")" : omp;
    }
}
