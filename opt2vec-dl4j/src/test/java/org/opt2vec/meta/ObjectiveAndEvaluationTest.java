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
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ObjectiveAndEvaluationTest {
    @Test
    void divergedRunsGetTheWorstValueAndNeverNaN() {
        MetaObjective o = MetaObjective.DEFAULT;
        InnerRun nan = run(new double[]{1, Double.NaN, 1}, 1, 1);
        InnerRun exploded = run(new double[]{1, 5000, 1}, 1, 1);
        InnerRun heldOutExploded = run(new double[]{1, 0.5, 0.5}, 1, 2000);
        InnerRun threw = new InnerRun(new double[]{1}, new double[]{1}, Double.NaN, "java.lang.IllegalStateException",
                Double.NaN, Double.NaN);
        for (InnerRun r : List.of(nan, exploded, heldOutExploded, threw)) {
            assertTrue(o.diverged(r));
            assertEquals(o.worst(), o.value(r));
        }
        assertTrue(o.score(threw).failed());
        assertFalse(o.score(nan).failed());
        InnerRun fine = run(new double[]{1, 0.5, 0.25}, 1, 0.25);
        assertFalse(o.diverged(fine));
        assertEquals(0.5 * (Math.log(0.5) + Math.log(0.25)) + Math.log(0.25), o.value(fine), 1e-12);

        // A real run with an absurd learning rate: no exception, worst value.
        Task t = BuiltinTasks.linear1d().sample(3);
        InnerRun r = InnerRun.run(t, new Sgd(1e4), 10, false);
        assertEquals(o.worst(), o.value(r));
        // Opt2Vec with an absurd base lr: the run must not throw (non-finite steps are skipped, not thrown on) and
        // must count as diverged, so that it ranks last.
        InnerRun r2 = InnerRun.run(t, new Opt2Vec.Builder().baseLr(1e4).pretrained(false).build(), 10, true);
        assertFalse(r2.failed(), r2.error());
        assertTrue(o.diverged(r2));
        assertEquals(o.worst(), o.value(r2));
    }

    @Test
    void heldOutCurveIsMeasuredAlongTheRunAndWeighted() {
        MetaObjective curve = MetaObjective.DEFAULT.withCurve(1.0, 4);
        InnerRun r = InnerRun.run(BuiltinTasks.linear1d().sample(5), new Sgd(0.05), 40, false, 4);
        assertEquals(5, r.heldOut().length);
        for (int k = 1; k < 5; k++) {
            assertTrue(r.heldOut()[k] < r.heldOut()[0], "held-out loss should fall: " + java.util.Arrays.toString(r.heldOut()));
        }
        double h0 = r.heldOutBefore();
        double mean = 0;
        for (int k = 1; k < 5; k++) {
            mean += Math.log(r.heldOut()[k] / h0) / 4;
        }
        assertEquals(MetaObjective.DEFAULT.value(r) + mean, curve.value(r), 1e-9);
        assertEquals(3 * Math.log(1e3), curve.worst(), 1e-12);
        assertThrows(IllegalArgumentException.class, () -> MetaObjective.DEFAULT.withCurve(1.0, 0));
    }

    private static InnerRun run(double[] losses, double before, double after) {
        return new InnerRun(losses, new double[]{before, after}, Double.NaN, null, Double.NaN, Double.NaN);
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
