package org.opt2vec.reliability;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.LossFunctions;
import org.nd4j.linalg.schedule.ExponentialSchedule;
import org.nd4j.linalg.schedule.ScheduleType;
import org.opt2vec.dl4j.Opt2Vec;
import org.opt2vec.dl4j.UpdateDirection;

import java.util.Random;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * 1000 random builder configurations, extreme values included: each either fails at build() with an
 * IllegalArgumentException or trains a small network for 10 steps with finite parameters. Nothing else.
 */
class ConfigFuzzTest {
    static final int CONFIGS = 1000;

    private static final double[] LRS = {Double.NaN, Double.NEGATIVE_INFINITY, -1, -1e-9, 0, 1e-12, 1e-4, 0.01, 0.1,
            1, 10, 1e6, Double.MAX_VALUE, Double.POSITIVE_INFINITY};
    private static final int[] DIMS = {Integer.MIN_VALUE, -1, 0, 1, 2, 3, 8, 64, 1024, 1025, Integer.MAX_VALUE};
    private static final int[] HISTORIES = {Integer.MIN_VALUE, -1, 0, 1, 2, 3, 16, 64, 512, 513, Integer.MAX_VALUE};
    private static final String[] ACTIVATIONS = {"gelu", "swish", "relu", "tanh", "GELU", " Relu ", "", null,
            "sigmoid", "gelu;drop table"};
    private static final double[] NORMS = {Double.NaN, Double.NEGATIVE_INFINITY, -1, 0, 1e-30, 1e-3, 1, 1e30,
            Double.POSITIVE_INFINITY};
    private static final double[] RANGE = {Double.NaN, Double.NEGATIVE_INFINITY, -1, 0, 1e-300, 1e-3, 0.1, 0.5, 0.9,
            0.99, 0.999999, 1, 2, 10, 1e300, Double.POSITIVE_INFINITY};

    @Test
    @Timeout(value = 10, unit = TimeUnit.MINUTES)
    void randomConfigsEitherFailAtBuildOrTrainFinitely() {
        Random rnd = new Random(20261128);
        Nd4j.getRandom().setSeed(1);
        INDArray x = Nd4j.randn(DataType.FLOAT, 32, 3);
        DataSet data = new DataSet(x, x.sum(true, 1));
        int rejected = 0;
        int trained = 0;
        for (int i = 0; i < CONFIGS; i++) {
            // Mostly untrained: a pretrained config is valid only with an architecture Opt2Vec ships weights for.
            boolean pretrained = rnd.nextInt(4) == 0;
            Opt2Vec.Builder b = new Opt2Vec.Builder().pretrained(pretrained)
                    .direction(rnd.nextBoolean() ? UpdateDirection.ADAPTIVE : UpdateDirection.MOMENTUM);
            StringBuilder desc = new StringBuilder("config " + i + ": pretrained=" + pretrained);
            if (rnd.nextBoolean()) { double v = pick(LRS, rnd); b.baseLr(v); desc.append(" baseLr=").append(v); }
            if (rnd.nextInt(10) == 0) {
                b.baseLrSchedule(new ExponentialSchedule(ScheduleType.ITERATION, pick(LRS, rnd), 0.9));
                desc.append(" schedule");
            }
            // large controllers are expensive: draw them rarely
            if (rnd.nextBoolean()) { int v = rnd.nextInt(8) == 0 ? DIMS[rnd.nextInt(DIMS.length)] : DIMS[rnd.nextInt(8)]; b.embeddingDim(v); desc.append(" emb=").append(v); }
            if (rnd.nextBoolean()) { int v = rnd.nextInt(8) == 0 ? HISTORIES[rnd.nextInt(HISTORIES.length)] : HISTORIES[rnd.nextInt(8)]; b.historyLength(v); desc.append(" hist=").append(v); }
            if (rnd.nextBoolean()) { String v = ACTIVATIONS[rnd.nextInt(ACTIVATIONS.length)]; b.activation(v); desc.append(" act=").append(v); }
            if (rnd.nextBoolean()) { boolean v = rnd.nextBoolean(); b.useExtendedFeatures(v); desc.append(" ext=").append(v); }
            if (rnd.nextBoolean()) { boolean v = rnd.nextBoolean(); b.normalizeFeatures(v); desc.append(" norm=").append(v); }
            if (rnd.nextBoolean()) { double v = pick(NORMS, rnd); b.maxGradNorm(v); desc.append(" clip=").append(v); }
            if (rnd.nextBoolean()) { double lo = pick(RANGE, rnd), hi = pick(RANGE, rnd); b.lrScaleRange(lo, hi); desc.append(" lrRange=[").append(lo).append(',').append(hi).append(']'); }
            if (rnd.nextBoolean()) { double lo = pick(RANGE, rnd), hi = pick(RANGE, rnd); b.momentumRange(lo, hi); desc.append(" momRange=[").append(lo).append(',').append(hi).append(']'); }

            Opt2Vec config;
            try {
                config = b.build();
            } catch (IllegalArgumentException expected) {
                rejected++;
                continue;
            } catch (RuntimeException other) {
                fail(desc + " threw " + other, other);
                return;
            }
            try {
                MultiLayerNetwork net = new MultiLayerNetwork(new NeuralNetConfiguration.Builder().seed(i)
                        .updater(config).list()
                        .layer(new DenseLayer.Builder().nIn(3).nOut(4).activation(Activation.TANH).build())
                        .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MSE).nIn(4).nOut(1)
                                .activation(Activation.IDENTITY).build())
                        .build());
                net.init();
                Opt2Vec.attach(net);
                for (int s = 0; s < 10; s++) {
                    net.fit(data);
                }
                double sum = net.params().sumNumber().doubleValue();
                double max = net.params().amaxNumber().doubleValue();
                assertTrue(Double.isFinite(sum) && max < Float.MAX_VALUE, desc + ": parameters not finite");
                trained++;
            } catch (RuntimeException e) {
                fail(desc + " built but failed to train: " + e, e);
            }
        }
        System.out.printf("config fuzzing: %d configs, %d rejected at build(), %d trained 10 steps finitely%n",
                CONFIGS, rejected, trained);
        assertEquals(CONFIGS, rejected + trained);
        assertTrue(rejected > 100 && trained > 100, "the fuzzer should exercise both outcomes");
    }

    private static double pick(double[] values, Random rnd) {
        return values[rnd.nextInt(values.length)];
    }
}
