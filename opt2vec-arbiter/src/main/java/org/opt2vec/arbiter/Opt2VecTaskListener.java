package org.opt2vec.arbiter;

import org.deeplearning4j.arbiter.optimize.api.Candidate;
import org.deeplearning4j.arbiter.task.TaskListener;
import org.deeplearning4j.nn.api.Model;
import org.opt2vec.dl4j.Opt2Vec;

/**
 * An Arbiter {@link TaskListener} that attaches the {@code Opt2VecListener} to every candidate network before it
 * trains (a network trained with Opt2Vec without that listener fails). Pass it to Arbiter's task creators:
 *
 * <pre>{@code
 * new LocalOptimizationRunner(config, new MultiLayerNetworkTaskCreator(null, new Opt2VecTaskListener()));
 * new LocalOptimizationRunner(config, new ComputationGraphTaskCreator(null, new Opt2VecTaskListener()));
 * }</pre>
 *
 * <p>Optionally wraps another TaskListener, which runs after the Opt2VecListener has been attached.
 */
public class Opt2VecTaskListener implements TaskListener {
    private static final long serialVersionUID = 1L;

    private final TaskListener delegate;

    public Opt2VecTaskListener() {
        this(null);
    }

    /** @param delegate another TaskListener to run after this one (may be null) */
    public Opt2VecTaskListener(TaskListener delegate) {
        this.delegate = delegate;
    }

    @Override
    public <T extends Model> T preProcess(T model, Candidate candidate) {
        T m = Opt2Vec.attach(model);
        return delegate == null ? m : delegate.preProcess(m, candidate);
    }

    @Override
    public void postProcess(Model model, Candidate candidate) {
        if (delegate != null) {
            delegate.postProcess(model, candidate);
        }
    }
}
