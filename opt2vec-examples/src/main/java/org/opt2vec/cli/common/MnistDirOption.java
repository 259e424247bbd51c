package org.opt2vec.cli.common;

import org.opt2vec.cli.data.MnistFiles;
import org.opt2vec.tasks.MnistSubsetFamily;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;

/** {@code --mnist-dir} for commands whose task families include mnist-subset. */
public final class MnistDirOption {
    @Option(names = "--mnist-dir", paramLabel = "DIR",
            description = "Directory with MNIST's IDX files for the mnist-subset family (default: DL4J's cache).")
    Path mnistDir;

    public boolean isSet() {
        return mnistDir != null;
    }

    /**
     * Points the mnist-subset family at {@code --mnist-dir}, else at DL4J's cache when MNIST is there and the user
     * did not set a directory otherwise.
     */
    public void configureMnist() {
        if (mnistDir != null) {
            if (!Files.isDirectory(mnistDir)) {
                throw UserException.data("--mnist-dir " + mnistDir + " does not exist");
            }
            System.setProperty(MnistSubsetFamily.DIR_PROPERTY, mnistDir.toString());
        } else if (System.getProperty(MnistSubsetFamily.DIR_PROPERTY) == null
                && System.getenv(MnistSubsetFamily.DIR_ENV) == null
                && MnistFiles.problems(MnistFiles.defaultDir()).isEmpty()) {
            System.setProperty(MnistSubsetFamily.DIR_PROPERTY, MnistFiles.defaultDir().toString());
        }
    }
}
