package org.opt2vec.arbiter;

import org.opt2vec.dl4j.Opt2Vec;
import org.opt2vec.meta.HeldOutEvaluation;
import org.opt2vec.meta.HeldOutReport;
import org.opt2vec.meta.MetaObjective;
import org.opt2vec.tasks.TaskDistribution;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Scores a meta-trained Opt2Vec on Opt2Vec's held-out evaluation suite ({@link HeldOutEvaluation}: task instances
 * of every family with seeds meta-training never uses, by default all synthetic families plus {@code mnist-subset}
 * when its files are present).
 *
 * <p>Score (lower is better): the mean over families of the family's mean "mean log-loss" (mean over the
 * trajectory of log(loss_t / initial held-out loss), as in the evaluation tables). A diverged run counts as
 * log(explodeFactor) = {@value #DIVERGED_NOTE}, the worst value a trajectory term can take, so divergence is
 * penalized instead of dropped. Families weigh equally whatever their instance counts.
 */
public final class HeldOutEvaluationScorer implements HeldOutScorer {
    private static final long serialVersionUID = 1L;
    static final String DIVERGED_NOTE = "log(1000) ≈ 6.91 with the default objective";
    private static final String NAME = "candidate";

    private final transient HeldOutEvaluation evaluation;
    private final int instancesPerFamily;
    private final int innerSteps;
    private final List<String> familyNames;
    private final double divergedValue;

    private HeldOutEvaluationScorer(Builder b) {
        HeldOutEvaluation.Builder eb = HeldOutEvaluation.builder().instancesPerFamily(b.instancesPerFamily)
                .innerSteps(b.innerSteps).seed(b.seed).threads(b.threads);
        List<TaskDistribution> fams = b.families != null ? b.families : HeldOutEvaluation.defaultFamilies();
        eb.families(fams);
        this.evaluation = eb.build();
        this.instancesPerFamily = b.instancesPerFamily;
        this.innerSteps = b.innerSteps;
        List<String> names = new ArrayList<>();
        for (TaskDistribution d : fams) {
            names.add(d.name());
        }
        this.familyNames = List.copyOf(names);
        this.divergedValue = Math.log(MetaObjective.DEFAULT.explodeFactor());
    }

    public static Builder builder() {
        return new Builder();
    }

    @Override
    public String name() {
        return String.format(Locale.ROOT, "held-out suite mean log-loss (%d families x %d instances, %d steps)",
                familyNames.size(), instancesPerFamily, innerSteps);
    }

    @Override
    public boolean minimize() {
        return true;
    }

    @Override
    public List<String> detailColumns() {
        List<String> c = new ArrayList<>();
        for (String f : familyNames) {
            c.add("mll:" + f);
        }
        c.add("accuracy");
        c.add("diverged");
        return c;
    }

    @Override
    public Scored score(Opt2Vec trained) {
        Map<String, java.util.function.Supplier<org.nd4j.linalg.learning.config.IUpdater>> opt = new LinkedHashMap<>();
        opt.put(NAME, trained::clone);
        HeldOutReport report = evaluation.run(opt);
        Map<String, String> d = new LinkedHashMap<>();
        double sumFamilies = 0;
        int nFamilies = 0;
        int diverged = 0;
        double acc = 0;
        int accN = 0;
        for (String f : report.families()) {
            double s = 0;
            int n = 0;
            for (HeldOutReport.Row r : report.rows()) {
                if (!r.family().equals(f)) {
                    continue;
                }
                boolean bad = r.diverged() || !Double.isFinite(r.meanLogLoss());
                s += bad ? divergedValue : r.meanLogLoss();
                n++;
                diverged += bad ? 1 : 0;
                if (Double.isFinite(r.accuracy())) {
                    acc += r.accuracy();
                    accN++;
                }
            }
            double m = s / n;
            d.put("mll:" + f, String.format(Locale.ROOT, "%.4f", m));
            sumFamilies += m;
            nFamilies++;
        }
        d.put("accuracy", accN == 0 ? "" : String.format(Locale.ROOT, "%.3f", acc / accN));
        d.put("diverged", Integer.toString(diverged));
        return new Scored(sumFamilies / nFamilies, d);
    }

    public static final class Builder {
        private int instancesPerFamily = HeldOutEvaluation.DEFAULT_INSTANCES_PER_FAMILY;
        private int innerSteps = HeldOutEvaluation.DEFAULT_INNER_STEPS;
        private long seed = HeldOutEvaluation.DEFAULT_SEED;
        private int threads = Runtime.getRuntime().availableProcessors();
        private List<TaskDistribution> families;

        private Builder() {
        }

        /** Task instances per family (default {@value HeldOutEvaluation#DEFAULT_INSTANCES_PER_FAMILY}). */
        public Builder instancesPerFamily(int n) { this.instancesPerFamily = n; return this; }

        /** Training steps per run (default {@value HeldOutEvaluation#DEFAULT_INNER_STEPS}). */
        public Builder innerSteps(int n) { this.innerSteps = n; return this; }

        public Builder seed(long seed) { this.seed = seed; return this; }

        public Builder threads(int n) { this.threads = n; return this; }

        /** The families (default {@link HeldOutEvaluation#defaultFamilies()}). */
        public Builder families(List<TaskDistribution> families) { this.families = families; return this; }

        /** @throws IllegalArgumentException from HeldOutEvaluation's own checks */
        public HeldOutEvaluationScorer build() {
            return new HeldOutEvaluationScorer(this);
        }
    }
}
