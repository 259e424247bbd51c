package org.opt2vec.cli;

import org.knowm.xchart.XYChart;
import org.opt2vec.cli.common.Charts;
import org.opt2vec.cli.common.CommonOptions;
import org.opt2vec.cli.common.DataOptions;
import org.opt2vec.cli.common.Markdown;
import org.opt2vec.cli.common.Progress;
import org.opt2vec.cli.common.RunOutput;
import org.opt2vec.cli.common.Stats;
import org.opt2vec.cli.common.UserException;
import org.opt2vec.cli.data.Data;
import org.opt2vec.cli.train.Networks;
import org.opt2vec.cli.train.TrainingRun;
import org.opt2vec.dl4j.Opt2Vec;
import org.opt2vec.dl4j.Opt2VecStep;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import smile.clustering.KMeans;
import smile.feature.extraction.PCA;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;

import static org.opt2vec.cli.common.Markdown.f;

/** {@code opt2vec analyze}: what Opt2Vec's embeddings encode during a training run (PCA, k-means, correlations). */
@Command(name = "analyze", sortOptions = false,
        description = "Trains a network with Opt2Vec while recording the controller's embedding at every step, then "
                + "analyses the embeddings with Smile: PCA explained variance, k-means clusters with the mean loss of "
                + "each, correlations of the leading components with loss and gradient norm, and PC1/PC2 scatter plots "
                + "coloured by step and by loss.")
public final class AnalyzeCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--net", paramLabel = "NET", defaultValue = "tinycnn", converter = MnistCommand.NetConverter.class,
            description = "tinycnn or mlp (default: ${DEFAULT-VALUE}; use mlp with --data).")
    Networks net;

    @Option(names = "--weights", paramLabel = "FILE",
            description = "Controller weights to analyse: a .o2vw file or a meta-train output directory (default: Opt2Vec's defaults).")
    Path weights;

    @Option(names = "--untrained", description = "Analyse the untrained controller instead of the defaults.")
    boolean untrained;

    @Option(names = "--epochs", paramLabel = "N", defaultValue = "1", description = "Epochs (default: ${DEFAULT-VALUE}).")
    int epochs;

    @Option(names = "--train-size", paramLabel = "N", defaultValue = "5000",
            description = "MNIST training examples (default: ${DEFAULT-VALUE}).")
    int trainSize;

    @Option(names = "--test-size", paramLabel = "N", defaultValue = "1000", description = "MNIST test examples (default: ${DEFAULT-VALUE}).")
    int testSize;

    @Option(names = "--batch-size", paramLabel = "N", defaultValue = "64", description = "Minibatch size (default: ${DEFAULT-VALUE}).")
    int batchSize;

    @Option(names = "--seed", paramLabel = "SEED", defaultValue = "1", description = "Seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--clusters", paramLabel = "K", defaultValue = "4", description = "k-means clusters (default: ${DEFAULT-VALUE}).")
    int clusters;

    @Mixin
    DataOptions data;

    @Mixin
    CommonOptions common;

    @Override
    public Integer call() {
        List<String> errors = new ArrayList<>();
        if (epochs < 1) errors.add("--epochs must be >= 1");
        if (trainSize < 1 || testSize < 1 || batchSize < 1) errors.add("--train-size, --test-size and --batch-size must be >= 1");
        if (clusters < 1) errors.add("--clusters must be >= 1");
        if (weights != null && untrained) errors.add("--weights and --untrained exclude each other");
        String de = data.validate();
        if (de != null) errors.add(de);
        if (data.isCsv() && net == Networks.TINYCNN) errors.add("--data (tabular CSV) needs --net mlp");
        if (!errors.isEmpty()) {
            throw new ParameterException(spec.commandLine(), String.join("; ", errors));
        }
        common.applyLogging();
        PrintWriter out = spec.commandLine().getOut();
        Opt2Vec updater = updater();
        RunOutput run = RunOutput.create(common.output, "analyze");
        out.println("opt2vec analyze: output in " + run.dir());
        Data d = data.load(batchSize, trainSize, testSize, System.err);
        out.println("data: " + d.name() + "; controller: " + describe(updater));

        long total = (long) epochs * ((d.trainSize() + batchSize - 1) / batchSize);
        TrainingRun.Result r;
        try (Progress bar = Progress.start("analyze", total, common.progress())) {
            r = TrainingRun.run(net, "opt2vec", updater, d, seed, epochs, loss -> bar.step());
        }
        List<Opt2VecStep> steps = r.steps().stream().filter(s -> s.block() == 0 && !s.neutralized()).toList();
        if (steps.size() < Math.max(3, clusters)) {
            throw UserException.data("only " + steps.size() + " steps recorded; train longer (more --train-size or --epochs)");
        }
        int n = steps.size();
        double[][] emb = steps.stream().map(Opt2VecStep::embedding).toArray(double[][]::new);
        double[] step = steps.stream().mapToDouble(Opt2VecStep::iteration).toArray();
        double[] loss = steps.stream().mapToDouble(Opt2VecStep::loss).toArray();
        double[] gradNorm = steps.stream().mapToDouble(Opt2VecStep::gradNorm).toArray();
        double[] lrScale = steps.stream().mapToDouble(Opt2VecStep::lrScale).toArray();
        double[] momentum = steps.stream().mapToDouble(Opt2VecStep::momentum).toArray();
        int dim = emb[0].length;

        // ---- PCA (Smile, covariance matrix) ----
        double totalVar = 0;
        for (int j = 0; j < dim; j++) {
            int jj = j;
            totalVar += Math.pow(Stats.sd(Arrays.stream(emb).mapToDouble(e -> e[jj]).toArray()), 2);
        }
        if (!(totalVar > 1e-18)) {
            throw UserException.data("the embeddings did not vary during this run (total variance " + totalVar
                    + "); nothing to analyse");
        }
        PCA pca = PCA.fit(emb);
        double[] explained = pca.varianceProportion();
        double[] cumulative = pca.cumulativeVarianceProportion();
        int k = Math.min(3, dim);
        double[][] pcs = pca.getProjection(k).apply(emb);
        double[][] comp = new double[k][n];
        for (int i = 0; i < n; i++) {
            for (int c = 0; c < k; c++) {
                comp[c][i] = pcs[i][c];
            }
        }

        // ---- k-means (Smile) ----
        KMeans km = KMeans.fit(emb, clusters);
        int[] label = km.y;

        // ---- CSVs ----
        List<List<?>> rows = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            List<Object> row = new ArrayList<>(List.of((int) step[i], loss[i], gradNorm[i], lrScale[i], momentum[i]));
            for (int c = 0; c < k; c++) row.add(comp[c][i]);
            row.add(label[i]);
            for (double v : emb[i]) row.add(v);
            rows.add(row);
        }
        List<String> header = new ArrayList<>(List.of("iteration", "loss", "grad_norm", "lr_scale", "momentum"));
        for (int c = 0; c < k; c++) header.add("pc" + (c + 1));
        header.add("cluster");
        for (int j = 0; j < dim; j++) header.add("e" + j);
        run.csv("embeddings.csv", header, rows);

        rows = new ArrayList<>();
        for (int c = 0; c < explained.length; c++) rows.add(List.of(c + 1, explained[c], cumulative[c]));
        run.csv("pca.csv", List.of("component", "explained_variance", "cumulative"), rows);

        List<List<String>> clusterTable = new ArrayList<>();
        rows = new ArrayList<>();
        for (int c = 0; c < km.k; c++) {
            int cc = c;
            int[] idx = java.util.stream.IntStream.range(0, n).filter(i -> label[i] == cc).toArray();
            double[] l = Arrays.stream(idx).mapToDouble(i -> loss[i]).toArray();
            double[] g = Arrays.stream(idx).mapToDouble(i -> gradNorm[i]).toArray();
            double[] s = Arrays.stream(idx).mapToDouble(i -> step[i]).toArray();
            double[] lr = Arrays.stream(idx).mapToDouble(i -> lrScale[i]).toArray();
            double[] m = Arrays.stream(idx).mapToDouble(i -> momentum[i]).toArray();
            rows.add(List.of(c, idx.length, Stats.mean(l), Stats.mean(g), Stats.mean(s), Stats.mean(lr), Stats.mean(m)));
            clusterTable.add(List.of(String.valueOf(c), String.valueOf(idx.length), f(Stats.mean(l), 4),
                    f(Stats.mean(g), 4), f(Stats.mean(s), 0), f(Stats.mean(lr), 4), f(Stats.mean(m), 4)));
        }
        run.csv("clusters.csv", List.of("cluster", "steps", "mean_loss", "mean_grad_norm", "mean_iteration",
                "mean_lr_scale", "mean_momentum"), rows);

        double[] logLoss = Arrays.stream(loss).map(v -> Math.log(Math.max(v, 1e-12))).toArray();
        String[] names = {"loss", "log loss", "gradient norm", "step"};
        double[][] targets = {loss, logLoss, gradNorm, step};
        List<List<String>> corrTable = new ArrayList<>();
        rows = new ArrayList<>();
        for (int c = 0; c < k; c++) {
            List<String> tr = new ArrayList<>(List.of("PC" + (c + 1)));
            for (int t = 0; t < names.length; t++) {
                double rho = Stats.pearson(comp[c], targets[t]);
                rows.add(List.of("pc" + (c + 1), names[t], rho));
                tr.add(f(rho, 3));
            }
            corrTable.add(tr);
        }
        run.csv("correlations.csv", List.of("component", "quantity", "pearson_r"), rows);

        // ---- plots ----
        XYChart ev = Charts.lines("PCA of Opt2Vec embeddings: explained variance", "component", "proportion of variance");
        int shown = Math.min(explained.length, 20);
        double[] cx = new double[shown];
        Arrays.setAll(cx, i -> i + 1);
        Charts.line(ev, "explained", cx, Arrays.copyOf(explained, shown));
        Charts.line(ev, "cumulative", cx, Arrays.copyOf(cumulative, shown));
        run.png("pca-explained-variance.png", ev);
        double[] y = k > 1 ? comp[1] : new double[n];
        run.png("pc1-pc2-by-step.png", Charts.colouredScatter("Opt2Vec embeddings, PC1 vs PC2, coloured by step",
                "PC1", "PC2", comp[0], y, step, "step", 8));
        run.png("pc1-pc2-by-loss.png", Charts.colouredScatter("Opt2Vec embeddings, PC1 vs PC2, coloured by loss",
                "PC1", "PC2", comp[0], y, loss, "loss", 8));
        XYChart pcStep = Charts.lines("Leading components over training", "iteration", "component value");
        for (int c = 0; c < k; c++) Charts.line(pcStep, "PC" + (c + 1), step, comp[c]);
        run.png("pcs-over-steps.png", pcStep);

        // ---- report ----
        Markdown md = new Markdown().h1("Opt2Vec embedding analysis");
        md.para("Command: `" + org.opt2vec.cli.common.RunOutput.commandLine(spec.commandLine()) + "`");
        md.line("- data: " + d.name() + "; network: " + net + "; epochs: " + epochs + "; batch size " + batchSize
                + "; seed " + seed);
        md.line("- controller: " + describe(updater));
        md.line("- steps analysed: " + n + " (updater block 0), embedding dimension " + dim
                + "; final test accuracy " + f(100 * r.finalTestAccuracy(), 2) + " %");
        md.para("");
        md.h2("PCA (Smile, covariance)");
        md.para("Explained variance of the first components: " + java.util.stream.IntStream.range(0, Math.min(5, explained.length))
                .mapToObj(i -> "PC" + (i + 1) + " " + f(100 * explained[i], 1) + " %").reduce((a, b) -> a + ", " + b).orElse("")
                + "; cumulative for " + Math.min(5, explained.length) + ": " + f(100 * cumulative[Math.min(5, explained.length) - 1], 1) + " %.");
        md.image("explained variance", "pca-explained-variance.png");
        md.h2("Correlations of the leading components (Pearson r)");
        md.table(List.of("component", "loss", "log loss", "gradient norm", "step"), corrTable);
        md.h2("k-means clusters (Smile, k = " + km.k + ", on the raw embeddings)");
        md.table(List.of("cluster", "steps", "mean loss", "mean grad norm", "mean step", "mean lr scale", "mean momentum"),
                clusterTable);
        md.image("PC1/PC2 by step", "pc1-pc2-by-step.png");
        md.image("PC1/PC2 by loss", "pc1-pc2-by-loss.png");
        md.image("components over steps", "pcs-over-steps.png");
        run.report(md);

        out.printf("steps %d, embedding dim %d; PC1 %.1f %%, PC2 %.1f %% of the variance%n", n, dim, 100 * explained[0],
                explained.length > 1 ? 100 * explained[1] : 0.0);
        out.printf("corr(PC1, loss) = %s, corr(PC1, grad norm) = %s%n", f(Stats.pearson(comp[0], loss), 3),
                f(Stats.pearson(comp[0], gradNorm), 3));
        for (List<String> c : clusterTable) {
            out.printf("cluster %s: %s steps, mean loss %s, mean step %s%n", c.get(0), c.get(1), c.get(2), c.get(4));
        }
        out.println("report: " + run.resolve("report.md"));
        out.flush();
        return 0;
    }

    private Opt2Vec updater() {
        if (untrained) {
            return new Opt2Vec.Builder().pretrained(false).build();
        }
        if (weights == null) {
            return new Opt2Vec();
        }
        return MetaTrainCommand.withWeights(MetaTrainCommand.loadWeights(weights));
    }

    private static String describe(Opt2Vec u) {
        return u.getWeights() != null ? "explicit weights (" + u.getWeights().provenance() + ")"
                : u.isMetaTrained() ? "bundled meta-trained weights"
                : u.isPretrained() ? "defaults, but this build has no bundled meta-trained weights: untrained controller"
                : "untrained controller (momentum SGD 0.01/0.9)";
    }
}
