package org.opt2vec.meta;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.Sgd;
import org.opt2vec.dl4j.Opt2Vec;
import org.opt2vec.tasks.BuiltinTasks;
import org.opt2vec.tasks.Task;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ObjectiveAndEvaluationTest {
    @Test
    void divergedRunsGetTheWorstValueAndNeverNaN() {
        MetaObjective o = MetaObjective.DEFAULT;
        InnerRun nan = new InnerRun(new double[]{1, Double.NaN, 1}, 1, 1, Double.NaN, false, Double.NaN, Double.NaN);
        InnerRun exploded = new InnerRun(new double[]{1, 5000, 1}, 1, 1, Double.NaN, false, Double.NaN, Double.NaN);
        InnerRun threw = new InnerRun(new double[]{1}, 1, Double.NaN, Double.NaN, true, Double.NaN, Double.NaN);
        for (InnerRun r : List.of(nan, exploded, threw)) {
            assertTrue(o.diverged(r));
            assertEquals(o.worst(), o.value(r));
        }
        InnerRun fine = new InnerRun(new double[]{1, 0.5, 0.25}, 1, 0.25, Double.NaN, false, Double.NaN, Double.NaN);
        assertFalse(o.diverged(fine));
        assertEquals(0.5 * (Math.log(0.5) + Math.log(0.25)) + Math.log(0.25), o.value(fine), 1e-12);

        // A real run with an absurd learning rate: no exception, worst value.
        Task t = BuiltinTasks.linear1d().sample(3);
        InnerRun r = InnerRun.run(t, new Sgd(1e4), 10, false);
        assertEquals(o.worst(), o.value(r));
        // Opt2Vec with an absurd base lr neutralizes non-finite steps; still a finite, worst-ranked value.
        InnerRun r2 = InnerRun.run(t, new Opt2Vec.Builder().baseLr(1e4).pretrained(false).build(), 10, true);
        assertTrue(Double.isFinite(o.value(r2)));
    }

    @Test
    void heldOutEvaluationComparesOptimizersOnTheSameInstances() {
        HeldOutEvaluation eval = HeldOutEvaluation.builder().instancesPerFamily(2).innerSteps(8)
                .families(List.of(BuiltinTasks.blobs(), BuiltinTasks.spirals())).build();
        LinkedHashMap<String, Supplier<IUpdater>> opts = new LinkedHashMap<>();
        opts.put("sgd(0.1)", () -> new Sgd(0.1));
        opts.put(HeldOutEvaluation.UNTRAINED, () -> new Opt2Vec.Builder().pretrained(false).build());
        HeldOutReport report = eval.run(opts);
        assertEquals(4, report.instanceCount());
        assertEquals(8, report.rows().size());
        assertEquals(List.of("blobs", "spirals"), report.families());
        String md = report.toMarkdown();
        System.out.println(md);
        assertTrue(md.contains("#### blobs") && md.contains("#### spirals") && md.contains("win rate"), md);
        // Instances are reproducible and differ from each other.
        List<Task> a = eval.instances();
        List<Task> b = eval.instances();
        assertEquals(a.get(0).seed(), b.get(0).seed());
        assertTrue(a.get(0).seed() != a.get(1).seed());
        for (HeldOutReport.Row row : report.rows()) {
            assertTrue(row.accuracy() >= 0 && row.accuracy() <= 1, row.toString());
        }
    }
}
