package org.opt2vec.examples;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.graph.MergeVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.evaluation.classification.Evaluation;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.lossfunctions.LossFunctions;
import org.opt2vec.dl4j.Opt2Vec;

/**
 * A {@link ComputationGraph} trained with Opt2Vec: two dense branches over the MNIST image, merged, then a softmax
 * output. The updater goes on the graph builder as for a MultiLayerNetwork, and {@code Opt2Vec.attach} takes the
 * graph.
 *
 * <p>Run: {@code bin/opt2vec-example ComputationGraph [trainImages=60000] [epochs=1]}
 */
public final class ComputationGraphExample {
    private ComputationGraphExample() {
    }

    public static void main(String[] args) {
        System.out.println(run(Examples.intArg(args, 0, 60_000), Examples.intArg(args, 1, 1)).stats());
    }

    static Evaluation run(int trainImages, int epochs) {
        ComputationGraphConfiguration conf = new NeuralNetConfiguration.Builder()
                .seed(5)
                .updater(new Opt2Vec())
                .graphBuilder()
                .addInputs("image")
                .setInputTypes(InputType.feedForward(784))
                .addLayer("wide", new DenseLayer.Builder().nOut(128).activation(Activation.RELU).build(), "image")
                .addLayer("narrow", new DenseLayer.Builder().nOut(32).activation(Activation.TANH).build(), "image")
                .addVertex("merged", new MergeVertex(), "wide", "narrow")
                .addLayer("digit", new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(10)
                        .activation(Activation.SOFTMAX).build(), "merged")
                .setOutputs("digit")
                .build();
        ComputationGraph graph = new ComputationGraph(conf);
        graph.init();
        Opt2Vec.attach(graph);

        graph.fit(Examples.mnistTrain(64, trainImages, 5), epochs);
        return graph.evaluate(Examples.mnistTest(256, 10_000));
    }
}
