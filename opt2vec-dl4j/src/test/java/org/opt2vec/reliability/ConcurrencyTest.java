package org.opt2vec.reliability;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.opt2vec.dl4j.Opt2Vec;

import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Two networks training with Opt2Vec in parallel threads share no mutable state: each ends as when alone. */
class ConcurrencyTest {

    /** Builds data (seeding ND4J's RNG) and a network, trains 200 steps, returns the parameters. */
    static Callable<INDArray> training(double lr) {
        return () -> {
            DataSet data = IntegrationMatrixTest.data(DataType.FLOAT, 128);
            MultiLayerNetwork net = IntegrationMatrixTest.net(IntegrationMatrixTest.mlp(new Opt2Vec(lr), DataType.FLOAT)
                    .build());
            for (int i = 0; i < 200; i++) {
                net.fit(data);
            }
            return net.params().dup();
        };
    }

    @Test
    void parallelNetworksMatchSolitaryRuns() throws Exception {
        INDArray aloneA = training(0.01).call();
        INDArray aloneB = training(0.03).call();
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Future<INDArray> a = pool.submit(training(0.01));
            Future<INDArray> b = pool.submit(training(0.03));
            assertEquals(aloneA, a.get());
            assertEquals(aloneB, b.get());
        } finally {
            pool.shutdownNow();
        }
    }
}
