package org.opt2vec.cli.analyze;

import org.opt2vec.cli.common.Stats;
import org.opt2vec.cli.common.UserException;
import org.opt2vec.dl4j.Opt2VecStep;
import smile.clustering.KMeans;
import smile.feature.extraction.PCA;

import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;

/**
 * What the controller's embeddings encode over one training run: a PCA of the embeddings (Smile, covariance),
 * k-means clusters of the raw embeddings, and how the leading components correlate with loss, gradient norm and
 * step.
 *
 * @param steps      the analysed steps (one updater block, none neutralized), in order
 * @param embeddings the embedding of each step
 * @param explained  each principal component's share of the variance
 * @param cumulative the cumulative shares
 * @param components the leading components (up to 3) of each step: {@code components[c][step]}
 * @param clusters   the k-means cluster of each step
 * @param k          the number of clusters k-means found
 */
public record EmbeddingAnalysis(List<Opt2VecStep> steps, double[][] embeddings, double[] explained,
                                double[] cumulative, double[][] components, int[] clusters, int k) {

    /** The quantities the components are correlated with, by name. */
    public static final List<String> QUANTITIES = List.of("loss", "log loss", "gradient norm", "step");

    /** Runs the analysis. @throws UserException when the embeddings did not vary (nothing to analyse) */
    public static EmbeddingAnalysis of(List<Opt2VecStep> steps, int clusters) {
        double[][] emb = steps.stream().map(Opt2VecStep::embedding).toArray(double[][]::new);
        int n = emb.length;
        int dim = emb[0].length;
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
        int k = Math.min(3, dim);
        double[][] projected = pca.getProjection(k).apply(emb);
        double[][] comp = new double[k][n];
        for (int i = 0; i < n; i++) {
            for (int c = 0; c < k; c++) {
                comp[c][i] = projected[i][c];
            }
        }
        KMeans km = KMeans.fit(emb, clusters);
        return new EmbeddingAnalysis(List.copyOf(steps), emb, pca.varianceProportion(),
                pca.cumulativeVarianceProportion(), comp, km.y, km.k);
    }

    public int dimension() {
        return embeddings[0].length;
    }

    public double[] loss() {
        return steps.stream().mapToDouble(Opt2VecStep::loss).toArray();
    }

    public double[] gradNorm() {
        return steps.stream().mapToDouble(Opt2VecStep::gradNorm).toArray();
    }

    public double[] iteration() {
        return steps.stream().mapToDouble(Opt2VecStep::iteration).toArray();
    }

    public double[] lrScale() {
        return steps.stream().mapToDouble(Opt2VecStep::lrScale).toArray();
    }

    public double[] momentum() {
        return steps.stream().mapToDouble(Opt2VecStep::momentum).toArray();
    }

    /** The series of {@link #QUANTITIES}, in that order. */
    public double[][] quantities() {
        double[] loss = loss();
        return new double[][]{loss, Arrays.stream(loss).map(v -> Math.log(Math.max(v, 1e-12))).toArray(), gradNorm(),
                iteration()};
    }

    /** Pearson r of each leading component with each of {@link #QUANTITIES}: {@code [component][quantity]}. */
    public double[][] correlations() {
        double[][] q = quantities();
        double[][] r = new double[components.length][q.length];
        for (int c = 0; c < components.length; c++) {
            for (int t = 0; t < q.length; t++) {
                r[c][t] = Stats.pearson(components[c], q[t]);
            }
        }
        return r;
    }

    /** The steps of one cluster, by index. */
    public int[] members(int cluster) {
        return IntStream.range(0, clusters.length).filter(i -> clusters[i] == cluster).toArray();
    }

    /** The mean of {@code values} over one cluster's steps. */
    public double clusterMean(int cluster, double[] values) {
        return Stats.mean(Arrays.stream(members(cluster)).mapToDouble(i -> values[i]).toArray());
    }
}
