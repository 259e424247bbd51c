package org.opt2vec.reliability;

import org.deeplearning4j.datasets.iterator.utilty.ListDataSetIterator;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.graph.MergeVertex;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.updater.BaseMultiLayerUpdater;
import org.deeplearning4j.nn.updater.UpdaterBlock;
import org.deeplearning4j.parallelism.ParallelWrapper;
import org.deeplearning4j.util.ModelSerializer;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.memory.conf.WorkspaceConfiguration;
import org.nd4j.linalg.api.memory.enums.AllocationPolicy;
import org.nd4j.linalg.api.memory.enums.LearningPolicy;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.LossFunctions;
import org.opt2vec.dl4j.Opt2Vec;
import org.opt2vec.dl4j.Opt2VecUpdater;
import org.opt2vec.dl4j.UpdateDirection;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Soak test of Opt2Vec's native-memory views: networks are created, trained, saved, restored, re-initialized,
 * cloned, closed and dropped, by several threads at once, under GC pressure, in one JVM; every lifetime event the
 * updater's NIO views must survive is exercised again and again:
 *
 * <ul>
 *   <li>a state view replaced on restore ({@code ModelSerializer}: new network, new updater, new view), and the
 *       restored network continuing bit for bit like the original;</li>
 *   <li>a network whose updater is dropped and re-created ({@code setUpdater(null)}), and a cloned network;</li>
 *   <li>updater state assigned in place ({@code Updater.setStateViewArray}, as ParallelWrapper's averaging does);</li>
 *   <li>training inside a workspace the caller opened;</li>
 *   <li>{@code ParallelWrapper} (replicas on their own threads, state averaging);</li>
 *   <li>a closed network ({@code close()}): its Opt2Vec updaters refuse to be used instead of touching freed
 *       memory;</li>
 *   <li>blocks large enough for the kernels' helper threads (above {@code opt2vec.kernel.parallelMin});</li>
 *   <li>garbage and explicit GCs between networks, so that dropped arrays are freed while others train.</li>
 * </ul>
 *
 * The in-CI subset is {@link NativeMemorySoakTest}; the long run (several thousand networks) is the main method,
 * see docs/reliability.md.
 */
public final class NativeMemorySoak {
    /** What one soak run did. */
    public record Result(long networks, long steps, long restores, long parallelWrappers, long closed, double seconds,
                         double rssStartMiB, double rssEndMiB, double rssPeakMiB, double heapCommittedMiB,
                         double heapUsedMiB) {
        @Override
        public String toString() {
            return String.format(Locale.ROOT, "%d networks (%d restored from a checkpoint, %d ParallelWrapper runs, "
                            + "%d closed), %d training steps in %.1f s; RSS %.0f MiB at start, %.0f at the end (Java "
                            + "heap %.0f MiB committed, %.0f used after GC), peak %.0f", networks, restores,
                    parallelWrappers, closed, steps, seconds, rssStartMiB, rssEndMiB, heapCommittedMiB, heapUsedMiB,
                    rssPeakMiB);
        }
    }

    /** Print RSS every this many networks of the first thread ({@code -Dsoak.progress=N}; 0: never). */
    private static final int PROGRESS = Integer.getInteger("soak.progress", 0);

    private final AtomicLong networks = new AtomicLong();
    private final AtomicLong steps = new AtomicLong();
    private final AtomicLong restores = new AtomicLong();
    private final AtomicLong wrappers = new AtomicLong();
    private final AtomicLong closed = new AtomicLong();
    private volatile double rssPeak;

    /**
     * Runs {@code perThread} networks on each of {@code threads} threads; throws on the first failed check.
     *
     * @param wrapperEvery every this many-th network of a thread is a MultiLayerNetwork trained with
     *                     ParallelWrapper first (0: never)
     */
    public Result run(int threads, int perThread, int wrapperEvery, long seed) throws Exception {
        double rss0 = rssMiB();
        long t0 = System.nanoTime();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> fs = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                long s = seed * 31 + t;
                fs.add(pool.submit(() -> {
                    SplittableRandom r = new SplittableRandom(s);
                    try {
                    for (int i = 0; i < perThread; i++) {
                        one(r, wrapperEvery > 0 && i % wrapperEvery == wrapperEvery - 1);
                        if (i % 16 == 15) {
                            pressure(r);
                        }
                        if (PROGRESS > 0 && s == seed * 31 && (i + 1) % PROGRESS == 0) {
                            System.gc();
                            System.out.printf(Locale.ROOT, "  %d networks: RSS %.0f MiB, Java heap %.0f MiB used%n",
                                    networks.get(), rssMiB(), (Runtime.getRuntime().totalMemory()
                                            - Runtime.getRuntime().freeMemory()) / 1048576.0);
                        }
                    }
                    } finally {
                        // ND4J's workspaces belong to the thread; a thread that ends keeps them unless told.
                        Nd4j.getWorkspaceManager().destroyAllWorkspacesForCurrentThread();
                    }
                    return null;
                }));
            }
            for (Future<?> f : fs) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        System.gc();
        Runtime rt = Runtime.getRuntime();
        return new Result(networks.get(), steps.get(), restores.get(), wrappers.get(), closed.get(),
                (System.nanoTime() - t0) / 1e9, rss0, rssMiB(), Math.max(rssPeak, rssMiB()),
                rt.totalMemory() / 1048576.0, (rt.totalMemory() - rt.freeMemory()) / 1048576.0);
    }

    /** One network's life. */
    private void one(SplittableRandom r, boolean wrapper) throws Exception {
        DataType type = r.nextInt(4) == 0 ? DataType.DOUBLE : DataType.FLOAT;
        // Widths up to 256: a 256x256 layer is a block of 65 k values, split over the kernel pool.
        int[] widths = {4, 16, 64, 256};
        int in = 1 + r.nextInt(12);
        int hidden = widths[r.nextInt(widths.length)];
        int hidden2 = widths[r.nextInt(widths.length)];
        Opt2Vec updater = r.nextBoolean() ? new Opt2Vec()
                : new Opt2Vec.Builder().direction(UpdateDirection.MOMENTUM).pretrained(false).build();
        DataSet data = data(r.nextLong(), in, type);
        boolean graph = !wrapper && r.nextInt(3) == 0;
        Model net = graph ? graph(updater, in, hidden, hidden2, type) : mlp(updater, in, hidden, hidden2, type);
        org.opt2vec.dl4j.Opt2Vec.attach(net);
        networks.incrementAndGet();

        if (wrapper) {
            wrappers.incrementAndGet();
            try (ParallelWrapper pw = new ParallelWrapper.Builder<>((MultiLayerNetwork) net).workers(2)
                    .prefetchBuffer(2).averagingFrequency(2).averageUpdaters(r.nextBoolean()).build()) {
                pw.setListeners(new org.opt2vec.dl4j.Opt2VecListener(0));
                pw.fit(new ListDataSetIterator<>(data.asList(), 8));
            }
            checkFinite(net, "after ParallelWrapper");
        }

        int n1 = 1 + r.nextInt(6);
        fit(net, data, n1, r.nextInt(4) == 0);
        checkFinite(net, "after training");

        switch (r.nextInt(5)) {
            case 0, 1 -> saveRestoreContinue(net, data, r);
            case 2 -> {
                // The updater and its views are dropped and made again; the old one must not be used any more.
                if (net instanceof MultiLayerNetwork m) {
                    m.setUpdater(null);
                } else {
                    ((ComputationGraph) net).setUpdater(null);
                }
                fit(net, data, 2, false);
            }
            case 3 -> {
                // A clone trains on its own; the original's state is assigned in place from it.
                Model copy = net instanceof MultiLayerNetwork m ? m.clone() : ((ComputationGraph) net).clone();
                org.opt2vec.dl4j.Opt2Vec.attach(copy);
                fit(copy, data, 2, false);
                stateView(net).assign(stateView(copy));
                fit(net, data, 1, false);
                checkFinite(copy, "clone");
            }
            default -> {
                // Closed: the native memory is released; the updaters must refuse to touch it.
                List<Opt2VecUpdater> us = opt2vecUpdaters(net);
                if (net instanceof MultiLayerNetwork m) {
                    m.close();
                } else {
                    ((ComputationGraph) net).close();
                }
                closed.incrementAndGet();
                for (Opt2VecUpdater u : us) {
                    try {
                        u.steps();
                        throw new AssertionError("a closed network's Opt2Vec updater read its released state");
                    } catch (IllegalStateException expected) {
                        // refused, as it must be
                    }
                }
                return;
            }
        }
        checkFinite(net, "at the end");
    }

    private void saveRestoreContinue(Model net, DataSet data, SplittableRandom r) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ModelSerializer.writeModel(net, bytes, true);
        Model restored = net instanceof MultiLayerNetwork
                ? ModelSerializer.restoreMultiLayerNetwork(new ByteArrayInputStream(bytes.toByteArray()), true)
                : ModelSerializer.restoreComputationGraph(new ByteArrayInputStream(bytes.toByteArray()), true);
        org.opt2vec.dl4j.Opt2Vec.attach(restored);
        restores.incrementAndGet();
        if (!stateView(net).equals(stateView(restored))) {
            throw new AssertionError("restored updater state differs from the saved one");
        }
        int more = 1 + r.nextInt(3);
        fit(net, data, more, false);
        fit(restored, data, more, false);
        if (!net.params().equals(restored.params()) || !stateView(net).equals(stateView(restored))) {
            throw new AssertionError("a restored network does not continue exactly like the original");
        }
    }

    private void fit(Model net, DataSet data, int n, boolean inUserWorkspace) {
        for (int i = 0; i < n; i++) {
            if (inUserWorkspace) {
                WorkspaceConfiguration c = WorkspaceConfiguration.builder().initialSize(1 << 20)
                        .policyAllocation(AllocationPolicy.STRICT).policyLearning(LearningPolicy.NONE).build();
                try (MemoryWorkspace ws = Nd4j.getWorkspaceManager().getAndActivateWorkspace(c, "SOAK_USER_WS")) {
                    fitOnce(net, data);
                }
            } else {
                fitOnce(net, data);
            }
            steps.incrementAndGet();
        }
    }

    private static void fitOnce(Model net, DataSet data) {
        if (net instanceof MultiLayerNetwork m) {
            m.fit(data);
        } else {
            ((ComputationGraph) net).fit(data);
        }
    }

    private static INDArray stateView(Model net) {
        return net instanceof MultiLayerNetwork m ? m.getUpdater().getStateViewArray()
                : ((ComputationGraph) net).getUpdater().getStateViewArray();
    }

    private static List<Opt2VecUpdater> opt2vecUpdaters(Model net) {
        Object u = net instanceof MultiLayerNetwork m ? m.getUpdater() : ((ComputationGraph) net).getUpdater();
        List<Opt2VecUpdater> out = new ArrayList<>();
        for (UpdaterBlock b : ((BaseMultiLayerUpdater<?>) u).getUpdaterBlocks()) {
            if (b.getGradientUpdater() instanceof Opt2VecUpdater o) {
                out.add(o);
            }
        }
        return out;
    }

    private static void checkFinite(Model net, String where) {
        if (!Double.isFinite(net.params().sumNumber().doubleValue())
                || !Double.isFinite(stateView(net).sumNumber().doubleValue())) {
            throw new AssertionError(where + ": parameters or updater state not finite");
        }
    }

    /** Garbage on the heap and native arrays nobody keeps, then sometimes a GC, so buffers die while others run. */
    private void pressure(SplittableRandom r) {
        List<Object> junk = new ArrayList<>();
        for (int i = 0; i < 64; i++) {
            junk.add(new byte[1 << 14]);
            Nd4j.create(DataType.FLOAT, 1, 256 + r.nextInt(4096));
        }
        junk.clear();
        if (r.nextInt(4) == 0) {
            System.gc();
        }
        rssPeak = Math.max(rssPeak, rssMiB());
    }

    private static DataSet data(long seed, int in, DataType type) {
        Nd4j.getRandom().setSeed(seed);
        INDArray x = Nd4j.randn(type, 32, in);
        INDArray y = x.sum(true, 1).muli(0.3).addi(Nd4j.randn(type, 32, 1).muli(0.1));
        return new DataSet(x, y);
    }

    private static MultiLayerNetwork mlp(Opt2Vec updater, int in, int h1, int h2, DataType type) {
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder().seed(3).dataType(type).updater(updater)
                .list()
                .layer(new DenseLayer.Builder().nIn(in).nOut(h1).activation(Activation.TANH).build())
                .layer(new DenseLayer.Builder().nIn(h1).nOut(h2).activation(Activation.RELU).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MSE).nIn(h2).nOut(1)
                        .activation(Activation.IDENTITY).build())
                .build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        return net;
    }

    private static ComputationGraph graph(Opt2Vec updater, int in, int h1, int h2, DataType type) {
        ComputationGraphConfiguration conf = new NeuralNetConfiguration.Builder().seed(3).dataType(type)
                .updater(updater).graphBuilder().addInputs("in")
                .addLayer("a", new DenseLayer.Builder().nIn(in).nOut(h1).activation(Activation.TANH).build(), "in")
                .addLayer("b", new DenseLayer.Builder().nIn(in).nOut(h2).activation(Activation.RELU).build(), "in")
                .addVertex("merge", new MergeVertex(), "a", "b")
                .addLayer("out", new OutputLayer.Builder(LossFunctions.LossFunction.MSE).nIn(h1 + h2).nOut(1)
                        .activation(Activation.IDENTITY).build(), "merge")
                .setOutputs("out").build();
        ComputationGraph g = new ComputationGraph(conf);
        g.init();
        return g;
    }

    static double rssMiB() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.substring(6).trim().split("\\s+")[0]) / 1024.0;
                }
            }
        } catch (IOException | RuntimeException e) {
            return Double.NaN;
        }
        return Double.NaN;
    }

    /**
     * The long soak: {@code [runs] [networks per run] [threads]} (default 3 runs of 3000 networks on 2 threads),
     * each run in this JVM after the previous one. Prints one line per run; exits non-zero on the first failure.
     */
    public static void main(String[] args) throws Exception {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 3;
        int networks = args.length > 1 ? Integer.parseInt(args[1]) : 3000;
        int threads = args.length > 2 ? Integer.parseInt(args[2]) : 2;
        for (int run = 0; run < runs; run++) {
            Result r = new NativeMemorySoak().run(threads, networks / threads, 40, 2026L + run);
            System.out.println("soak run " + (run + 1) + "/" + runs + ": " + r);
        }
        System.out.println("soak: no failure");
    }
}
