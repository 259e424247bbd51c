package org.opt2vec.meta;

import java.nio.file.Path;
import java.util.List;

/**
 * Receives meta-training's progress: the command line renders a progress bar and charts from it, tests and other
 * tools record what they need. Called on the thread that runs meta-training; an exception thrown here stops it.
 */
public interface MetaTrainingListener {
    /** Before the first step of this call ({@code fromStep} > 0 when resumed). */
    default void onStart(int fromStep, int totalSteps) {
    }

    /** After every meta-step. */
    default void onStep(MetaStep step) {
    }

    /** After checkpoint, weights and CSV were written to {@code directory} (only with an output directory). */
    default void onCheckpoint(Path directory, List<MetaStep> history) {
    }

    /** After the last step. */
    default void onFinish(MetaTrainingResult result) {
    }
}
