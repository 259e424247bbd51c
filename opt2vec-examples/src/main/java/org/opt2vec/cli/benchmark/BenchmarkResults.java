package org.opt2vec.cli.benchmark;

import org.opt2vec.cli.common.Stats;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The runs, scored and reduced per instance and optimizer in a fixed order.
 *
 * <p>A diverged (or failed) run gets the worst metric of its instance: accuracy 0, or for a loss metric the
 * largest held-out loss seen on the instance (of any run's untrained network, or any run that did not diverge), so
 * it ranks below every run that trained normally and is counted in {@link OptimizerSummary#diverged()}.
 *
 * @param scored    every run with its scored metric, in run order
 * @param instances per-instance summaries, in instance order
 */
public record BenchmarkResults(List<Scored> scored, List<InstanceSummary> instances) {
    /** A run and the metric it is scored with (the penalty after a divergence). */
    public record Scored(RunResult run, double metric) {
    }

    public static BenchmarkResults of(List<Instance> instances, Map<String, Workload> workloads,
                                      List<OptimizerSpec> optimizers, List<RunResult> runs) {
        Map<String, Double> penalties = new LinkedHashMap<>();
        for (Instance in : instances) {
            penalties.put(in.name(), penalty(in, runs.stream().filter(r -> r.spec().instance() == in).toList()));
        }
        List<Scored> scored = new ArrayList<>();
        for (RunResult r : runs) {
            scored.add(new Scored(r, r.diverged() ? penalties.get(r.spec().instance().name()) : r.rawMetric()));
        }
        List<InstanceSummary> summaries = new ArrayList<>();
        for (Instance in : instances) {
            Map<String, OptimizerSummary> byId = new LinkedHashMap<>();
            for (OptimizerSpec o : optimizers) {
                List<Scored> mine = scored.stream().filter(s -> s.run().spec().instance() == in
                        && s.run().spec().optimizer().id().equals(o.id())).toList();
                if (mine.isEmpty()) {
                    continue;
                }
                double[] m = mine.stream().mapToDouble(Scored::metric).toArray();
                int diverged = (int) mine.stream().filter(s -> s.run().diverged()).count();
                double[] trainLoss = mine.stream().filter(s -> !s.run().diverged())
                        .mapToDouble(s -> s.run().finalTrainLoss()).toArray();
                double[] wall = mine.stream().mapToDouble(s -> s.run().wallSeconds()).toArray();
                byId.put(o.id(), new OptimizerSummary(o, m, Stats.mean(m), Stats.sd(m), diverged,
                        Stats.mean(trainLoss), Stats.mean(wall)));
            }
            Workload w = workloads.get(in.name());
            summaries.add(new InstanceSummary(in, w.trainSize(), w.testSize(), w.steps(), byId,
                    penalties.get(in.name())));
        }
        return new BenchmarkResults(scored, summaries);
    }

    static double penalty(Instance in, List<RunResult> runs) {
        if (in.metric() == Metric.ACCURACY) {
            return 0.0;
        }
        double worst = Double.NaN;
        for (RunResult r : runs) {
            if (Double.isFinite(r.initialHeldOutLoss())) {
                worst = Double.isNaN(worst) ? r.initialHeldOutLoss() : Math.max(worst, r.initialHeldOutLoss());
            }
            if (!r.diverged() && Double.isFinite(r.rawMetric())) {
                worst = Double.isNaN(worst) ? r.rawMetric() : Math.max(worst, r.rawMetric());
            }
        }
        return worst;
    }

    /** Runs that ended with an exception. */
    public List<RunResult> errors() {
        return scored.stream().map(Scored::run).filter(r -> r.error() != null).toList();
    }

    /** Every comparison of opt2vec with a reference, instance by instance. */
    public List<Comparison> comparisons() {
        List<Comparison> out = new ArrayList<>();
        instances.forEach(s -> out.addAll(Comparison.on(s)));
        return out;
    }
}
