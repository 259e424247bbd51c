package org.opt2vec.dl4j;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.learning.GradientUpdater;
import org.opt2vec.controller.Controller;
import org.opt2vec.controller.ControllerArchitecture;
import org.opt2vec.features.Feature;
import org.opt2vec.features.FeatureWindow;
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
 * <p>One step ({@link #applyUpdater}) makes two passes over the block's n values: one to measure the gradient
 * (norm, agreement with the momentum) and one to update the momentum and write the update. Everything in between
 * (features, the controller MLP) is O(history * embeddingDim) work in Java arrays.
 */
public final class Opt2VecUpdater implements GradientUpdater<Opt2Vec> {
    private static final Logger log = LoggerFactory.getLogger(Opt2VecUpdater.class);
    /** Key of the single entry of {@link #getState()}: the whole state view. */
    public static final String STATE_KEY = "O2V";
    /**
     * A gradient whose norm exceeds the largest of the history window by this factor is treated as a fault (a
     * numerical blow-up upstream, e.g. 1e30 everywhere), not as a direction to follow. Healthy training does not
     * grow gradient norms a million-fold in one step; gradual growth moves the window's maximum along...
     */
    public static final double SPIKE_FACTOR = 1e6;
    /**
     * ...and only when the gradient is also large in absolute terms (root mean square above this), so a return from
     * vanishing gradients (1e-20 to 1e-2, say) is followed, never mistaken for a fault.
     */
    public static final double SPIKE_MIN_RMS = 1e4;

    private final Opt2Vec config;
    private final ControllerArchitecture arch;
    private final StateLayout layout;
    private final Controller controller;
    private final FeatureWindow window;
    private final double[] weights;
    private final double[] ring;
    private final double[] input;
    private final double[] row;
    private final double[] moments = new double[2];

    private INDArray stateView;
    private FlatBuffer state;

    private double observedLoss = Double.NaN;
    private double observedParamNorm = Double.NaN;
    private boolean observed;
    private boolean warnedNonFinite;

    private int blockIndex = -1;
    private Consumer<Opt2VecStep> telemetry;

    Opt2VecUpdater(Opt2Vec config) {
        this.config = config;
        this.arch = config.architecture();
        this.layout = new StateLayout(arch);
        this.weights = new double[arch.parameterCount()];
        this.controller = new Controller(arch, weights, config.outputMapping());
        this.window = new FeatureWindow(arch.historyLength(), arch.featureCount(), config.isNormalizeFeatures());
        this.ring = new double[layout.ringSize()];
        this.input = new double[arch.inputSize()];
        this.row = new double[arch.featureCount()];
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
        return StateLayout.readCounter(state, StateLayout.STEPS_HI);
    }

    /** Steps skipped because the loss or gradient was not finite (or the update would have overflowed). */
    public long neutralizedSteps() {
        return StateLayout.readCounter(state, StateLayout.NEUTRALIZED_HI);
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
            layout.initialize(s, config.resolveWeights().values());
        } else {
            layout.verify(s);
        }
        // Read back from the view: in a FLOAT network the weights run at float precision, the same after a restore.
        layout.readWeights(s, weights);
        this.stateView = viewArray;
        this.state = s;
    }

    @Override
    public void applyUpdater(INDArray gradient, int iteration, int epoch) {
        if (state == null) {
            throw new IllegalStateException("Opt2Vec updater has no state view; DL4J calls instantiate() first");
        }
        if (!observed) {
            throw new IllegalStateException("Opt2Vec needs this step's loss before each update, but none was "
                    + "observed. Call Opt2Vec.attach(net) before training (it adds an Opt2VecListener), or in a custom "
                    + "training loop call Opt2VecUpdater.observe(loss, paramNorm) before each update.");
        }
        observed = false;
        if (gradient.dataType() != stateView.dataType()) {
            throw new IllegalStateException("gradient is " + gradient.dataType() + " but the Opt2Vec state is "
                    + stateView.dataType());
        }
        FlatBuffer g = FlatBuffer.of(gradient);
        int n = g.length();
        int mOffset = layout.momentumOffset();
        if (mOffset + n > state.length()) {
            throw new IllegalStateException("Opt2Vec state view holds " + (state.length() - mOffset)
                    + " momentum values but the gradient has " + n);
        }
        double loss = observedLoss;
        double baseLr = config.getLearningRate(iteration, epoch);

        // Pass 1: gradient norm and agreement with the momentum.
        g.moments(state, mOffset, moments);
        double gg = moments[0];
        double gradNorm = Math.sqrt(gg);
        long steps = StateLayout.readCounter(state, StateLayout.STEPS_HI);
        layout.readRing(state, ring);
        String fault = inputFault(loss, baseLr, gg, gradNorm, n, steps);
        if (fault != null) {
            neutralize(g, iteration, epoch, loss, fault);
            return;
        }
        double clip = config.getMaxGradNorm() > 0 && gradNorm > config.getMaxGradNorm()
                ? config.getMaxGradNorm() / gradNorm : 1.0;
        double momentumNorm = state.get(StateLayout.MOMENTUM_NORM);
        double cos = gradNorm > 0 && momentumNorm > 0 ? moments[1] / (gradNorm * momentumNorm) : 0.0;
        recordFeatures(steps, loss, gradNorm, baseLr, cos);

        // Controller: window -> embedding -> (lr scale, momentum).
        int filled = (int) Math.min(steps + 1, arch.historyLength());
        window.fill(ring, filled, (int) (steps % arch.historyLength()), input);
        controller.forward(input);
        double lrScale = controller.lrScale();
        double mu = controller.momentum();
        double stepSize = baseLr * lrScale;

        // Would the new momentum, the update or the new parameters overflow the state's type? |m_i| <= mu |m| + clip |g|
        // bounds every element of the new momentum; with a known parameter norm, |theta_i - update_i| is bounded too.
        double bound = mu * momentumNorm + clip * gradNorm;
        double limit = stateView.dataType() == DataType.FLOAT ? Float.MAX_VALUE / 4 : Double.MAX_VALUE / 4;
        double paramBound = Double.isFinite(observedParamNorm) ? observedParamNorm : 0.0;
        if (!(bound < limit) || !(bound * Math.max(stepSize, 1.0) + paramBound < limit)) {
            neutralize(g, iteration, epoch, loss, "the update would overflow " + stateView.dataType());
            return;
        }

        // Pass 2: m = mu * m + clip * g; update = stepSize * m (written into the gradient array).
        double mm = g.momentumStep(state, mOffset, mu, clip, stepSize);

        layout.writeRingRow(state, (int) (steps % arch.historyLength()), row);
        StateLayout.writeCounter(state, StateLayout.STEPS_HI, steps + 1);
        state.set(StateLayout.MOMENTUM_NORM, Math.sqrt(mm));
        state.set(StateLayout.LAST_LR_SCALE, lrScale);
        state.set(StateLayout.LAST_MOMENTUM, mu);
        state.set(StateLayout.LAST_EFFECTIVE_LR, stepSize);

        if (telemetry != null) {
            telemetry.accept(new Opt2VecStep(iteration, epoch, blockIndex, loss, gradNorm, lrScale, mu, stepSize,
                    controller.embedding().clone(), false));
        }
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
        double recentMax = maxRecentGradNorm(steps);
        if (gradNorm > SPIKE_FACTOR * recentMax && gradNorm > SPIKE_MIN_RMS * Math.sqrt(n)) {
            return "the gradient norm " + gradNorm + " is more than " + SPIKE_FACTOR + " times the largest of the last "
                    + arch.historyLength() + " steps (" + recentMax + ")";
        }
        return null;
    }

    /** The largest gradient norm in the history window; +infinity before the first step. */
    private double maxRecentGradNorm(long steps) {
        int filled = (int) Math.min(steps, arch.historyLength());
        if (filled == 0) {
            return Double.POSITIVE_INFINITY;
        }
        double max = Double.NEGATIVE_INFINITY;
        int f = arch.featureCount();
        for (int r = 0; r < filled; r++) {
            max = Math.max(max, ring[r * f + Feature.GRAD_NORM.column()]);
        }
        return Math.exp(max);
    }

    /** Fills {@link #row} with this step's raw features and {@link #ring} (already read) with this step's row. */
    private void recordFeatures(long steps, double loss, double gradNorm, double baseLr, double cos) {
        int h = arch.historyLength();
        int f = arch.featureCount();
        int slot = (int) (steps % h);
        double previousLr = steps == 0 ? baseLr : state.get(StateLayout.LAST_EFFECTIVE_LR);
        row[Feature.LOSS.column()] = Feature.safeLog(loss);
        row[Feature.GRAD_NORM.column()] = Feature.safeLog(gradNorm);
        row[Feature.LEARNING_RATE.column()] = Feature.safeLog(previousLr);
        if (arch.extendedFeatures()) {
            int prev = Math.floorMod(slot - 1, h) * f;
            int prev2 = Math.floorMod(slot - 2, h) * f;
            double paramNorm = observedParamNorm;
            row[Feature.PARAM_NORM.column()] = paramNorm > 0 && Double.isFinite(paramNorm)
                    ? Math.log(paramNorm)
                    : (steps > 0 ? ring[prev + Feature.PARAM_NORM.column()] : 0.0);
            row[Feature.GRAD_DIVERSITY.column()] = -cos;   // (1 - cos) - 1
            double curvature = 0.0;
            if (steps >= 2) {
                int c = Feature.LOSS.column();
                curvature = row[c] - 2 * ring[prev + c] + ring[prev2 + c];
            }
            row[Feature.LOSS_CURVATURE.column()] = Math.max(-3, Math.min(3, curvature));
            row[Feature.STEP.column()] = Math.log1p(steps) / 10.0;
        }
        System.arraycopy(row, 0, ring, slot * f, f);
    }

    private void neutralize(FlatBuffer g, int iteration, int epoch, double loss, String why) {
        g.fill(0, g.length(), 0.0);
        long count = StateLayout.readCounter(state, StateLayout.NEUTRALIZED_HI) + 1;
        StateLayout.writeCounter(state, StateLayout.NEUTRALIZED_HI, count);
        if (!warnedNonFinite) {
            warnedNonFinite = true;
            log.warn("Opt2Vec skipped the update of block {} at iteration {}: {} (loss={}). Parameters and updater "
                    + "state are unchanged; further skips are counted (neutralizedSteps) without logging.",
                    blockIndex, iteration, why, loss);
        }
        if (telemetry != null) {
            telemetry.accept(new Opt2VecStep(iteration, epoch, blockIndex, loss, Double.NaN,
                    state.get(StateLayout.LAST_LR_SCALE), state.get(StateLayout.LAST_MOMENTUM), 0.0,
                    new double[arch.embeddingDim()], true));
        }
    }
}
