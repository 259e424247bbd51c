package org.opt2vec.meta;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

/** What a distributed evaluator sends its workers: the spec survives Java serialization and scores the same runs. */
class SpecSerializationTest {
    @Test
    void aDeserializedSpecScoresRunsAsTheOriginal() throws Exception {
        EfficientMetaLearningTrainer trainer = EfficientMetaLearningTrainer.builder().seed(3).pairs(2).build();
        MetaTrainingSpec spec = trainer.spec(3, 8);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(spec);
        }
        MetaTrainingSpec copy;
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            copy = (MetaTrainingSpec) in.readObject();
        }
        double[] theta = trainer.updaterTemplate().resolveWeights().values();
        for (int task = 0; task < 3; task++) {
            for (int candidate : new int[]{0, 3, spec.baseline()}) {
                assertEquals(spec.evaluate(theta, 1, candidate, task), copy.evaluate(theta, 1, candidate, task),
                        "candidate " + candidate + " on task " + task);
            }
        }
    }

    /**
     * A spec makes each candidate's configuration once per meta-step and reuses it on every task: a different θ in the
     * same step (a worker that received another copy, or new weights) must still be scored with its own candidates.
     */
    @Test
    void candidatesFollowTheirThetaWithinAStep() {
        EfficientMetaLearningTrainer trainer = EfficientMetaLearningTrainer.builder().seed(3).pairs(2).build();
        double[] theta = trainer.updaterTemplate().resolveWeights().values();
        double[] other = theta.clone();
        for (int i = 0; i < other.length; i++) {
            other[i] *= 0.5;
        }
        MetaTrainingSpec shared = trainer.spec(2, 8);
        RunScore first = shared.evaluate(theta, 1, 3, 0);
        RunScore second = shared.evaluate(other, 1, 3, 0);
        RunScore again = shared.evaluate(theta.clone(), 1, 3, 0);
        assertEquals(first, trainer.spec(2, 8).evaluate(theta, 1, 3, 0));
        assertEquals(second, trainer.spec(2, 8).evaluate(other, 1, 3, 0));
        assertEquals(first, again);
        assertNotEquals(first, second);
    }
}
