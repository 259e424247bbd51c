package org.opt2vec.cli.sweep;

import org.opt2vec.arbiter.SweepRecord;
import org.opt2vec.cli.common.Progress;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * A sweep's console progress: a line per finished candidate (named by Arbiter's index, as in results.csv,
 * report.md and models/ or weights/) and a progress bar over the planned candidates.
 */
public final class CandidatePrinter implements Consumer<SweepRecord>, AutoCloseable {
    private final PrintWriter out;
    private final int planned;
    private final Progress progress;
    private final AtomicInteger finished = new AtomicInteger();

    public CandidatePrinter(PrintWriter out, int planned, boolean showProgress) {
        this.out = out;
        this.planned = planned;
        this.progress = Progress.start("sweep", planned, showProgress);
    }

    @Override
    public void accept(SweepRecord r) {
        out.printf(Locale.ROOT, "[%d/%d] candidate %d %s: %s (%.1f s)%n", finished.incrementAndGet(), planned,
                r.index(), r.label(r.parameters().keySet()),
                r.completed() ? "score " + SweepSupport.fmt(r.score()) : "FAILED: " + r.error(), r.seconds());
        out.flush();
        progress.step();
    }

    @Override
    public void close() {
        progress.close();
    }
}
