package org.opt2vec.cli.mnist;

import org.opt2vec.cli.common.Stats;
import org.opt2vec.cli.train.Networks;
import org.opt2vec.cli.train.Optimizers;
import org.opt2vec.cli.train.TrainingRun.Result;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The runs of an MNIST comparison grouped by network and optimizer, and what the report says about each group.
 *
 * @param nets       the networks, in the order the user gave them
 * @param optimizers the optimizers, in the order the user gave them
 * @param epochs     epochs per run
 * @param results    every run
 */
public record Comparison(List<Networks> nets, List<Optimizers> optimizers, int epochs, List<Result> results) {

    /**
     * One group's numbers: test accuracy after the last epoch, final training loss (mean of the last 50
     * minibatches), seconds per epoch, and the epoch time relative to Adam's (per seed, averaged; NaN without Adam).
     */
    public record Summary(Networks net, Optimizers optimizer, int runs, double[] accuracy, double[] finalLoss,
                          double[] epochSeconds, double timeToAdam) {
    }

    public Comparison {
        nets = List.copyOf(nets);
        optimizers = List.copyOf(optimizers);
        results = List.copyOf(results);
    }

    /** The runs of one network with one optimizer, in seed order. */
    public List<Result> runs(Networks net, Optimizers optimizer) {
        return results.stream().filter(r -> r.network().equals(net.cliName())
                && r.optimizer().equals(optimizer.cliName())).toList();
    }

    /** A summary per network and optimizer, networks first, in the order the user gave them. */
    public List<Summary> summaries() {
        List<Summary> out = new ArrayList<>();
        for (Networks net : nets) {
            for (Optimizers o : optimizers) {
                List<Result> rs = runs(net, o);
                double[] ratio = ratioToAdam(net, rs);
                out.add(new Summary(net, o, rs.size(),
                        rs.stream().mapToDouble(Result::finalTestAccuracy).toArray(),
                        rs.stream().mapToDouble(r -> Stats.tailMean(r.losses(), 50)).toArray(),
                        rs.stream().flatMapToDouble(r -> Arrays.stream(r.epochSeconds())).toArray(),
                        ratio == null ? Double.NaN : Stats.mean(ratio)));
            }
        }
        return out;
    }

    /** Per seed: the runs' mean epoch time / Adam's with the same network and seed; null when Adam did not run. */
    private double[] ratioToAdam(Networks net, List<Result> rs) {
        if (!optimizers.contains(Optimizers.ADAM)) {
            return null;
        }
        List<Result> adam = runs(net, Optimizers.ADAM);
        double[] out = new double[rs.size()];
        for (int i = 0; i < rs.size(); i++) {
            Result r = rs.get(i);
            Result a = adam.stream().filter(x -> x.seed() == r.seed()).findFirst().orElseThrow();
            out[i] = Stats.mean(r.epochSeconds()) / Stats.mean(a.epochSeconds());
        }
        return out;
    }

    /** Element-wise mean of the runs' series (shortest length wins), e.g. the mean training loss per step. */
    public static double[] meanOver(List<double[]> series) {
        int n = series.stream().mapToInt(a -> a.length).min().orElse(0);
        double[] m = new double[n];
        for (double[] s : series) {
            for (int i = 0; i < n; i++) {
                m[i] += s[i] / series.size();
            }
        }
        return m;
    }

    /** The summaries by network and optimizer, for look-ups. */
    public Map<String, Summary> summariesByKey() {
        Map<String, Summary> m = new LinkedHashMap<>();
        summaries().forEach(s -> m.put(s.net() + "/" + s.optimizer(), s));
        return m;
    }
}
