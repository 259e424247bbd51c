package org.opt2vec.examples;

import org.deeplearning4j.arbiter.DL4JConfiguration;
import org.deeplearning4j.arbiter.MultiLayerSpace;
import org.deeplearning4j.arbiter.layers.DenseLayerSpace;
import org.deeplearning4j.arbiter.layers.OutputLayerSpace;
import org.deeplearning4j.arbiter.optimize.api.CandidateGenerator;
import org.deeplearning4j.arbiter.optimize.api.data.DataSource;
import org.deeplearning4j.arbiter.optimize.api.saving.InMemoryResultSaver;
import org.deeplearning4j.arbiter.optimize.api.termination.MaxCandidatesCondition;
import org.deeplearning4j.arbiter.optimize.api.termination.MaxTimeCondition;
import org.deeplearning4j.arbiter.optimize.config.OptimizationConfiguration;
import org.deeplearning4j.arbiter.optimize.generator.RandomSearchGenerator;
import org.deeplearning4j.arbiter.optimize.parameter.continuous.ContinuousParameterSpace;
import org.deeplearning4j.arbiter.optimize.parameter.integer.IntegerParameterSpace;
import org.deeplearning4j.arbiter.optimize.runner.IOptimizationRunner;
import org.deeplearning4j.arbiter.optimize.runner.LocalOptimizationRunner;
import org.deeplearning4j.arbiter.scoring.impl.EvaluationScoreFunction;
import org.deeplearning4j.arbiter.task.MultiLayerNetworkTaskCreator;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.nd4j.evaluation.classification.Evaluation;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.nd4j.linalg.lossfunctions.LossFunctions;
import org.opt2vec.arbiter.Opt2VecSpace;
import org.opt2vec.arbiter.Opt2VecTaskListener;
import org.opt2vec.dl4j.Opt2Vec;

import java.util.Properties;
import java.util.concurrent.TimeUnit;

/**
 * A hyperparameter search with DL4J's Arbiter in which Opt2Vec is part of the space: {@link Opt2VecSpace} searches
 * Opt2Vec's base learning rate (every other setting comes from its template, here {@code new Opt2Vec()} with the
 * bundled meta-trained controller), next to the hidden layer's width. Random search, each candidate trained on
 * MNIST and scored by test accuracy. {@link Opt2VecTaskListener} attaches Opt2Vec to every candidate network.
 * (Spaces over the controller's architecture — embeddingDim, historyLength, activation — work the same way, but
 * only the default architecture has bundled meta-trained weights; {@code opt2vec sweep architecture} meta-trains
 * the others.)
 *
 * <p>Run: {@code bin/opt2vec-example ArbiterSearch [candidates=6] [trainImages=5000]}
 */
public final class ArbiterSearchExample {
    private ArbiterSearchExample() {
    }

    /** MNIST for Arbiter: it makes one per candidate from the class and configures it with the properties. */
    public static class MnistSource implements DataSource {
        private static final long serialVersionUID = 1L;
        private int trainImages = 5_000;

        public MnistSource() {
        }

        @Override
        public void configure(Properties properties) {
            trainImages = Integer.parseInt(properties.getProperty("trainImages", String.valueOf(trainImages)));
        }

        @Override
        public Object trainData() {
            return Examples.mnistTrain(64, trainImages, 1);
        }

        @Override
        public Object testData() {
            return Examples.mnistTest(500, 2_000);
        }

        @Override
        public Class<?> getDataType() {
            return DataSetIterator.class;
        }
    }

    public static void main(String[] args) throws Exception {
        IOptimizationRunner runner = run(Examples.intArg(args, 0, 6), Examples.intArg(args, 1, 5_000));
        System.out.println("candidates: " + runner.numCandidatesCompleted() + " completed, "
                + runner.numCandidatesFailed() + " failed");
        System.out.println("best test accuracy " + runner.bestScore() + ", candidate " + runner.bestScoreCandidateIndex());
        DL4JConfiguration best = (DL4JConfiguration) runner.getResults().get(runner.bestScoreCandidateIndex())
                .getResult().getCandidate().getValue();
        DenseLayer hidden = (DenseLayer) best.getMultiLayerConfiguration().getConf(0).getLayer();
        System.out.println("its hidden layer: " + hidden.getNOut() + " units; its updater: " + hidden.getIUpdater());
    }

    static IOptimizationRunner run(int candidates, int trainImages) {
        MultiLayerSpace space = new MultiLayerSpace.Builder()
                .seed(1)
                .updater(Opt2VecSpace.builder(new Opt2Vec())
                        // around the default base lr 0.01 (of the initial parameter RMS), which the controller
                        // multiplies by its lr scale
                        .baseLr(new ContinuousParameterSpace(3e-3, 3e-2))
                        .build())
                .addLayer(new DenseLayerSpace.Builder().nIn(784).nOut(new IntegerParameterSpace(32, 256))
                        .activation(Activation.RELU).build())
                .addLayer(new OutputLayerSpace.Builder().nOut(10).activation(Activation.SOFTMAX)
                        .lossFunction(LossFunctions.LossFunction.MCXENT).build())
                .numEpochs(1)
                .build();

        CandidateGenerator generator = new RandomSearchGenerator(space, null);
        Properties data = new Properties();
        data.setProperty("trainImages", String.valueOf(trainImages));
        OptimizationConfiguration config = new OptimizationConfiguration.Builder()
                .candidateGenerator(generator)
                .dataSource(MnistSource.class, data)
                .scoreFunction(new EvaluationScoreFunction(Evaluation.Metric.ACCURACY))
                .modelSaver(new InMemoryResultSaver())
                .terminationConditions(new MaxCandidatesCondition(candidates),
                        new MaxTimeCondition(30, TimeUnit.MINUTES))
                .rngSeed(1)
                .build();

        IOptimizationRunner runner = new LocalOptimizationRunner(config,
                new MultiLayerNetworkTaskCreator(null, new Opt2VecTaskListener()));
        runner.execute();
        return runner;
    }
}
