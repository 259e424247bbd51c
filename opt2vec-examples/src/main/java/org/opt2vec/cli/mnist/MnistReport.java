package org.opt2vec.cli.mnist;

import org.knowm.xchart.XYChart;
import org.opt2vec.cli.common.Charts;
import org.opt2vec.cli.common.Markdown;
import org.opt2vec.cli.common.RunOutput;
import org.opt2vec.cli.common.Stats;
import org.opt2vec.cli.mnist.Comparison.Summary;
import org.opt2vec.cli.train.Networks;
import org.opt2vec.cli.train.Optimizers;
import org.opt2vec.cli.train.TrainingRun.Result;
import org.opt2vec.dl4j.Opt2VecStep;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.opt2vec.cli.common.Markdown.f;

/**
 * What {@code opt2vec mnist} writes: per-epoch, per-step and controller CSVs, the summary table, loss, accuracy and
 * controller plots per network, report.md and the console table.
 *
 * @param comparison the runs
 * @param command    the command line, for the report
 * @param setup      report lines about data, networks, seeds, controller, machine and time
 * @param firstSeed  the seed whose controller outputs are plotted
 * @param peakRss    the process's peak resident memory in MiB
 * @param seconds    total training time
 */
public record MnistReport(Comparison comparison, String command, List<String> setup, long firstSeed, double peakRss,
                          double seconds) {

    public void write(RunOutput run, String title, PrintWriter out) {
        writeCsvs(run);
        List<Summary> summaries = comparison.summaries();
        run.csv("summary.csv", List.of("network", "optimizer", "runs", "test_accuracy_mean", "test_accuracy_sd",
                "final_train_loss_mean", "final_train_loss_sd", "epoch_seconds_mean", "epoch_seconds_sd",
                "epoch_time_ratio_to_adam"), summaries.stream().map(MnistReport::summaryRow).toList());
        for (Networks net : comparison.nets()) {
            plots(run, net);
        }
        run.report(markdown(run, title, summaries));
        console(out, summaries, run);
    }

    private void writeCsvs(RunOutput run) {
        int epochs = comparison.epochs();
        List<List<?>> perEpoch = new ArrayList<>();
        List<List<?>> perStep = new ArrayList<>();
        List<List<?>> controller = new ArrayList<>();
        for (Result r : comparison.results()) {
            for (int e = 0; e < epochs; e++) {
                int from = (int) (e * (long) r.losses().length / epochs);
                int to = (int) ((e + 1) * (long) r.losses().length / epochs);
                perEpoch.add(List.of(r.network(), r.optimizer(), r.seed(), e + 1, r.testAccuracy()[e],
                        r.epochSeconds()[e], Stats.mean(Arrays.copyOfRange(r.losses(), from, to))));
            }
            for (int i = 0; i < r.losses().length; i++) {
                perStep.add(List.of(r.network(), r.optimizer(), r.seed(), i, r.losses()[i]));
            }
            for (Opt2VecStep s : r.steps()) {
                controller.add(List.of(r.network(), r.optimizer(), r.seed(), s.block(), s.iteration(), s.loss(),
                        s.gradNorm(), s.lrScale(), s.momentum(), s.effectiveLr()));
            }
        }
        run.csv("epochs.csv", List.of("network", "optimizer", "seed", "epoch", "test_accuracy", "epoch_seconds",
                "mean_train_loss"), perEpoch);
        run.csv("train-loss.csv", List.of("network", "optimizer", "seed", "iteration", "loss"), perStep);
        if (!controller.isEmpty()) {
            run.csv("opt2vec-steps.csv", List.of("network", "optimizer", "seed", "block", "iteration", "loss",
                    "grad_norm", "lr_scale", "momentum", "effective_lr"), controller);
        }
    }

    private static List<?> summaryRow(Summary s) {
        return List.of(s.net().cliName(), s.optimizer().cliName(), s.runs(), Stats.mean(s.accuracy()),
                Stats.sd(s.accuracy()), Stats.mean(s.finalLoss()), Stats.sd(s.finalLoss()),
                Stats.mean(s.epochSeconds()), Stats.sd(s.epochSeconds()), s.timeToAdam());
    }

    private static List<String> tableRow(Summary s) {
        return List.of(s.net().cliName(), s.optimizer().label(), String.valueOf(s.runs()),
                f(100 * Stats.mean(s.accuracy()), 2) + " ± " + f(100 * Stats.sd(s.accuracy()), 2),
                f(Stats.mean(s.finalLoss()), 4) + " ± " + f(Stats.sd(s.finalLoss()), 4),
                f(Stats.mean(s.epochSeconds()), 2) + " ± " + f(Stats.sd(s.epochSeconds()), 2),
                Double.isNaN(s.timeToAdam()) ? "–" : f(s.timeToAdam(), 3));
    }

    /** Training loss, test accuracy per epoch, and Opt2Vec's lr scale and momentum (first seed, first block). */
    private void plots(RunOutput run, Networks net) {
        XYChart loss = Charts.lines("Training loss, " + net + " (mean over seeds, moving average of 20 steps)",
                "iteration", "training loss");
        XYChart acc = Charts.lines("Test accuracy per epoch, " + net + " (mean over seeds)", "epoch", "test accuracy");
        XYChart lr = Charts.lines("Opt2Vec learning-rate scale, " + net + " (seed " + firstSeed + ")", "iteration",
                "lr scale");
        XYChart mom = Charts.lines("Opt2Vec momentum, " + net + " (seed " + firstSeed + ")", "iteration", "momentum");
        double[] epochAxis = new double[comparison.epochs()];
        Arrays.setAll(epochAxis, i -> i + 1);
        boolean controller = false;
        for (Optimizers o : comparison.optimizers()) {
            List<Result> rs = comparison.runs(net, o);
            double[] meanLoss = Comparison.meanOver(rs.stream().map(Result::losses).toList());
            Charts.line(loss, o.label(), Charts.index(meanLoss.length), Stats.movingAverage(meanLoss, 20));
            Charts.line(acc, o.label(), epochAxis, Comparison.meanOver(rs.stream().map(Result::testAccuracy).toList()));
            List<Opt2VecStep> steps = rs.get(0).steps().stream().filter(s -> s.block() == 0).toList();
            if (!steps.isEmpty()) {
                controller = true;
                double[] it = steps.stream().mapToDouble(Opt2VecStep::iteration).toArray();
                Charts.line(lr, o.label(), it, steps.stream().mapToDouble(Opt2VecStep::lrScale).toArray());
                Charts.line(mom, o.label(), it, steps.stream().mapToDouble(Opt2VecStep::momentum).toArray());
            }
        }
        run.png("train-loss-" + net + ".png", loss);
        run.png("test-accuracy-" + net + ".png", acc);
        if (controller) {
            run.png("opt2vec-lr-scale-" + net + ".png", lr);
            run.png("opt2vec-momentum-" + net + ".png", mom);
        }
    }

    private Markdown markdown(RunOutput run, String title, List<Summary> summaries) {
        Markdown md = new Markdown().h1(title);
        md.para("Command: `" + command + "`");
        setup.forEach(line -> md.line("- " + line));
        md.line("- total training time " + f(seconds, 1) + " s; **peak resident memory of the process (all runs): "
                + f(peakRss, 0) + " MiB** (VmHWM)");
        md.para("");
        md.h2("Results");
        md.para("Test accuracy after the last epoch; final training loss = mean loss of the last 50 minibatches; epoch "
                + "time = wall time of `fit` over one epoch (evaluation excluded), mean ± sd over all epochs and seeds; "
                + "time ratio = the optimizer's mean epoch time / Adam's, per seed, averaged.");
        md.table(List.of("network", "optimizer", "runs", "test accuracy %", "final training loss", "s / epoch",
                "time / Adam"), summaries.stream().map(MnistReport::tableRow).toList());
        var byKey = comparison.summariesByKey();
        for (Networks net : comparison.nets()) {
            Summary o2v = byKey.get(net + "/" + Optimizers.OPT2VEC);
            Summary adam = byKey.get(net + "/" + Optimizers.ADAM);
            if (o2v != null && adam != null) {
                double dAcc = 100 * (Stats.mean(o2v.accuracy()) - Stats.mean(adam.accuracy()));
                md.para("**" + net + ", Opt2Vec (defaults) vs Adam(1e-3):** test accuracy " + (dAcc >= 0 ? "+" : "")
                        + f(dAcc, 2) + " percentage points; epoch time " + f(o2v.timeToAdam(), 3) + " × Adam's.");
            }
        }
        for (Networks net : comparison.nets()) {
            md.image("training loss " + net, "train-loss-" + net + ".png");
            md.image("test accuracy " + net, "test-accuracy-" + net + ".png");
            if (run.files().contains("opt2vec-lr-scale-" + net + ".png")) {
                md.image("Opt2Vec lr scale " + net, "opt2vec-lr-scale-" + net + ".png");
                md.image("Opt2Vec momentum " + net, "opt2vec-momentum-" + net + ".png");
            }
        }
        return md;
    }

    private void console(PrintWriter out, List<Summary> summaries, RunOutput run) {
        String format = "%-8s %-42s %-16s %-18s %-14s %s%n";
        out.printf("%n" + format, "network", "optimizer", "test acc %", "final train loss", "s/epoch", "time/Adam");
        for (Summary s : summaries) {
            List<String> r = tableRow(s);
            out.printf(format, r.get(0), r.get(1), r.get(3), r.get(4), r.get(5), r.get(6));
        }
        out.printf("peak RSS %.0f MiB; total %.1f s%nreport: %s%n", peakRss, seconds, run.resolve("report.md"));
        out.flush();
    }
}
