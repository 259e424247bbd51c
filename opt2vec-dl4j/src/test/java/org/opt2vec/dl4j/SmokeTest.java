package org.opt2vec.dl4j;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.dataset.DataSet;

import static org.junit.jupiter.api.Assertions.assertTrue;

class SmokeTest {
    @Test
    void trainsARegression() {
        DataSet data = TestNets.regression(1, DataType.FLOAT);
        MultiLayerNetwork net = Opt2Vec.attach(TestNets.mlp(new Opt2Vec(), DataType.FLOAT));
        double first = net.score(data);
        for (int i = 0; i < 100; i++) {
            net.fit(data);
        }
        double last = net.score(data);
        System.out.println("loss " + first + " -> " + last + " steps " + Opt2VecListener.of(net).get().steps().size());
        assertTrue(last < first * 0.2, first + " -> " + last);
    }
}
