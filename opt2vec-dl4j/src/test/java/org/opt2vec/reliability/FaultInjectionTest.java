package org.opt2vec.reliability;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.updater.BaseMultiLayerUpdater;
import org.deeplearning4j.nn.updater.UpdaterBlock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.LossFunctions;
import org.opt2vec.dl4j.Opt2Vec;
import org.opt2vec.dl4j.Opt2VecListener;
import org.opt2vec.dl4j.Opt2VecStep;
import org.opt2vec.dl4j.Opt2VecUpdater;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Faults injected into a real network between the loss computation and the updater: parameters and the whole
 * updater state stay finite, non-finite steps are neutralized and visible in telemetry, and training recovers.
 */
class FaultInjectionTest {
    static final int STEPS = 800;
    static final int FAULTS_FROM = 50;
    static final int FAULTS_TO = 150;
    /** The mixed test: random faults during the first MIXED_STEPS steps, then fault-free recovery. */
    static final int MIXED_STEPS = 1000;
    static final int RECOVERY_STEPS = 1000;

    static DataSet task() {
        // a noisy linear target: both runs can reach the noise floor, so "recovered" is well defined
        Nd4j.getRandom().setSeed(99);
        INDArray x = Nd4j.randn(DataType.FLOAT, 128, 4);
        INDArray y = x.sum(true, 1).muli(0.5).addi(Nd4j.randn(DataType.FLOAT, 128, 1).muli(0.1));
        return new DataSet(x, y);
    }

    static MultiLayerNetwork net() {
        MultiLayerNetwork net = new MultiLayerNetwork(new NeuralNetConfiguration.Builder()
                .seed(5).updater(new Opt2Vec()).list()
                .layer(new DenseLayer.Builder().nIn(4).nOut(32).activation(Activation.TANH).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MSE).nIn(32).nOut(1)
                        .activation(Activation.IDENTITY).build())
                .build());
        net.init();
        return Opt2Vec.attach(net);
    }

    static double[] run(Faults.Injector injector, int steps) {
        DataSet data = task();
        MultiLayerNetwork net = net();
        if (injector != null) {
            net.addListeners(injector);   // after Opt2VecListener: faults overwrite what it observed
        }
        double[] losses = new double[steps];
        for (int i = 0; i < steps; i++) {
            net.fit(data);
            assertFinite(net, "step " + i);
            losses[i] = net.score(data);
        }
        if (injector != null) {
            long neutralized = 0;
            for (UpdaterBlock b : ((BaseMultiLayerUpdater<?>) net.getUpdater()).getUpdaterBlocks()) {
                neutralized += ((Opt2VecUpdater) b.getGradientUpdater()).neutralizedSteps();
            }
            long seenInTelemetry = Opt2VecListener.of(net).orElseThrow().steps().stream()
                    .filter(Opt2VecStep::neutralized).count();
            // the whole net is one updater block here: one neutralized step per skipped injection
            assertEquals(injector.injectedNeutralizable, neutralized, "neutralized steps");
            assertEquals(neutralized, seenInTelemetry, "neutralized steps visible in telemetry");
        }
        return losses;
    }

    static void assertFinite(MultiLayerNetwork net, String where) {
        assertTrue(Double.isFinite(net.params().sumNumber().doubleValue())
                && net.params().amaxNumber().doubleValue() < Float.MAX_VALUE, where + ": parameters not finite");
        INDArray state = net.getUpdater().getStateViewArray();
        assertTrue(Double.isFinite(state.sumNumber().doubleValue())
                && state.amaxNumber().doubleValue() < Float.MAX_VALUE, where + ": updater state not finite");
    }

    /** Steps whose lowest loss stands for the level training has reached. */
    static final int WINDOW = 100;

    /** The lowest of losses[to - WINDOW, to): spikes (upward, transient) do not move it, a stalled run does. */
    static double level(double[] losses, int to) {
        return java.util.Arrays.stream(losses, to - WINDOW, to).min().orElseThrow();
    }

    private static double[] cleanRun;

    private static synchronized double[] clean() {
        if (cleanRun == null) {
            cleanRun = run(null, MIXED_STEPS + RECOVERY_STEPS);
        }
        return cleanRun;
    }

    @ParameterizedTest
    @EnumSource(value = Faults.class, names = "NONE", mode = EnumSource.Mode.EXCLUDE)
    void eachFaultIsSurvivedAndTrainingRecovers(Faults fault) {
        double[] clean = clean();
        Faults.Injector injector = new Faults.Injector(fault, FAULTS_FROM, FAULTS_TO, null);
        double[] faulty = run(injector, STEPS);
        assertEquals(FAULTS_TO - FAULTS_FROM, injector.injected);
        // The faulty steps are skipped (or carry no information), so training is that many steps behind: compare
        // with the fault-free run after the same number of useful steps. The bundled controller trains this task
        // with a large step and occasional loss spikes, and a difference in the last bit of a sum changes which steps
        // spike: compare the level training has reached (the lowest loss of the last WINDOW steps), not one step.
        double end = level(faulty, STEPS);
        double ref = level(clean, STEPS - (FAULTS_TO - FAULTS_FROM));
        System.out.printf("fault %-18s level (lowest loss of the last %d steps) %.5f vs fault-free %.5f (%.1f%%); "
                + "last step %.5f%n", fault, WINDOW, end, ref, 100 * (end / ref - 1), faulty[STEPS - 1]);
        assertTrue(end <= ref * 1.10, fault + ": final loss " + end + " vs fault-free " + ref);
    }

    @Test
    void randomMixOfFaultsOver1000Steps() {
        double[] clean = clean();
        Faults.Injector injector = new Faults.Injector(Faults.NONE, 0, MIXED_STEPS, 2026L);
        int end = MIXED_STEPS + RECOVERY_STEPS - 1;
        double[] faulty = run(injector, end + 1);
        assertTrue(injector.injected > 200, "injected " + injector.injected);
        System.out.printf("mixed faults over %d steps: %d injected (%d to be skipped); loss at step %d %.5f vs "
                        + "fault-free %.5f; after %d recovery steps %.5f vs %.5f%n", MIXED_STEPS, injector.injected,
                injector.injectedNeutralizable, MIXED_STEPS - 1, faulty[MIXED_STEPS - 1], clean[MIXED_STEPS - 1],
                RECOVERY_STEPS, faulty[end], clean[end]);
        // Skipped steps put training behind: compare with the fault-free run after as many applied steps.
        double last = level(faulty, end + 1);
        double ref = level(clean, end + 1 - (int) injector.injectedNeutralizable);
        System.out.printf("level (lowest loss of the last %d steps) %.5f vs fault-free %.5f%n", WINDOW, last, ref);
        assertTrue(last <= ref * 1.10, last + " vs " + ref + " (fault-free after the same number of applied steps, "
                + "lowest loss of " + WINDOW + " steps)");
    }
}
