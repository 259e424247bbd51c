package org.opt2vec.meta;

import org.opt2vec.dl4j.Opt2Vec;
import org.opt2vec.weights.AtomicFiles;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * The ablation of meta-training: the best <em>constant</em> controller (fixed lr scale and momentum, no reading of
 * the history) found by a grid search on the same tasks, with the same inner runs and the same objective that
 * meta-training uses. Every setting of the grid trains every task of meta-steps {@code 0 .. metaSteps-1} (task
 * {@code j} of step {@code k} is the task candidates of that step train on: same data, network, horizon) and is
 * scored with the spec's meta-objective; the setting with the lowest mean meta-loss wins (the first in grid order
 * on a tie). A learned controller that does not beat this setting, on these tasks and on tasks neither saw, has
 * learned nothing from the history that one tuned number would not give.
 *
 * <p>The budget is {@code metaSteps × tasksPerStep × settings} inner runs; with the meta-training's own meta-steps
 * and tasks per step it is the number of tasks meta-training trains on times the grid size, which for a grid smaller
 * than the estimator's candidates per step is less than meta-training's own budget.
 *
 * <p>Deterministic: every run is (see {@link MetaTrainingSpec#evaluate(Opt2Vec, int, int, boolean)}) and the
 * results are reduced in a fixed order, so the thread count changes nothing.
 */
public final class ConstantControllerSearch {
    /** File name of {@link Result#writeCsv}. */
    public static final String CSV_FILE = "constant-search.csv";

    private ConstantControllerSearch() {
    }

    /** One constant controller: lr = base lr × {@code lrScale}, momentum fixed. */
    public record Setting(double lrScale, double momentum) {
        public Setting {
            if (!(lrScale > 0) || !Double.isFinite(lrScale) || !(momentum >= 0 && momentum < 1)) {
                throw new IllegalArgumentException("a constant setting needs a finite lr scale > 0 and a momentum in "
                        + "[0, 1); got " + lrScale + ", " + momentum);
            }
        }

        /** The benchmark's name of this setting, e.g. {@code constant:3:0.9}. */
        public String id() {
            return "constant:" + num(lrScale) + ":" + num(momentum);
        }

        /** The template with this constant controller ({@link Opt2Vec#withConstantController}). */
        public Opt2Vec config(Opt2Vec template) {
            return template.withConstantController(lrScale, momentum);
        }

        /** Every combination, lr scale major (the benchmark's grid order). */
        public static List<Setting> grid(List<Double> lrScales, List<Double> momenta) {
            if (lrScales.isEmpty() || momenta.isEmpty()) {
                throw new IllegalArgumentException("the constant grid needs at least one lr scale and one momentum");
            }
            List<Setting> out = new ArrayList<>();
            for (double s : lrScales) {
                for (double m : momenta) {
                    out.add(new Setting(s, m));
                }
            }
            return List.copyOf(out);
        }

        private static String num(double v) {
            return BigDecimal.valueOf(v).stripTrailingZeros().toPlainString();
        }
    }

    /**
     * One setting's result over all tasks.
     *
     * @param id       the setting's id, or the name of a reference configuration
     * @param setting  the constant setting, null for a reference
     * @param metaLoss per task, in task order (step major); diverged and failed runs have the objective's worst value
     */
    public record Score(String id, Setting setting, double[] metaLoss, int diverged, int failed) {
        public double mean() {
            double s = 0;
            for (double v : metaLoss) {
                s += v;
            }
            return s / metaLoss.length;
        }

        /** Standard error of the mean over tasks. */
        public double standardError() {
            int n = metaLoss.length;
            if (n < 2) {
                return Double.NaN;
            }
            double m = mean();
            double ss = 0;
            for (double v : metaLoss) {
                ss += (v - m) * (v - m);
            }
            return Math.sqrt(ss / (n - 1) / n);
        }
    }

    /**
     * The search's outcome.
     *
     * @param scores     per setting, in grid order
     * @param references the reference configurations on the same tasks (not candidates of the search)
     * @param best       the setting with the lowest mean meta-loss
     * @param taskNames  family and run length of each task ({@link MetaTrainingSpec#describeTask}), in task order
     * @param seconds    wall time
     */
    public record Result(List<Score> scores, List<Score> references, Setting best, int metaSteps, int tasksPerStep,
                         List<String> taskNames, double seconds) {
        public Result {
            scores = List.copyOf(scores);
            references = List.copyOf(references);
            taskNames = List.copyOf(taskNames);
        }

        public int runs() {
            return (scores.size() + references.size()) * metaSteps * tasksPerStep;
        }

        /** The settings' scores, then the references'. */
        public List<Score> all() {
            List<Score> all = new ArrayList<>(scores);
            all.addAll(references);
            return all;
        }

        public Score scoreOf(Setting s) {
            return scores.stream().filter(x -> x.setting().equals(s)).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException(s.id() + " was not searched"));
        }

        /** One row per setting: id, lr scale, momentum, mean meta-loss, its standard error, counts, best; atomically. */
        public void writeCsv(Path file) throws IOException {
            StringBuilder sb = new StringBuilder("setting,lr_scale,momentum,tasks,mean_meta_loss,standard_error,"
                    + "diverged,failed,best\n");
            List<Score> all = all();
            for (Score s : all) {
                sb.append(String.format(Locale.ROOT, "%s,%s,%s,%d,%.6f,%.6f,%d,%d,%s%n", s.id(),
                        s.setting() == null ? "" : s.setting().lrScale(),
                        s.setting() == null ? "" : s.setting().momentum(), s.metaLoss().length, s.mean(),
                        s.standardError(), s.diverged(), s.failed(), best.equals(s.setting())));
            }
            AtomicFiles.write(file, sb.toString().getBytes(StandardCharsets.UTF_8));
        }

        /**
         * One row per task (meta-step, task index, family/run length) with every setting's and reference's
         * meta-loss, for paired comparisons; atomically.
         */
        public void writeTasksCsv(Path file) throws IOException {
            List<Score> all = all();
            StringBuilder sb = new StringBuilder("step,task,family_horizon");
            all.forEach(s -> sb.append(',').append(s.id()));
            sb.append('\n');
            for (int i = 0; i < taskNames.size(); i++) {
                sb.append(i / tasksPerStep).append(',').append(i % tasksPerStep).append(',').append(taskNames.get(i));
                for (Score s : all) {
                    sb.append(',').append(String.format(Locale.ROOT, "%.6f", s.metaLoss()[i]));
                }
                sb.append('\n');
            }
            AtomicFiles.write(file, sb.toString().getBytes(StandardCharsets.UTF_8));
        }
    }

    /** File name of {@link Result#writeTasksCsv}. */
    public static final String TASKS_CSV_FILE = "constant-search-tasks.csv";

    /** Progress of a search: called after each meta-step's tasks with the number of tasks done. */
    public interface Progress {
        void tasksDone(int done, int total);
    }

    /**
     * Runs the search on the tasks of meta-steps {@code 0 .. metaSteps-1} of {@code spec}.
     *
     * @param references configurations scored on the same tasks for comparison (e.g. a meta-trained controller), by
     *                   name; they take no part in the choice
     * @param threads    Java threads for the inner runs (results do not depend on it)
     */
    public static Result run(MetaTrainingSpec spec, int metaSteps, List<Setting> grid,
                             Map<String, Opt2Vec> references, int threads, Progress progress) {
        if (metaSteps < 1) {
            throw new IllegalArgumentException("metaSteps must be >= 1, was " + metaSteps);
        }
        if (grid.isEmpty()) {
            throw new IllegalArgumentException("the constant grid is empty");
        }
        List<Opt2Vec> configs = new ArrayList<>(grid.stream().map(s -> s.config(spec.template())).toList());
        List<String> names = new ArrayList<>(references.keySet());
        configs.addAll(references.values());
        int tasks = metaSteps * spec.tasksPerStep();
        double[][] loss = new double[configs.size()][tasks];
        int[] diverged = new int[configs.size()];
        int[] failed = new int[configs.size()];
        List<String> taskNames = new ArrayList<>();
        long t0 = System.nanoTime();
        try (LocalCandidateEvaluator pool = new LocalCandidateEvaluator(threads)) {
            for (int k = 0; k < metaSteps; k++) {
                // One meta-step's tasks at a time, task-major, like meta-training: a task's data is made once per
                // thread and stays warm while the settings run on it.
                List<Callable<RunScore>> jobs = new ArrayList<>();
                for (int j = 0; j < spec.tasksPerStep(); j++) {
                    for (Opt2Vec c : configs) {
                        int kk = k;
                        int jj = j;
                        jobs.add(() -> spec.evaluate(c, kk, jj, false));
                    }
                }
                List<RunScore> done = pool.runAll(jobs);
                for (int j = 0; j < spec.tasksPerStep(); j++) {
                    taskNames.add(spec.describeTask(k, j)); // still in the spec's task cache
                }
                int i = 0;
                for (int j = 0; j < spec.tasksPerStep(); j++) {
                    for (int g = 0; g < configs.size(); g++) {
                        RunScore r = done.get(i++);
                        loss[g][k * spec.tasksPerStep() + j] = r.metaLoss();
                        diverged[g] += r.diverged() ? 1 : 0;
                        failed[g] += r.failed() ? 1 : 0;
                    }
                }
                if (progress != null) {
                    progress.tasksDone((k + 1) * spec.tasksPerStep(), tasks);
                }
            }
        }
        List<Score> scores = new ArrayList<>();
        Score best = null;
        for (int g = 0; g < grid.size(); g++) {
            Score s = new Score(grid.get(g).id(), grid.get(g), loss[g], diverged[g], failed[g]);
            scores.add(s);
            if (best == null || s.mean() < best.mean()) {
                best = s;
            }
        }
        List<Score> refs = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            int g = grid.size() + i;
            refs.add(new Score(names.get(i), null, loss[g], diverged[g], failed[g]));
        }
        return new Result(scores, refs, best.setting(), metaSteps, spec.tasksPerStep(), taskNames,
                (System.nanoTime() - t0) / 1e9);
    }
}
