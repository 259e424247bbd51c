package org.opt2vec.meta;

import org.opt2vec.weights.AtomicFiles;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/** Writes the meta-training history as CSV (charts are drawn by applications, from the CSV or a listener). */
public final class MetaLossOutputs {
    /** The CSV header. */
    public static final String CSV_HEADER =
            "step,meta_loss,lr_scale,momentum,diverged_fraction,baseline_meta_loss,failed_fraction,seconds";

    private MetaLossOutputs() {
    }

    /** One row per step, columns {@link #CSV_HEADER}; written atomically. */
    public static void writeCsv(Path file, List<MetaStep> history) throws IOException {
        StringBuilder s = new StringBuilder(CSV_HEADER).append('\n');
        for (MetaStep m : history) {
            s.append(String.format(Locale.ROOT, "%d,%.6f,%.6f,%.6f,%.4f,%.6f,%.4f,%.3f%n", m.step(), m.metaLoss(),
                    m.lrScale(), m.momentum(), m.divergedFraction(), m.baselineMetaLoss(), m.failedFraction(),
                    m.seconds()));
        }
        AtomicFiles.write(file, s.toString().getBytes(StandardCharsets.UTF_8));
    }
}
