package org.opt2vec.state;

import org.opt2vec.controller.Activation;
import org.opt2vec.controller.ControllerArchitecture;
import org.opt2vec.features.FeatureSet;

/**
 * Where everything lives in an Opt2Vec updater state view. The fixed-size part comes first so it can be
 * initialized before the block's parameter count is known (DL4J passes only the view to {@code instantiate});
 * the per-parameter buffers follow. See docs/state-layout.md.
 *
 * <pre>
 *   [0, HEADER)                   header: layout tag, architecture, counters, last outputs, loss tracker
 *   [HEADER, HEADER + H*F)        history ring buffer, raw features, row r at HEADER + r*F
 *   [.., .. + P)                  controller weights (P = architecture.parameterCount())
 *   [fixedSize, fixedSize + n)    momentum buffer m, one value per parameter of the block
 *   [fixedSize + n, .. + n)       second-moment buffer v (adaptive direction only)
 *   [.., end)                     unused: DL4J sizes a block's view as the sum of stateSize over its variables
 * </pre>
 *
 * Counters are stored as two numbers (high and low part, base 2^20) so they stay exact in FLOAT views far
 * beyond 2^24 steps.
 */
public final class StateLayout {
    /** Identifies an Opt2Vec state view, and its layout version. */
    public static final double LAYOUT_TAG = 20261201.0 / 1e4;   // 2026.1201: exact enough in float to compare
    /** The tag of the first layout (16-value header, momentum direction only), which this build cannot resume. */
    static final double FIRST_LAYOUT_TAG = 20261128.0 / 1e4;
    public static final int HEADER_SIZE = 24;

    public static final int TAG = 0;
    public static final int HISTORY_LENGTH = 1;
    public static final int FEATURE_COUNT = 2;
    public static final int EMBEDDING_DIM = 3;
    public static final int ACTIVATION = 4;
    public static final int FEATURE_SET = 5;
    public static final int DIRECTION = 6;
    public static final int STEPS_HI = 7;
    public static final int STEPS_LO = 8;
    public static final int NEUTRALIZED_HI = 9;
    public static final int NEUTRALIZED_LO = 10;
    public static final int MOMENTUM_NORM = 11;
    public static final int LAST_LR_SCALE = 12;
    public static final int LAST_MOMENTUM = 13;
    public static final int LAST_EFFECTIVE_LR = 14;
    /** cos(g, m_old) measured by the last update pass: the next step's alignment feature. */
    public static final int LAST_ALIGNMENT = 15;
    /** 1 − Π μ over the applied steps: the bias correction of the adaptive direction's momentum. */
    public static final int MOMENTUM_WEIGHT = 16;
    public static final int INITIAL_LOG_LOSS = 17;
    public static final int LOSS_FAST_AVERAGE = 18;
    public static final int LOSS_SLOW_AVERAGE = 19;
    /** log(||update|| / ||θ||) of the last step (NaN-free: -inf stored as a large negative number). */
    public static final int LAST_UPDATE_RATIO = 20;
    /**
     * ρ₀, the root mean square of the block's parameters at the first step (relative direction; 0 until then and in
     * the other directions).
     */
    public static final int INITIAL_PARAMETER_RMS = 21;
    /**
     * The number of parameters of the block, as a counter (high part here, low part at the next index), written at the
     * first update; 0 in views written before it was recorded. A view whose count differs from its block's belongs
     * to other updater blocks and is refused before anything is changed.
     */
    public static final int BLOCK_PARAMETERS_HI = 22;

    private static final double COUNTER_BASE = 1 << 20;

    private final ControllerArchitecture arch;
    private final int direction;
    private final int buffers;

    /**
     * @param direction ordinal of the update direction (written to and checked against the header)
     * @param buffers   per-parameter buffers the direction needs (1 or 2)
     */
    public StateLayout(ControllerArchitecture arch, int direction, int buffers) {
        this.arch = arch;
        this.direction = direction;
        this.buffers = buffers;
    }

    public ControllerArchitecture architecture() { return arch; }

    public int ringOffset() { return HEADER_SIZE; }

    public int ringSize() { return arch.historyLength() * arch.featureCount(); }

    public int weightsOffset() { return ringOffset() + ringSize(); }

    public int momentumOffset() { return weightsOffset() + arch.parameterCount(); }

    /** Offset of the second-moment buffer of a block of n parameters (adaptive direction). */
    public int secondMomentOffset(int n) { return momentumOffset() + n; }

    /** The part of the state that does not depend on the number of parameters. */
    public int fixedSize() { return momentumOffset(); }

    /** Values of the state of one variable of n parameters ({@code IUpdater.stateSize}). */
    public long stateSize(long n) { return buffers * n + fixedSize(); }

    /** Values a view needs beyond the fixed part for a block of n parameters. */
    public long perParameterSize(long n) { return buffers * n; }

    /** Writes a fresh state: header, empty history, the given weights, zero momentum. */
    public void initialize(FlatBuffer state, double[] weights) {
        state.fill(0, state.length(), 0.0);
        state.set(TAG, LAYOUT_TAG);
        state.set(HISTORY_LENGTH, arch.historyLength());
        state.set(FEATURE_COUNT, arch.featureCount());
        state.set(EMBEDDING_DIM, arch.embeddingDim());
        state.set(ACTIVATION, arch.activation().ordinal());
        state.set(FEATURE_SET, arch.featureSet().ordinal());
        state.set(DIRECTION, direction);
        state.set(LAST_LR_SCALE, 1.0);
        state.set(weightsOffset(), weights);
    }

    /**
     * Checks that a restored view was written by an Opt2Vec updater of this architecture.
     *
     * @throws IllegalStateException saying what differs
     */
    public void verify(FlatBuffer state) {
        if (state.length() < fixedSize()) {
            throw new IllegalStateException("Opt2Vec state view has " + state.length() + " values but this "
                    + "configuration (" + arch + ") needs at least " + fixedSize()
                    + "; the checkpoint was written with another Opt2Vec configuration");
        }
        if (Math.abs(state.get(TAG) - FIRST_LAYOUT_TAG) < 1e-3) {
            throw new IllegalStateException("Updater state was written by an earlier Opt2Vec state layout ("
                    + FIRST_LAYOUT_TAG + "), which this version cannot resume; this version writes layout "
                    + LAYOUT_TAG + ". Continue training from the saved parameters with a fresh updater state "
                    + "(ModelSerializer.restoreMultiLayerNetwork(file, false)), or resume with the Opt2Vec version "
                    + "that saved it");
        }
        if (Math.abs(state.get(TAG) - LAYOUT_TAG) > 1e-3) {
            throw new IllegalStateException("Updater state is not an Opt2Vec state of layout " + LAYOUT_TAG
                    + " (found tag " + state.get(TAG) + "): either the checkpoint was written with another updater, "
                    + "or its updater state was damaged (DL4J's Spark SharedTrainingMaster leaves the driver's updater "
                    + "state scaled: restore such a model with loadUpdater=false), or this is SameDiff's training loop, "
                    + "which Opt2Vec does not support because it hands updaters no loss before the update (use "
                    + "MultiLayerNetwork or ComputationGraph)");
        }
        int h = (int) state.get(HISTORY_LENGTH);
        int f = (int) state.get(FEATURE_COUNT);
        int e = (int) state.get(EMBEDDING_DIM);
        int a = (int) state.get(ACTIVATION);
        int fs = (int) state.get(FEATURE_SET);
        if (h != arch.historyLength() || f != arch.featureCount() || e != arch.embeddingDim()
                || a != arch.activation().ordinal() || fs != arch.featureSet().ordinal()) {
            String found = "historyLength=" + h + ", featureSet="
                    + (fs >= 0 && fs < FeatureSet.values().length ? FeatureSet.values()[fs].configName() : "#" + fs)
                    + ", features=" + f + ", embeddingDim=" + e + ", activation="
                    + (a >= 0 && a < Activation.values().length ? Activation.values()[a].configName() : "#" + a);
            throw new IllegalStateException("Opt2Vec state was written for " + found
                    + " but the configuration is " + arch);
        }
    }

    /** The update direction (ordinal) recorded in a view. */
    public static int direction(FlatBuffer state) {
        return (int) state.get(DIRECTION);
    }

    public void readWeights(FlatBuffer state, double[] out) {
        state.get(weightsOffset(), out);
    }

    public void readRing(FlatBuffer state, double[] out) {
        state.get(ringOffset(), out);
    }

    /** Copies row {@code row} of {@code ring} (the whole ring, as {@link #readRing} fills it) into the state. */
    public void writeRingRow(FlatBuffer state, int row, double[] ring) {
        int f = arch.featureCount();
        int r = ringOffset() + row * f;
        for (int i = 0; i < f; i++) {
            state.set(r + i, ring[row * f + i]);
        }
    }

    public static long readCounter(FlatBuffer state, int hiIndex) {
        return (long) state.get(hiIndex) * (long) COUNTER_BASE + (long) state.get(hiIndex + 1);
    }

    public static void writeCounter(FlatBuffer state, int hiIndex, long value) {
        state.set(hiIndex, (double) (value >> 20));
        state.set(hiIndex + 1, (double) (value & ((1 << 20) - 1)));
    }
}
