package org.opt2vec.cli.benchmark;

import java.util.function.Function;

/**
 * One benchmark problem: a network, data and a fixed training budget, trained by every optimizer with every seed.
 *
 * @param name           unique name, e.g. {@code mnist-tinycnn}
 * @param family         the data/task family, used to group results
 * @param inMetaTraining true when this family (or its data) is part of the distribution the bundled controller was
 *                       meta-trained on; false for families it never saw
 * @param metric         what is measured after training
 * @param network        the network, for the report
 * @param data           the data, for the report
 * @param budget         the training budget as a sentence, e.g. "2 epochs" or "1500 steps"
 * @param batchSize      minibatch size, or {@link #BATCH_PER_TASK} when each seed's task draws its own
 * @param note           anything the report should say about this instance (subsets, trimming); may be empty
 * @param prepare        loads or generates the data (once per benchmark) and returns the workload
 */
public record Instance(String name, String family, boolean inMetaTraining, Metric metric, String network, String data,
                       String budget, int batchSize, String note, Function<BenchContext, Workload> prepare) {
    /** The batch size is drawn per task (see the note). */
    public static final int BATCH_PER_TASK = 0;

    /** The batch size for reports. */
    public String batchLabel() {
        return batchSize == BATCH_PER_TASK ? "per task" : String.valueOf(batchSize);
    }
}
