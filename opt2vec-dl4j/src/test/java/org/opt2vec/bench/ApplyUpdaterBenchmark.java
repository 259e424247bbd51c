package org.opt2vec.bench;

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
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;

/**
 * Time of one {@code applyUpdater} call on a FLOAT or DOUBLE block of n parameters, for Opt2Vec (the default adaptive
 * direction with the bundled controller, and the momentum direction with the untrained one: the controller's weights
 * do not change the cost), Adam and Nesterovs. The gradient is restored before each call (outside the timing) so
 * every call sees the same normal-range input. Run: see docs/benchmarks.md; the interleaved one-JVM comparison with
 * bandwidth figures is {@code opt2vec perf updater}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xmx2g"})
public class ApplyUpdaterBenchmark {

    @Param({"10000", "100000", "1000000"})
    public int n;

    @Param({"opt2vec", "opt2vec-momentum", "adam", "nesterovs"})
    public String updater;

    @Param({"FLOAT", "DOUBLE"})
    public String type;

    private INDArray source;
    private INDArray gradient;
    private GradientUpdater<?> gu;
    private Opt2VecUpdater opt2vec;
    private int iteration;

    @Setup(Level.Trial)
    public void setUp() {
        IUpdater config = switch (updater) {
            case "opt2vec" -> new Opt2Vec();
            case "opt2vec-momentum" -> new Opt2Vec.Builder().direction(UpdateDirection.MOMENTUM).pretrained(false).build();
            case "adam" -> new Adam(1e-3);
            case "nesterovs" -> new Nesterovs(0.01, 0.9);
            default -> throw new IllegalArgumentException(updater);
        };
        Nd4j.getRandom().setSeed(42);
        DataType dataType = DataType.valueOf(type);
        source = Nd4j.randn(dataType, 1, n).muli(0.01);
        gradient = source.dup();
        INDArray state = Nd4j.zeros(dataType, 1, config.stateSize(n));
        gu = config.instantiate(state, true);
        opt2vec = gu instanceof Opt2VecUpdater u ? u : null;
    }

    @Setup(Level.Invocation)
    public void restoreGradient() {
        gradient.assign(source);
    }

    @Benchmark
    public INDArray applyUpdater() {
        if (opt2vec != null) {
            opt2vec.observe(1.0 / (1 + 0.01 * iteration), 10.0);
        }
        gu.applyUpdater(gradient, iteration++, 0);
        return gradient;
    }
}
