package org.opt2vec.meta;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;

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
}
