package org.opt2vec.cli.benchmark;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.evaluation.classification.Evaluation;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.nd4j.linalg.learning.config.IUpdater;
import org.opt2vec.cli.benchmark.data.DataSetListIterator;
import org.opt2vec.tasks.ArrayTask;
import org.opt2vec.tasks.Seeds;
import org.opt2vec.tasks.Task;
import org.opt2vec.tasks.TaskDistribution;

import java.util.function.BooleanSupplier;

/**
 * A long run of one of Opt2Vec's own task families ({@code org.opt2vec.tasks.BuiltinTasks}). Each seed draws one
 * task of the family (target function, class layout and, for varied-mlp, the network) from
 * {@code Seeds.mix(salt, seed)}; the task fixes the initialization and the minibatch order, so every optimizer of a
 * seed trains the same network on the same batches. Optionally only regression (or only classification) draws are
 * kept, so that one metric applies to every seed.
 */
public final class TaskWorkload implements Workload {
    /** Which draws of the family to keep. */
    public enum Kind { ANY, CLASSIFICATION, REGRESSION }

    private final TaskDistribution family;
    private final Kind kind;
    private final long steps;
    private final long salt;

    public TaskWorkload(TaskDistribution family, Kind kind, long steps, long salt) {
        this.family = family;
        this.kind = kind;
        this.steps = steps;
        this.salt = salt;
    }

    /** The task of this seed: the first draw (deterministic) that has the wanted kind. */
    public Task task(long seed) {
        for (int k = 0; k < 1000; k++) {
            Task t = family.sample(Seeds.mix(salt, seed, k));
            if (kind == Kind.ANY || (kind == Kind.CLASSIFICATION) == t.classification()) {
                return t;
            }
        }
        throw new IllegalStateException(family.name() + " gave no " + kind + " task in 1000 draws");
    }

    @Override
    public MultiLayerNetwork network(IUpdater updater, long seed) {
        return task(seed).newNetwork(updater);
    }

    @Override
    public DataSetIterator train(long seed, BooleanSupplier stop) {
        return new DataSetListIterator(task(seed).trainBatches((int) steps), stop);
    }

    @Override
    public long steps() {
        return steps;
    }

    @Override
    public double accuracy(MultiLayerNetwork net, long seed) {
        DataSet h = task(seed).heldOut();
        Evaluation e = new Evaluation();
        e.eval(h.getLabels(), net.output(h.getFeatures(), false));
        return e.accuracy();
    }

    @Override
    public double heldOutLoss(MultiLayerNetwork net, long seed) {
        return net.score(task(seed).heldOut(), false);
    }

    @Override
    public int trainSize() {
        Task t = task(1);
        return t instanceof ArrayTask a ? a.trainSize() : -1;
    }

    @Override
    public int testSize() {
        return task(1).heldOut().numExamples();
    }
}
