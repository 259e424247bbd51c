package org.opt2vec.examples;

import org.deeplearning4j.earlystopping.EarlyStoppingConfiguration;
import org.deeplearning4j.earlystopping.EarlyStoppingResult;
import org.deeplearning4j.earlystopping.saver.InMemoryModelSaver;
import org.deeplearning4j.earlystopping.scorecalc.DataSetLossCalculator;
import org.deeplearning4j.earlystopping.termination.MaxEpochsTerminationCondition;
import org.deeplearning4j.earlystopping.termination.MaxTimeIterationTerminationCondition;
import org.deeplearning4j.earlystopping.termination.ScoreImprovementEpochTerminationCondition;
import org.deeplearning4j.earlystopping.trainer.EarlyStoppingTrainer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.nd4j.linalg.lossfunctions.LossFunctions;
import org.opt2vec.dl4j.Opt2Vec;

import java.util.concurrent.TimeUnit;

/**
 * DL4J's {@link EarlyStoppingTrainer} with Opt2Vec: train on MNIST, score the held-out loss after every epoch,
 * stop when it has not improved for 2 epochs (or after {@code maxEpochs}), keep the best network. The trainer calls
 * {@code net.fit(...)}, so the listener that {@code Opt2Vec.attach(net)} adds is all Opt2Vec needs.
 *
 * <p>Run: {@code bin/opt2vec-example EarlyStopping [maxEpochs=10] [trainImages=10000]}
 */
public final class EarlyStoppingExample {
    private EarlyStoppingExample() {
    }

    public static void main(String[] args) {
        EarlyStoppingResult<MultiLayerNetwork> result = run(Examples.intArg(args, 0, 10), Examples.intArg(args, 1, 10_000));
        System.out.println("stopped: " + result.getTerminationReason() + " (" + result.getTerminationDetails() + ")");
        int best = result.getBestModelEpoch();
        System.out.println("best epoch " + best + " of " + result.getTotalEpochs() + ", held-out loss "
                + result.getScoreVsEpoch().get(best));
        MultiLayerNetwork bestNet = result.getBestModel();                 // the network of the best epoch
        System.out.println("best network: " + bestNet.numParams() + " parameters");
        System.out.println("held-out loss per epoch: " + result.getScoreVsEpoch());
    }

    static EarlyStoppingResult<MultiLayerNetwork> run(int maxEpochs, int trainImages) {
        DataSetIterator train = Examples.mnistTrain(64, trainImages, 7);
        DataSetIterator heldOut = Examples.mnistTest(500, 2_000);

        MultiLayerNetwork net = new MultiLayerNetwork(new NeuralNetConfiguration.Builder()
                .seed(7)
                .updater(new Opt2Vec())
                .list()
                .layer(new DenseLayer.Builder().nIn(784).nOut(128).activation(Activation.TANH).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(128).nOut(10)
                        .activation(Activation.SOFTMAX).build())
                .build());
        net.init();
        Opt2Vec.attach(net);

        EarlyStoppingConfiguration<MultiLayerNetwork> es = new EarlyStoppingConfiguration.Builder<MultiLayerNetwork>()
                .epochTerminationConditions(new MaxEpochsTerminationCondition(maxEpochs),
                        new ScoreImprovementEpochTerminationCondition(2))
                .iterationTerminationConditions(new MaxTimeIterationTerminationCondition(10, TimeUnit.MINUTES))
                .scoreCalculator(new DataSetLossCalculator(heldOut, true))
                .evaluateEveryNEpochs(1)
                .modelSaver(new InMemoryModelSaver<>())
                .build();
        return new EarlyStoppingTrainer(es, net, train).fit();
    }
}
