package org.opt2vec.arbiter;

import org.deeplearning4j.arbiter.optimize.api.data.DataProvider;
import org.deeplearning4j.arbiter.optimize.api.data.DataSource;
import org.deeplearning4j.arbiter.optimize.api.score.ScoreFunction;
import org.opt2vec.dl4j.Opt2Vec;

import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * An Arbiter {@link ScoreFunction} over meta-trained {@link Opt2Vec} "models": scores them with a
 * {@link HeldOutScorer} (the data arguments are not used: the held-out suite brings its own tasks).
 */
public class HeldOutScoreFunction implements ScoreFunction {
    private static final long serialVersionUID = 1L;

    private final HeldOutScorer scorer;

    public HeldOutScoreFunction(HeldOutScorer scorer) {
        this.scorer = java.util.Objects.requireNonNull(scorer, "scorer");
    }

    public HeldOutScorer scorer() {
        return scorer;
    }

    /** The score with its detail columns. */
    public HeldOutScorer.Scored scoreWithDetails(Object model) {
        if (!(model instanceof Opt2Vec o)) {
            throw new IllegalArgumentException("HeldOutScoreFunction scores Opt2Vec configurations, got "
                    + (model == null ? "null" : model.getClass().getName()));
        }
        return scorer.score(o);
    }

    @Override
    public double score(Object model, DataProvider dataProvider, Map<String, Object> dataParameters) {
        return scoreWithDetails(model).score();
    }

    @Override
    public double score(Object model, Class<? extends DataSource> dataSource, Properties dataSourceProperties) {
        return scoreWithDetails(model).score();
    }

    @Override
    public boolean minimize() {
        return scorer.minimize();
    }

    @Override
    public List<Class<?>> getSupportedModelTypes() {
        return List.of(Opt2Vec.class);
    }

    @Override
    public List<Class<?>> getSupportedDataTypes() {
        return List.of(Object.class);
    }

    @Override
    public String toString() {
        return scorer.name();
    }
}
