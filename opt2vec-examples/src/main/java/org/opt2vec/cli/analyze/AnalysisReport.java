package org.opt2vec.cli.analyze;

import org.knowm.xchart.XYChart;
import org.opt2vec.cli.common.Charts;
import org.opt2vec.cli.common.Markdown;
import org.opt2vec.cli.common.RunOutput;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.opt2vec.cli.common.Markdown.f;

/**
 * What {@code opt2vec analyze} writes: embeddings, PCA, clusters and correlations as CSVs, the explained variance
 * and PC1/PC2 plots, report.md and a console summary.
 *
 * @param a        the analysis
 * @param command  the command line, for the report
 * @param setup    report lines about the data, network and controller
 */
public record AnalysisReport(EmbeddingAnalysis a, String command, List<String> setup) {

    public void write(RunOutput run, PrintWriter out) {
        writeEmbeddings(run);
        List<List<?>> pca = new ArrayList<>();
        for (int c = 0; c < a.explained().length; c++) {
            pca.add(List.of(c + 1, a.explained()[c], a.cumulative()[c]));
        }
        run.csv("pca.csv", List.of("component", "explained_variance", "cumulative"), pca);
        List<List<String>> clusterTable = clusters(run);
        List<List<String>> corrTable = correlations(run);
        plots(run);
        run.report(markdown(clusterTable, corrTable));
        console(out, clusterTable, run);
    }

    /** One row per step: its numbers, leading components, cluster and embedding. */
    private void writeEmbeddings(RunOutput run) {
        int k = a.components().length;
        double[] step = a.iteration();
        double[] loss = a.loss();
        double[] grad = a.gradNorm();
        double[] lr = a.lrScale();
        double[] mom = a.momentum();
        List<List<?>> rows = new ArrayList<>();
        for (int i = 0; i < step.length; i++) {
            List<Object> row = new ArrayList<>(List.of((int) step[i], loss[i], grad[i], lr[i], mom[i]));
            for (int c = 0; c < k; c++) {
                row.add(a.components()[c][i]);
            }
            row.add(a.clusters()[i]);
            for (double v : a.embeddings()[i]) {
                row.add(v);
            }
            rows.add(row);
        }
        List<String> header = new ArrayList<>(List.of("iteration", "loss", "grad_norm", "lr_scale", "momentum"));
        IntStream.range(0, k).forEach(c -> header.add("pc" + (c + 1)));
        header.add("cluster");
        IntStream.range(0, a.dimension()).forEach(j -> header.add("e" + j));
        run.csv("embeddings.csv", header, rows);
    }

    /** clusters.csv, and the report's table: size and mean loss, gradient norm, step, lr scale, momentum. */
    private List<List<String>> clusters(RunOutput run) {
        double[][] series = {a.loss(), a.gradNorm(), a.iteration(), a.lrScale(), a.momentum()};
        List<List<?>> rows = new ArrayList<>();
        List<List<String>> table = new ArrayList<>();
        for (int c = 0; c < a.k(); c++) {
            List<Object> row = new ArrayList<>(List.of(c, a.members(c).length));
            List<String> cells = new ArrayList<>(List.of(String.valueOf(c), String.valueOf(a.members(c).length)));
            int[] decimals = {4, 4, 0, 4, 4};
            for (int s = 0; s < series.length; s++) {
                double m = a.clusterMean(c, series[s]);
                row.add(m);
                cells.add(f(m, decimals[s]));
            }
            rows.add(row);
            table.add(cells);
        }
        run.csv("clusters.csv", List.of("cluster", "steps", "mean_loss", "mean_grad_norm", "mean_iteration",
                "mean_lr_scale", "mean_momentum"), rows);
        return table;
    }

    /** correlations.csv, and the report's table: Pearson r of each leading component with each quantity. */
    private List<List<String>> correlations(RunOutput run) {
        double[][] r = a.correlations();
        List<List<?>> rows = new ArrayList<>();
        List<List<String>> table = new ArrayList<>();
        for (int c = 0; c < r.length; c++) {
            List<String> cells = new ArrayList<>(List.of("PC" + (c + 1)));
            for (int t = 0; t < r[c].length; t++) {
                rows.add(List.of("pc" + (c + 1), EmbeddingAnalysis.QUANTITIES.get(t), r[c][t]));
                cells.add(f(r[c][t], 3));
            }
            table.add(cells);
        }
        run.csv("correlations.csv", List.of("component", "quantity", "pearson_r"), rows);
        return table;
    }

    private void plots(RunOutput run) {
        XYChart ev = Charts.lines("PCA of Opt2Vec embeddings: explained variance", "component", "proportion of variance");
        int shown = Math.min(a.explained().length, 20);
        double[] cx = new double[shown];
        Arrays.setAll(cx, i -> i + 1);
        Charts.line(ev, "explained", cx, Arrays.copyOf(a.explained(), shown));
        Charts.line(ev, "cumulative", cx, Arrays.copyOf(a.cumulative(), shown));
        run.png("pca-explained-variance.png", ev);
        double[][] comp = a.components();
        double[] y = comp.length > 1 ? comp[1] : new double[comp[0].length];
        double[] step = a.iteration();
        run.png("pc1-pc2-by-step.png", Charts.colouredScatter("Opt2Vec embeddings, PC1 vs PC2, coloured by step",
                "PC1", "PC2", comp[0], y, step, "step", 8));
        run.png("pc1-pc2-by-loss.png", Charts.colouredScatter("Opt2Vec embeddings, PC1 vs PC2, coloured by loss",
                "PC1", "PC2", comp[0], y, a.loss(), "loss", 8));
        XYChart pcStep = Charts.lines("Leading components over training", "iteration", "component value");
        for (int c = 0; c < comp.length; c++) {
            Charts.line(pcStep, "PC" + (c + 1), step, comp[c]);
        }
        run.png("pcs-over-steps.png", pcStep);
    }

    private Markdown markdown(List<List<String>> clusterTable, List<List<String>> corrTable) {
        Markdown md = new Markdown().h1("Opt2Vec embedding analysis");
        md.para("Command: `" + command + "`");
        setup.forEach(line -> md.line("- " + line));
        md.line("- steps analysed: " + a.steps().size() + " (updater block 0), embedding dimension " + a.dimension());
        md.para("");
        md.h2("PCA (Smile, covariance)");
        int shown = Math.min(5, a.explained().length);
        md.para("Explained variance of the first components: " + IntStream.range(0, shown)
                .mapToObj(i -> "PC" + (i + 1) + " " + f(100 * a.explained()[i], 1) + " %")
                .collect(Collectors.joining(", ")) + "; cumulative for " + shown + ": "
                + f(100 * a.cumulative()[shown - 1], 1) + " %.");
        md.image("explained variance", "pca-explained-variance.png");
        md.h2("Correlations of the leading components (Pearson r)");
        List<String> header = new ArrayList<>(List.of("component"));
        header.addAll(EmbeddingAnalysis.QUANTITIES);
        md.table(header, corrTable);
        md.h2("k-means clusters (Smile, k = " + a.k() + ", on the raw embeddings)");
        md.table(List.of("cluster", "steps", "mean loss", "mean grad norm", "mean step", "mean lr scale",
                "mean momentum"), clusterTable);
        md.image("PC1/PC2 by step", "pc1-pc2-by-step.png");
        md.image("PC1/PC2 by loss", "pc1-pc2-by-loss.png");
        md.image("components over steps", "pcs-over-steps.png");
        return md;
    }

    private void console(PrintWriter out, List<List<String>> clusterTable, RunOutput run) {
        double[] ex = a.explained();
        out.printf("steps %d, embedding dim %d; PC1 %.1f %%, PC2 %.1f %% of the variance%n", a.steps().size(),
                a.dimension(), 100 * ex[0], ex.length > 1 ? 100 * ex[1] : 0.0);
        double[][] r = a.correlations();
        out.printf("corr(PC1, loss) = %s, corr(PC1, grad norm) = %s%n", f(r[0][0], 3), f(r[0][2], 3));
        for (List<String> c : clusterTable) {
            out.printf("cluster %s: %s steps, mean loss %s, mean step %s%n", c.get(0), c.get(1), c.get(2), c.get(4));
        }
        out.println("report: " + run.resolve("report.md"));
        out.flush();
    }
}
