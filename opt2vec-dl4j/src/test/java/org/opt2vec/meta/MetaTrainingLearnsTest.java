package org.opt2vec.meta;

import org.junit.jupiter.api.Test;
import org.opt2vec.dl4j.Opt2Vec;
import org.opt2vec.tasks.BuiltinTasks;
import org.opt2vec.tasks.Task;
import org.opt2vec.tasks.TaskDistribution;
import org.opt2vec.tasks.TaskDistributions;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Fails when meta-training does not learn. The inner runs use baseLr 1e-4, ten times smaller than the default and
 * far below the best learning rate of these tasks, so the untrained controller (lr scale 1) is a poor optimizer
 * and the meta-gradient has a clear direction: 20 meta-steps must lower the meta-loss clearly, raise the lr scale,
 * and give weights that beat the untrained controller on tasks meta-training never saw.
 */
class MetaTrainingLearnsTest {
    @Test
    void learnsToRaiseATooSmallLearningRate() {
        TaskDistribution tasks = TaskDistributions.mixture(BuiltinTasks.linear1d(), BuiltinTasks.blobs());
        EfficientMetaLearningTrainer trainer = EfficientMetaLearningTrainer.builder()
                .seed(1).baseLr(1e-4).tasks(tasks).pairs(6).metaLearningRate(0.08).build();
        MetaTrainingResult r = trainer.metaTrain(20, 2, 10);
        System.out.println(r + "\nmeta-losses " + r.metaLosses() + "\nlr scales " + r.lrScales());

        double first = r.meanOfFirst(5);
        double last = r.meanOfLast(5);
        assertTrue(last < first - 0.3, "meta-loss did not drop clearly: first 5 steps " + first + ", last 5 " + last);
        double lrFirst = r.lrScales().get(0);
        double lrLast = r.lrScales().get(r.completedSteps() - 1);
        assertTrue(lrFirst > 0.99 && lrFirst < 1.01, "step 0 must run the untrained controller, lr scale " + lrFirst);
        assertTrue(lrLast > 2.0, "lr scale should have grown well above 1 (baseLr is 10x too small), was " + lrLast);

        // On fresh task instances: the meta-trained controller against the untrained one, same networks and data.
        Opt2Vec trained = trainer.updaterTemplate().toBuilder().weights(r.weights()).build();
        Opt2Vec untrained = trainer.updaterTemplate().toBuilder().pretrained(false).build();
        double jTrained = 0;
        double jUntrained = 0;
        for (int i = 0; i < 4; i++) {
            Task t = tasks.sample(9_000 + i);
            jTrained += MetaObjective.DEFAULT.value(InnerRun.run(t, trained, 10, false));
            jUntrained += MetaObjective.DEFAULT.value(InnerRun.run(t, untrained, 10, false));
        }
        System.out.println("fresh tasks: trained " + jTrained / 4 + ", untrained " + jUntrained / 4);
        assertTrue(jTrained < jUntrained - 0.4, "trained " + jTrained / 4 + " vs untrained " + jUntrained / 4);
    }
}
