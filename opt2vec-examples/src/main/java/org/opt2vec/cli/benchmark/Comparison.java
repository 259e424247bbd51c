package org.opt2vec.cli.benchmark;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * opt2vec against one reference on one instance: a win when opt2vec's mean metric is at least as good as the
 * reference's (higher accuracy, lower loss; ties count as wins and are also counted on their own).
 */
public record Comparison(InstanceSummary instance, Reference reference, OptimizerSummary opt2vec,
                         OptimizerSummary other, boolean win, boolean tie) {
    /** All comparisons possible on an instance (those whose both sides ran). */
    public static List<Comparison> on(InstanceSummary s) {
        List<Comparison> out = new ArrayList<>();
        Optional<OptimizerSummary> mine = s.get("opt2vec");
        if (mine.isEmpty()) {
            return out;
        }
        Metric m = s.instance().metric();
        for (Reference r : Reference.values()) {
            r.on(s).ifPresent(o -> out.add(new Comparison(s, r, mine.get(), o,
                    m.atLeastAsGood(mine.get().mean(), o.mean()), mine.get().mean() == o.mean())));
        }
        return out;
    }

    /** Wins, ties and comparisons of a list of comparisons (one reference, several instances). */
    public record Tally(int wins, int ties, int total) {
        public static Tally of(List<Comparison> cs) {
            int w = 0;
            int t = 0;
            for (Comparison c : cs) {
                if (c.win()) {
                    w++;
                }
                if (c.tie()) {
                    t++;
                }
            }
            return new Tally(w, t, cs.size());
        }

        public String format() {
            if (total == 0) {
                return "–";
            }
            return wins + "/" + total + " (" + Math.round(100.0 * wins / total) + " %)" + (ties > 0 ? ", " + ties
                    + (ties == 1 ? " tie" : " ties") : "");
        }
    }
}
