package org.opt2vec.arbiter;

import org.deeplearning4j.arbiter.optimize.api.OptimizationResult;
import org.deeplearning4j.arbiter.optimize.api.ParameterSpace;
import org.deeplearning4j.arbiter.optimize.runner.CandidateInfo;
import org.deeplearning4j.arbiter.optimize.runner.CandidateStatus;
import org.deeplearning4j.arbiter.optimize.runner.IOptimizationRunner;
import org.deeplearning4j.arbiter.optimize.runner.listener.StatusListener;

import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.IntFunction;

/**
 * An Arbiter {@link StatusListener} that hands every candidate to a {@link SweepOutput} as soon as the runner has
 * processed it — completed ones and failed ones alike (Arbiter's DL4J tasks notify listeners of completions only,
 * so this listener reads the runner's candidate status after each change).
 */
final class SweepRecorder implements StatusListener {
    private final SweepOutput output;
    private final Map<String, ParameterSpace<?>> leaves;
    private final IntFunction<String> artifactOf;
    private final Map<Integer, Map<String, String>> details = new ConcurrentHashMap<>();
    private final Set<Integer> recorded = new HashSet<>();

    SweepRecorder(SweepOutput output, Map<String, ParameterSpace<?>> leaves, IntFunction<String> artifactOf) {
        this.output = output;
        this.leaves = leaves;
        this.artifactOf = artifactOf;
    }

    /** Extra per-candidate columns, set by the task before it returns. */
    void putDetails(int index, Map<String, String> d) {
        details.put(index, d);
    }

    @Override
    public void onInitialization(IOptimizationRunner runner) {
    }

    @Override
    public void onShutdown(IOptimizationRunner runner) {
        scan(runner);
    }

    @Override
    public void onRunnerStatusChange(IOptimizationRunner runner) {
        scan(runner);
    }

    @Override
    public void onCandidateStatusChange(CandidateInfo info, IOptimizationRunner runner, OptimizationResult result) {
        if (info != null && info.getCandidateStatus() == CandidateStatus.Failed) {
            // failed while the generator made it: the runner will not report it otherwise
            record(info);
        }
    }

    @Override
    public void onCandidateIteration(CandidateInfo info, Object candidate, int iteration) {
    }

    private synchronized void scan(IOptimizationRunner runner) {
        List<CandidateInfo> all = runner.getCandidateStatus();
        all.sort(Comparator.comparingInt(CandidateInfo::getIndex));
        for (CandidateInfo ci : all) {
            CandidateStatus st = ci.getCandidateStatus();
            if (st == CandidateStatus.Complete || st == CandidateStatus.Failed) {
                record(ci);
            }
        }
    }

    private synchronized void record(CandidateInfo ci) {
        if (!recorded.add(ci.getIndex())) {
            return;
        }
        boolean ok = ci.getCandidateStatus() == CandidateStatus.Complete && ci.getScore() != null;
        double seconds = ci.getStartTime() != null && ci.getEndTime() != null
                ? (ci.getEndTime() - ci.getStartTime()) / 1000.0 : 0.0;
        String error = "";
        if (!ok) {
            String st = ci.getExceptionStackTrace();
            error = st == null || st.isBlank() ? "failed (no score)" : firstLine(st);
        }
        String artifact = ok ? artifactOf.apply(ci.getIndex()) : "";
        output.add(new SweepRecord(ci.getIndex(), ok, ok ? ci.getScore() : Double.NaN,
                SpaceNames.describe(leaves, ci.getFlatParams()), details.getOrDefault(ci.getIndex(), Map.of()),
                seconds, artifact, error));
    }

    private static String firstLine(String s) {
        String t = s.strip();
        int nl = t.indexOf('\n');
        return (nl < 0 ? t : t.substring(0, nl)).strip();
    }
}
