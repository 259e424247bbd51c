package org.opt2vec.cli.common;

import org.opt2vec.tasks.BuiltinTasks;
import org.opt2vec.tasks.TaskDistribution;
import picocli.CommandLine;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

import java.util.ArrayList;
import java.util.List;

/** {@code --families}: the task families of a held-out evaluation. */
public final class FamiliesOption {
    @Option(names = "--families", paramLabel = "FAMILIES",
            description = "Comma-separated families of the held-out suite (default: all synthetic ones, plus "
                    + "mnist-subset when MNIST is found).")
    String families;

    /** The named families, or null when the option is not given (the suite's default families). */
    public List<TaskDistribution> families(CommandLine cl) {
        if (families == null) {
            return null;
        }
        List<TaskDistribution> out = new ArrayList<>();
        try {
            for (String name : OptionLists.items(cl, "--families", families, "blobs,spirals")) {
                out.add(BuiltinTasks.byName(name));
            }
        } catch (IllegalArgumentException e) {
            throw new ParameterException(cl, "--families: " + e.getMessage());
        }
        return out;
    }
}
