package org.opt2vec.arbiter;

import org.apache.commons.lang3.exception.ExceptionUtils;
import org.deeplearning4j.arbiter.optimize.api.Candidate;
import org.deeplearning4j.arbiter.optimize.api.OptimizationResult;
import org.deeplearning4j.arbiter.optimize.api.TaskCreator;
import org.deeplearning4j.arbiter.optimize.api.data.DataProvider;
import org.deeplearning4j.arbiter.optimize.api.data.DataSource;
import org.deeplearning4j.arbiter.optimize.api.saving.ResultSaver;
import org.deeplearning4j.arbiter.optimize.api.score.ScoreFunction;
import org.deeplearning4j.arbiter.optimize.runner.CandidateInfo;
import org.deeplearning4j.arbiter.optimize.runner.CandidateStatus;
import org.deeplearning4j.arbiter.optimize.runner.IOptimizationRunner;
import org.deeplearning4j.arbiter.optimize.runner.listener.StatusListener;
import org.opt2vec.dl4j.Opt2Vec;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;

/**
 * An Arbiter {@link TaskCreator} whose candidates are {@link Opt2Vec} configurations: each task meta-trains the
 * candidate ({@link ArchitectureTrainer}), scores the result with the run's {@link HeldOutScoreFunction}, saves it
 * with the run's {@link ResultSaver} and reports it to the status listeners. Failures become failed candidates
 * (with the stack trace), never exceptions out of the task.
 */
public class ArchitectureTaskCreator implements TaskCreator {
    private final ArchitectureTrainer trainer;
    private final long seed;
    private final SweepRecorder recorder;

    public ArchitectureTaskCreator(ArchitectureTrainer trainer, long seed) {
        this(trainer, seed, null);
    }

    ArchitectureTaskCreator(ArchitectureTrainer trainer, long seed, SweepRecorder recorder) {
        this.trainer = trainer;
        this.seed = seed;
        this.recorder = recorder;
    }

    @Override
    public Callable<OptimizationResult> create(Candidate candidate, DataProvider dataProvider,
                                               ScoreFunction scoreFunction, List<StatusListener> statusListeners,
                                               IOptimizationRunner runner) {
        return () -> run(candidate, scoreFunction, statusListeners, runner);
    }

    @Override
    public Callable<OptimizationResult> create(Candidate candidate, Class<? extends DataSource> dataSource,
                                               Properties dataSourceProperties, ScoreFunction scoreFunction,
                                               List<StatusListener> statusListeners, IOptimizationRunner runner) {
        return () -> run(candidate, scoreFunction, statusListeners, runner);
    }

    private OptimizationResult run(Candidate candidate, ScoreFunction scoreFunction, List<StatusListener> listeners,
                                   IOptimizationRunner runner) {
        long start = System.currentTimeMillis();
        int index = candidate.getIndex();
        try {
            Object value = candidate.getValue();
            if (!(value instanceof Opt2Vec cand)) {
                throw new IllegalArgumentException("architecture sweeps need a space of Opt2Vec configurations "
                        + "(Opt2VecSpace), got " + (value == null ? "null" : value.getClass().getName()));
            }
            ArchitectureTrainer.MetaTrained mt = trainer.metaTrain(cand, seed);
            Map<String, String> details = new LinkedHashMap<>();
            details.put(ArchitectureSweep.ARCHITECTURE_COLUMN, cand.architecture().key());
            details.putAll(mt.details());
            double score;
            if (scoreFunction instanceof HeldOutScoreFunction h) {
                HeldOutScorer.Scored s = h.scoreWithDetails(mt.trained());
                details.putAll(s.details());
                score = s.score();
            } else {
                score = scoreFunction.score(mt.trained(), (Class<? extends DataSource>) null, null);
            }
            if (recorder != null) {
                recorder.putDetails(index, details);
            }
            CandidateInfo ci = new CandidateInfo(index, CandidateStatus.Complete, score, start, start,
                    System.currentTimeMillis(), candidate.getFlatParameters(), null);
            OptimizationResult result = new OptimizationResult(candidate, score, index, details, ci, null);
            ResultSaver saver = runner.getConfiguration().getResultSaver();
            if (saver != null) {
                result.setResultReference(saver.saveModel(result, mt.trained()));
            }
            if (listeners != null) {
                for (StatusListener l : listeners) {
                    l.onCandidateStatusChange(ci, runner, result);
                }
            }
            return result;
        } catch (Throwable t) {
            CandidateInfo ci = new CandidateInfo(index, CandidateStatus.Failed, null, start, start,
                    System.currentTimeMillis(), candidate.getFlatParameters(), ExceptionUtils.getStackTrace(t));
            return new OptimizationResult(candidate, null, index, null, ci, null);
        }
    }
}
