package org.opt2vec.meta;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Receives meta-training's progress: the command line renders a progress bar and charts from it, tests and other
 * tools record what they need. Called on the thread that runs meta-training; an exception thrown here stops it.
 */
public interface MetaTrainingListener {
    /** Something to write once the trainer has accepted a run (its checkpoint and settings) and is starting it. */
    interface StartAction {
        void run() throws IOException;
    }

    /**
     * A listener that runs {@code action} at {@link #onStart}: after the trainer has validated a resumed checkpoint
     * against its settings, so a rejected resume changes nothing (e.g. the command line's saved run settings).
     */
    static MetaTrainingListener whenStarting(StartAction action) {
        return new MetaTrainingListener() {
            @Override
            public void onStart(int fromStep, int totalSteps) {
                try {
                    action.run();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        };
    }

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
