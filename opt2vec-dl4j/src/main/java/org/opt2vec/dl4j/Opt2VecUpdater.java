package org.opt2vec.dl4j;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.learning.GradientUpdater;
import org.opt2vec.controller.Controller;
import org.opt2vec.controller.ControllerArchitecture;
import org.opt2vec.features.FeatureExtractor;
import org.opt2vec.features.FeatureWindow;
import org.opt2vec.features.LossTracker;
import org.opt2vec.state.AveragedState;
import org.opt2vec.state.FlatBuffer;
import org.opt2vec.state.StateLayout;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;
import java.util.function.Consumer;

/**
 * The Opt2Vec update rule for one DL4J updater block. All state that must survive a checkpoint lives in the
 * state view (layout: {@link StateLayout}); this object holds only the controller's weights read from it and
 * scratch buffers, so an updater restored from a saved view continues exactly.
 *
 * <p>One step ({@link #applyUpdater}) makes two passes over the block's n values: pass 1 reads the gradient to
 * measure its norm (and to refuse a non-finite one before anything is written); pass 2 updates the per-parameter
 * buffers and writes the update, measuring on the way what the next step's features need. Everything in between
 * (features, the controller MLP) is O(history * embeddingDim) work in Java arrays.
 */
public final class Opt2VecUpdater implements GradientUpdater<Opt2Vec> {
    private static final Logger log = LoggerFactory.getLogger(Opt2VecUpdater.class);
    /** Key of the single entry of {@link #getState()}: the whole state view. */
    public static final String STATE_KEY = "O2V";
    /**
     * A gradient whose norm (or a loss) exceeds the largest of the history window by this factor is treated as a
     * fault (a numerical blow-up upstream, e.g. 1e30 everywhere), not as something to follow. Healthy training does
     * not grow gradient norms or losses a million-fold in one step; gradual growth moves the window's maximum
     * along...
     */
    public static final double SPIKE_FACTOR = 1e6;
    /**
     * ...and only when the gradient is also large in absolute terms (root mean square above this), so a return from
     * vanishing gradients (1e-20 to 1e-2, say) is followed, never mistaken for a fault.
     */
    public static final double SPIKE_MIN_RMS = 1e4;

    private final Opt2Vec config;
    private final ControllerArchitecture arch;
    private final UpdateDirection direction;
    private final StateLayout layout;
    private final AveragedState averaged;
    private final Controller controller;
    private final FeatureExtractor extractor;
    private final FeatureWindow window;
    private final LossTracker tracker = new LossTracker();
    private final boolean currentAlignment;
    private final double[] weights;
    private final double[] ring;
    private final double[] input;
    private final double[] moments = new double[2];
    private final double[] passStats = new double[3];

    private INDArray stateView;
    private FlatBuffer state;

    private double observedLoss = Double.NaN;
    private double observedParamNorm = Double.NaN;
    private boolean observed;
    private boolean warnedNonFinite;

    private int blockIndex = -1;
    private Consumer<Opt2VecStep> telemetry;

    Opt2VecUpdater(Opt2Vec config) {
        if (config.lacksRunLength()) {
            throw new IllegalStateException("Opt2Vec: this controller (" + config.architecture() + ") anneals its step "
                    + "over the fraction of the run done, but trainingSteps is not set, so it would keep its first, "
                    + "largest step to the end; set trainingSteps(epochs x iterations per epoch) on the Opt2Vec "
                    + "configuration (or forRun(steps)) before building the network");
        }
        this.config = config;
        this.arch = config.architecture();
        this.direction = config.getDirection();
        this.layout = config.stateLayout();
        this.averaged = new AveragedState(layout, direction.ordinal());
        this.weights = new double[arch.parameterCount()];
        this.controller = new Controller(arch, weights, config.outputMapping());
        this.extractor = new FeatureExtractor(arch.historyLength(), arch.featureSet(), arch.featureCount());
        this.window = new FeatureWindow(arch.historyLength(), arch.featureSet(), arch.featureCount(),
                config.isNormalizeFeatures());
        this.currentAlignment = arch.featureSet().needsCurrentAlignment(arch.featureCount());
        this.ring = new double[layout.ringSize()];
        this.input = new double[arch.inputSize()];
    }

    @Override
    public Opt2Vec getConfig() {
        return config;
    }

    /**
     * Gives the updater this step's loss and the block's parameter L2 norm (NaN if unknown). Must be called
     * before every {@link #applyUpdater}; {@link Opt2VecListener} does it for networks.
     */
    public void observe(double loss, double paramNorm) {
        this.observedLoss = loss;
        this.observedParamNorm = paramNorm;
        this.observed = true;
    }

    /** Routes one {@link Opt2VecStep} per step of this block to {@code sink} (null: none). */
    void setTelemetry(int blockIndex, Consumer<Opt2VecStep> sink) {
        this.blockIndex = blockIndex;
        this.telemetry = sink;
    }

    boolean hasTelemetry(Consumer<Opt2VecStep> sink) {
        return telemetry == sink;
    }

    /** Steps that changed the parameters. */
    public long steps() {
        return StateLayout.readCounter(liveState(), StateLayout.STEPS_HI);
    }

    /** Steps skipped because the loss or gradient was not finite (or the update would have overflowed). */
    public long neutralizedSteps() {
        return StateLayout.readCounter(liveState(), StateLayout.NEUTRALIZED_HI);
    }

    /**
     * The state view's memory, checked before every use: the NIO view is re-made if the array's buffer changed, and
     * a released (closed) state fails here instead of touching freed memory.
     */
    private FlatBuffer liveState() {
        if (state == null) {
            throw new IllegalStateException("Opt2Vec updater has no state view; DL4J calls instantiate() first");
        }
        if (!state.isCurrentFor(stateView)) {
            state = FlatBuffer.of(stateView);
        }
        return state;
    }

    @Override
    public void setState(Map<String, INDArray> stateMap, boolean initialize) {
        INDArray view = stateMap == null ? null : stateMap.get(STATE_KEY);
        if (view == null || stateMap.size() != 1) {
            throw new IllegalStateException("Opt2Vec state map must hold exactly one entry '" + STATE_KEY
                    + "' (the whole state view), got " + (stateMap == null ? null : stateMap.keySet()));
        }
        setStateViewArray(view, view.shape(), view.ordering(), initialize);
    }

    @Override
    public Map<String, INDArray> getState() {
        return Map.of(STATE_KEY, stateView);
    }

    @Override
    public void setStateViewArray(INDArray viewArray, long[] gradientShape, char gradientOrder, boolean initialize) {
        FlatBuffer s = FlatBuffer.of(viewArray);
        if (initialize) {
            if (s.length() < layout.fixedSize()) {
                throw new IllegalStateException("Opt2Vec state view has " + s.length() + " values, needs at least "
                        + layout.fixedSize() + " for " + arch);
            }
            layout.initialize(s, config.resolveWeights().sharedValues());
        } else {
            layout.verify(s);
            int d = StateLayout.direction(s);
            if (d != direction.ordinal()) {
                throw new IllegalStateException("Opt2Vec state was written for update direction "
                        + (d >= 0 && d < UpdateDirection.values().length ? UpdateDirection.values()[d].configName()
                        : "#" + d) + " but the configuration's is " + direction.configName());
            }
        }
        // Read back from the view: in a FLOAT network the weights run at float precision, the same after a restore.
        layout.readWeights(s, weights);
        this.stateView = viewArray;
        this.state = s;
    }

    @Override
    public void applyUpdater(INDArray gradient, int iteration, int epoch) {
        FlatBuffer g = checkedGradient(gradient);
        int n = g.length();
        double loss = observedLoss;
        double baseLr = config.getLearningRate(iteration, epoch);
        long steps = StateLayout.readCounter(state, StateLayout.STEPS_HI);
        int mOffset = layout.momentumOffset();

        // Pass 1: the gradient's norm (and, for feature set v1, its agreement with the momentum).
        double gg;
        double alignmentNow = Double.NaN;
        double momentumNorm = state.get(StateLayout.MOMENTUM_NORM);
        if (currentAlignment) {
            g.moments(state, mOffset, moments);
            gg = moments[0];
            alignmentNow = cosine(moments[1], Math.sqrt(gg), momentumNorm);
        } else {
            gg = g.sumOfSquares();
        }
        double gradNorm = Math.sqrt(gg);
        layout.readRing(state, ring);
        String fault = inputFault(loss, baseLr, gg, gradNorm, n, steps);
        if (fault != null) {
            neutralize(g, iteration, epoch, loss, fault);
            return;
        }
        double clip = config.getMaxGradNorm() > 0 && gradNorm > config.getMaxGradNorm()
                ? config.getMaxGradNorm() / gradNorm : 1.0;

        // Features and controller: this step's row -> window -> embedding -> (lr scale, momentum).
        tracker.load(state.get(StateLayout.INITIAL_LOG_LOSS), state.get(StateLayout.LOSS_FAST_AVERAGE),
                state.get(StateLayout.LOSS_SLOW_AVERAGE));
        double previousLr = steps == 0 ? baseLr : state.get(StateLayout.LAST_EFFECTIVE_LR);
        double previousScale = steps == 0 ? 1.0 : state.get(StateLayout.LAST_LR_SCALE);
        extractor.record(new FeatureExtractor.Observation(loss, gradNorm, observedParamNorm, alignmentNow,
                state.get(StateLayout.LAST_ALIGNMENT), previousScale, previousLr,
                steps == 0 ? Double.NaN : state.get(StateLayout.LAST_UPDATE_RATIO), n,
                config.getTrainingSteps() > 0 ? (double) steps / config.getTrainingSteps() : 0.0), steps, ring, tracker);
        int slot = (int) (steps % arch.historyLength());
        window.fill(ring, (int) Math.min(steps + 1, arch.historyLength()), slot, input);
        controller.forward(input);
        double lrScale = controller.lrScale();
        double mu = controller.momentum();
        double rho = direction == UpdateDirection.RELATIVE ? parameterScale(n) : 1.0;
        double stepSize = baseLr * lrScale * rho;

        // Pass 2: the direction's update, written into the gradient array.
        double momentumWeight = mu * state.get(StateLayout.MOMENTUM_WEIGHT) + (1 - mu);
        String overflow = overflow(mu, clip * gradNorm, momentumNorm, stepSize, momentumWeight);
        if (overflow != null) {
            neutralize(g, iteration, epoch, loss, overflow);
            return;
        }
        if (direction.normalized()) {
            double b = 1.0 / Math.sqrt(1 - Math.pow(config.getBeta2(), steps + 1));
            g.adaptiveStep(state, mOffset, layout.secondMomentOffset(n), mu, clip, config.getBeta2(),
                    stepSize / momentumWeight, b, config.getEpsilon(), dotNorms(gradNorm, momentumNorm), passStats);
        } else {
            g.momentumStep(state, mOffset, mu, clip, stepSize, dotNorms(gradNorm, momentumNorm), passStats);
        }

        commit(steps, slot, lrScale, mu, stepSize, momentumWeight, cosine(passStats[0], gradNorm, momentumNorm), rho);
        if (telemetry != null) {
            telemetry.accept(new Opt2VecStep(iteration, epoch, blockIndex, loss, gradNorm, lrScale, mu, stepSize,
                    Math.sqrt(passStats[2]), controller.embedding().clone(), false));
        }
    }

    /**
     * ρ₀ of the relative direction: the parameters' root mean square at the block's first applied step, kept in the
     * state from then on (so the step does not grow with the parameters, and a restored state continues exactly).
     */
    private double parameterScale(int n) {
        double rho = state.get(StateLayout.INITIAL_PARAMETER_RMS);
        if (rho > 0) {
            return rho;
        }
        if (!Double.isFinite(observedParamNorm)) {
            throw new IllegalStateException("Opt2Vec's relative direction scales its first step by the parameters' "
                    + "root mean square, but no parameter norm was observed (got " + observedParamNorm + "). "
                    + "Opt2Vec.attach(net) passes it; in a custom training loop call Opt2VecUpdater.observe(loss, "
                    + "paramNorm) with the block's parameter L2 norm, or use direction adaptive");
        }
        return Math.max(observedParamNorm / Math.sqrt(n), UpdateDirection.MIN_PARAMETER_RMS);
    }

    /** The gradient as a flat buffer, after checking the updater is ready and the view fits it. */
    private FlatBuffer checkedGradient(INDArray gradient) {
        liveState();
        if (!observed) {
            throw new IllegalStateException("Opt2Vec needs this step's loss before each update, but none was "
                    + "observed. Call Opt2Vec.attach(net) before training (it adds an Opt2VecListener); on Spark, give the "
                    + "Spark network one: sparkNet.setListeners(new Opt2VecListener()); with ParallelWrapper: "
                    + "wrapper.setListeners(new Opt2VecListener()); in a custom training loop call "
                    + "Opt2VecUpdater.observe(loss, paramNorm) before each update.");
        }
        observed = false;
        if (gradient.dataType() != stateView.dataType()) {
            throw new IllegalStateException("gradient is " + gradient.dataType() + " but the Opt2Vec state is "
                    + stateView.dataType());
        }
        FlatBuffer g = FlatBuffer.of(gradient);
        long needed = layout.fixedSize() + layout.perParameterSize(g.length());
        if (needed > state.length()) {
            throw new IllegalStateException("Opt2Vec state view holds " + state.length() + " values but a gradient of "
                    + g.length() + " needs " + needed + " with direction " + direction.configName());
        }
        long recorded = StateLayout.readCounter(state, StateLayout.BLOCK_PARAMETERS_HI);
        if (recorded != 0 && recorded != g.length()) {
            throw new IllegalStateException("Opt2Vec's updater state was written for an updater block of " + recorded
                    + " parameters, but this block has " + g.length() + ": the network's updater blocks differ from "
                    + "those the state was saved with (for instance a per-layer Opt2Vec configuration that several "
                    + "layers shared, in a network whose updater was made before Opt2Vec.attach). Nothing was "
                    + "changed. Set the updater network-wide (.updater(...) on the configuration builder) and attach "
                    + "before the first fit, or restore the model without its updater state");
        }
        // A view this updater did not leave as it is (restored, or averaged across workers) is made consistent first.
        averaged.beforeStep(state, weights, () -> config.resolveWeights().sharedValues());
        if (recorded == 0) {
            StateLayout.writeCounter(state, StateLayout.BLOCK_PARAMETERS_HI, g.length());
        }
        return g;
    }

    /** Writes the applied step's history and outputs to the state (only after pass 2 succeeded). */
    private void commit(long steps, int slot, double lrScale, double mu, double stepSize, double momentumWeight,
                        double alignment, double rho) {
        layout.writeRingRow(state, slot, ring);
        if (direction == UpdateDirection.RELATIVE && state.get(StateLayout.INITIAL_PARAMETER_RMS) == 0) {
            state.set(StateLayout.INITIAL_PARAMETER_RMS, rho);   // ρ₀ is measured once, at the first applied step
        }
        StateLayout.writeCounter(state, StateLayout.STEPS_HI, steps + 1);
        state.set(StateLayout.MOMENTUM_NORM, Math.sqrt(passStats[1]));
        state.set(StateLayout.LAST_LR_SCALE, lrScale);
        state.set(StateLayout.LAST_MOMENTUM, mu);
        state.set(StateLayout.LAST_EFFECTIVE_LR, stepSize);
        state.set(StateLayout.LAST_ALIGNMENT, alignment);
        state.set(StateLayout.MOMENTUM_WEIGHT, momentumWeight);
        state.set(StateLayout.INITIAL_LOG_LOSS, tracker.initialLogLoss());
        state.set(StateLayout.LOSS_FAST_AVERAGE, tracker.fastAverage());
        state.set(StateLayout.LOSS_SLOW_AVERAGE, tracker.slowAverage());
        double ratio = Math.log(Math.sqrt(passStats[2]) / observedParamNorm);
        state.set(StateLayout.LAST_UPDATE_RATIO, Double.isFinite(ratio) ? Math.max(-1e3, Math.min(1e3, ratio)) : -1e3);
    }

    /** What the alignment's cosine divides Σ g·m_old by; 0 when it is not needed (the cosine is then 0). */
    private static double dotNorms(double gradNorm, double momentumNorm) {
        return gradNorm > 0 && momentumNorm > 0 ? Math.max(gradNorm * momentumNorm, Double.MIN_NORMAL) : 0.0;
    }

    private static double cosine(double dot, double normA, double normB) {
        return normA > 0 && normB > 0 ? Math.max(-1, Math.min(1, dot / (normA * normB))) : 0.0;
    }

    /**
     * Why this step's inputs must not reach the parameters or the state, or null when they may: a base learning rate
     * that is not a finite non-negative number, a non-finite loss or gradient, or a gradient spike (see
     * {@link #SPIKE_FACTOR}). Needs {@link #ring} read for this step.
     */
    private String inputFault(double loss, double baseLr, double gg, double gradNorm, int n, long steps) {
        if (!Opt2Vec.validLr(baseLr)) {
            return "the base learning rate schedule gave " + baseLr;
        }
        if (!Double.isFinite(loss) || !Double.isFinite(gg)) {
            return "the " + (Double.isFinite(loss) ? "gradient" : "loss") + " is not finite";
        }
        int filled = (int) Math.min(steps, arch.historyLength());
        double recentMax = extractor.maxRecentGradNorm(ring, filled);
        if (gradNorm > SPIKE_FACTOR * recentMax && gradNorm > SPIKE_MIN_RMS * Math.sqrt(n)) {
            return "the gradient norm " + gradNorm + " is more than " + SPIKE_FACTOR + " times the largest of the last "
                    + arch.historyLength() + " steps (" + recentMax + ")";
        }
        // A loss spike is judged against the window and against the first loss, so that a loss that returns from
        // near zero (a perfectly fit minibatch, then a harder one) is followed, never mistaken for a fault.
        double lossBound = filled == 0 ? Double.POSITIVE_INFINITY : Math.max(extractor.maxRecentLoss(ring, filled),
                Math.exp(state.get(StateLayout.INITIAL_LOG_LOSS)));
        if (loss > SPIKE_FACTOR * lossBound) {
            return "the loss " + loss + " is more than " + SPIKE_FACTOR + " times the largest of the last "
                    + arch.historyLength() + " steps and the first loss (" + lossBound + ")";
        }
        return null;
    }

    /**
     * Why the new buffers, the update or the new parameters could overflow the state's type, or null when they
     * cannot. Bounds from norms: every element of the new momentum is at most mu |m| + |h| (|h| = the clipped
     * gradient's norm); of the adaptive direction's second moment at most max(v, h^2); of its update at most
     * a |m_new| / epsilon; with a known parameter norm, |theta_i - update_i| is bounded too.
     */
    private String overflow(double mu, double h, double momentumNorm, double stepSize, double momentumWeight) {
        double limit = stateView.dataType() == DataType.FLOAT ? Float.MAX_VALUE / 4 : Double.MAX_VALUE / 4;
        double paramBound = Double.isFinite(observedParamNorm) ? observedParamNorm : 0.0;
        double updateBound;
        if (direction.normalized()) {
            double m = mu * momentumNorm + (1 - mu) * h;
            if (!(h * h < limit) || !(m < limit)) {
                return "the second moment would overflow " + stateView.dataType();
            }
            updateBound = stepSize / momentumWeight * m / config.getEpsilon();
        } else {
            double m = mu * momentumNorm + h;
            if (!(m < limit)) {
                return "the momentum would overflow " + stateView.dataType();
            }
            updateBound = m * Math.max(stepSize, 1.0);
        }
        return updateBound + paramBound < limit ? null : "the update would overflow " + stateView.dataType();
    }

    private void neutralize(FlatBuffer g, int iteration, int epoch, double loss, String why) {
        g.fill(0, g.length(), 0.0);
        long count = StateLayout.readCounter(state, StateLayout.NEUTRALIZED_HI) + 1;
        StateLayout.writeCounter(state, StateLayout.NEUTRALIZED_HI, count);
        if (!warnedNonFinite) {
            warnedNonFinite = true;
            // The block index is known only when an Opt2VecListener with telemetry is attached.
            log.warn("Opt2Vec skipped the update of {} at iteration {}: {} (loss={}). Parameters and updater "
                    + "state are unchanged; further skips are counted (neutralizedSteps) without logging.",
                    blockIndex >= 0 ? "block " + blockIndex : "an updater block", iteration, why, loss);
        }
        if (telemetry != null) {
            telemetry.accept(new Opt2VecStep(iteration, epoch, blockIndex, loss, Double.NaN,
                    state.get(StateLayout.LAST_LR_SCALE), state.get(StateLayout.LAST_MOMENTUM), 0.0, 0.0,
                    new double[arch.embeddingDim()], true));
        }
    }
}
