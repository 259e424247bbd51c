package org.opt2vec.tasks;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.learning.config.IUpdater;

import java.util.ArrayList;
import java.util.List;

/**
 * A task seen through a random change of units: inputs multiplied by {@code inputScale} and, for regression,
 * targets by {@code targetScale}. The best step size of an optimizer depends on such scales, so a controller
 * meta-trained on augmented tasks must read the right step size from the history instead of memorizing one.
 */
public final class AugmentedTask implements Task {
    private final Task base;
    private final float inputScale;
    private final float targetScale;

    public AugmentedTask(Task base, double inputScale, double targetScale) {
        this.base = base;
        this.inputScale = (float) inputScale;
        this.targetScale = base.classification() ? 1f : (float) targetScale;
    }

    @Override public String family() { return base.family(); }
    @Override public long seed() { return base.seed(); }
    @Override public boolean classification() { return base.classification(); }
    @Override public boolean reusableNetwork() { return base.reusableNetwork(); }
    @Override public MultiLayerNetwork newNetwork(IUpdater updater) { return base.newNetwork(updater); }

    @Override
    public List<DataSet> trainBatches(int steps) {
        List<DataSet> out = new ArrayList<>(steps);
        for (DataSet d : base.trainBatches(steps)) {
            out.add(scale(d));
        }
        return out;
    }

    @Override
    public DataSet heldOut() {
        return scale(base.heldOut());
    }

    private DataSet scale(DataSet d) {
        return new DataSet(inputScale == 1f ? d.getFeatures() : d.getFeatures().mul(inputScale),
                targetScale == 1f ? d.getLabels() : d.getLabels().mul(targetScale));
    }

    @Override
    public String describe() {
        return base.describe() + String.format(java.util.Locale.ROOT, " (inputs x%.3g%s)", inputScale,
                base.classification() ? "" : String.format(java.util.Locale.ROOT, ", targets x%.3g", targetScale));
    }
}
