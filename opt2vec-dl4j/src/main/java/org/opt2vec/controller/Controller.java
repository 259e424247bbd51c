package org.opt2vec.controller;

/**
 * The controller MLP in plain Java arrays: history window to embedding to (lr scale, momentum).
 * It runs once per updater block per step on a few thousand numbers, so ND4J ops (with their
 * per-op overhead and workspace rules) would cost more than the arithmetic. Not thread-safe:
 * each updater owns one instance and its scratch buffers.
 */
public final class Controller {
    private final ControllerArchitecture arch;
    private final OutputMapping mapping;
    private final double[] w;
    private final double[] hidden;
    private final double[] embedding;
    /** Index in the input of the newest row's schedule feature (v4: the fraction of the run, v5: the step), or -1. */
    private final int scheduleInput;
    private double lrScale;
    private double momentum;

    /**
     * @param weights the flat weights (see {@link ControllerArchitecture} for the layout); not copied, so the
     *                caller must not change them while this controller is in use
     */
    public Controller(ControllerArchitecture arch, double[] weights, OutputMapping mapping) {
        if (weights.length != arch.parameterCount()) {
            throw new IllegalArgumentException("weights: expected " + arch.parameterCount() + " values for "
                    + arch + ", got " + weights.length);
        }
        this.arch = arch;
        this.w = weights;
        this.mapping = mapping;
        this.hidden = new double[arch.embeddingDim()];
        this.embedding = new double[arch.embeddingDim()];
        // the window is right-aligned: the newest row is the last one
        this.scheduleInput = arch.hasScheduleWeight() ? (arch.historyLength() - 1) * arch.featureCount()
                + arch.featureSet().column(arch.featureSet().scheduleFeature(arch.featureCount()), arch.featureCount())
                : -1;
    }

    /** Runs the MLP on a normalized window of {@code arch.inputSize()} values; read results with the getters. */
    public void forward(double[] input) {
        int d = arch.inputSize();
        int e = arch.embeddingDim();
        Activation act = arch.activation();
        int w1 = arch.w1Offset();
        int b1 = arch.b1Offset();
        for (int j = 0; j < e; j++) {
            double s = w[b1 + j];
            int row = w1 + j * d;
            for (int i = 0; i < d; i++) {
                s += w[row + i] * input[i];
            }
            hidden[j] = act.apply(s);
        }
        int w2 = arch.w2Offset();
        int b2 = arch.b2Offset();
        for (int j = 0; j < e; j++) {
            double s = w[b2 + j];
            int row = w2 + j * e;
            for (int i = 0; i < e; i++) {
                s += w[row + i] * hidden[i];
            }
            embedding[j] = Math.tanh(s);
        }
        double zLr = w[arch.lrBiasOffset()];
        double zMom = w[arch.momentumBiasOffset()];
        int lrHead = arch.lrHeadOffset();
        int momHead = arch.momentumHeadOffset();
        for (int j = 0; j < e; j++) {
            zLr += w[lrHead + j] * embedding[j];
            zMom += w[momHead + j] * embedding[j];
        }
        if (scheduleInput >= 0) {
            zLr += ControllerArchitecture.SCHEDULE_GAIN * w[arch.scheduleOffset()] * input[scheduleInput];
        }
        lrScale = mapping.lrScale(zLr);
        momentum = mapping.momentum(zMom);
    }

    public double lrScale() { return lrScale; }

    public double momentum() { return momentum; }

    /** The embedding of the last {@link #forward} call; a live buffer, copy it to keep it. */
    public double[] embedding() { return embedding; }

    public ControllerArchitecture architecture() { return arch; }
}
