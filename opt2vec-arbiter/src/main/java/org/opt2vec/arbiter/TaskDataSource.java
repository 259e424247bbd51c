package org.opt2vec.arbiter;

import org.deeplearning4j.arbiter.MultiLayerSpace;
import org.deeplearning4j.arbiter.layers.DenseLayerSpace;
import org.deeplearning4j.arbiter.layers.OutputLayerSpace;
import org.deeplearning4j.arbiter.optimize.api.data.DataSource;
import org.deeplearning4j.datasets.iterator.ExistingDataSetIterator;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.nd4j.linalg.lossfunctions.LossFunctions;
import org.opt2vec.tasks.ArrayTask;
import org.opt2vec.tasks.BuiltinTasks;
import org.opt2vec.tasks.NetSpec;
import org.opt2vec.tasks.Task;

import java.util.List;
import java.util.Properties;

/**
 * An Arbiter {@link DataSource} over one of Opt2Vec's built-in tasks, for train-with sweeps without your own data:
 * the training data are the task's first {@code steps} minibatches, the test data its held-out minibatch.
 *
 * <p>Properties: {@value #TASK} (a built-in family name, default {@code blobs}), {@value #SEED} (default 1),
 * {@value #STEPS} (minibatches per epoch, default 50). {@link #networkSpace} builds the matching network space.
 */
public class TaskDataSource implements DataSource {
    private static final long serialVersionUID = 1L;
    public static final String TASK = "task";
    public static final String SEED = "seed";
    public static final String STEPS = "steps";

    private String family = BuiltinTasks.BLOBS;
    private long seed = 1;
    private int steps = 50;
    private transient Task task;

    public TaskDataSource() {
    }

    /** Properties for {@link TrainWithSweep.Builder#dataSource}. */
    public static Properties properties(String family, long seed, int steps) {
        Properties p = new Properties();
        p.setProperty(TASK, family);
        p.setProperty(SEED, Long.toString(seed));
        p.setProperty(STEPS, Integer.toString(steps));
        return p;
    }

    @Override
    public void configure(Properties p) {
        if (p != null) {
            family = p.getProperty(TASK, family);
            seed = Long.parseLong(p.getProperty(SEED, Long.toString(seed)));
            steps = Integer.parseInt(p.getProperty(STEPS, Integer.toString(steps)));
        }
        if (steps < 1) {
            throw new IllegalArgumentException("steps: must be >= 1, was " + steps);
        }
        task = null;
    }

    private Task task() {
        if (task == null) {
            task = BuiltinTasks.byName(family).sample(seed);
        }
        return task;
    }

    @Override
    public Object trainData() {
        return new ExistingDataSetIterator(task().trainBatches(steps));
    }

    @Override
    public Object testData() {
        return new ExistingDataSetIterator(List.of(task().heldOut()));
    }

    @Override
    public Class<?> getDataType() {
        return DataSetIterator.class;
    }

    /**
     * A MultiLayerSpace with the task's network shape (the layers of its {@link NetSpec}) and the given updater
     * space — the starting point of a train-with sweep on a built-in task.
     *
     * @throws IllegalArgumentException if the task family does not describe its network as a NetSpec
     */
    public static MultiLayerSpace networkSpace(Properties p, Opt2VecSpace updater, int numEpochs) {
        TaskDataSource ds = new TaskDataSource();
        ds.configure(p);
        if (!(ds.task() instanceof ArrayTask at)) {
            throw new IllegalArgumentException("task " + ds.family + " does not expose its network shape");
        }
        NetSpec n = at.netSpec();
        MultiLayerSpace.Builder b = new MultiLayerSpace.Builder().seed(ds.seed).updater(updater);
        int in = n.nIn();
        for (int h : n.hidden()) {
            b.addLayer(new DenseLayerSpace.Builder().nIn(in).nOut(h).activation(n.activation()).build());
            in = h;
        }
        b.addLayer(new OutputLayerSpace.Builder().nIn(in).nOut(n.nOut())
                .activation(n.classification() ? Activation.SOFTMAX : Activation.IDENTITY)
                .lossFunction(n.classification() ? LossFunctions.LossFunction.MCXENT : LossFunctions.LossFunction.MSE)
                .build());
        return b.numEpochs(numEpochs).build();
    }
}
