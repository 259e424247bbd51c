package org.opt2vec.cli.common;

import picocli.CommandLine;
import picocli.CommandLine.ParameterException;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Comma-separated option values: {@code --embedding-dims 32,64,128}, {@code --activations gelu,relu}. */
public final class OptionLists {
    private OptionLists() {
    }

    /** The non-blank items, trimmed; a usage error when there is none. */
    public static List<String> items(CommandLine cl, String option, String spec, String example) {
        List<String> out = new ArrayList<>();
        if (spec != null) {
            for (String s : spec.split(",")) {
                if (!s.isBlank()) {
                    out.add(s.trim());
                }
            }
        }
        if (out.isEmpty()) {
            throw new ParameterException(cl, option + ": no values given; give a comma-separated list, e.g. " + example);
        }
        return out;
    }

    /** A list of integers (at least one). */
    public static List<Integer> ints(CommandLine cl, String option, String spec, String example) {
        List<Integer> out = new ArrayList<>();
        for (String s : items(cl, option, spec, example)) {
            try {
                out.add(Integer.valueOf(s));
            } catch (NumberFormatException e) {
                throw new ParameterException(cl, option + ": '" + s + "' is not an integer");
            }
        }
        return out;
    }

    /** A list of names (at least one), lower-cased. */
    public static List<String> names(CommandLine cl, String option, String spec, String example) {
        return items(cl, option, spec, example).stream().map(s -> s.toLowerCase(Locale.ROOT)).toList();
    }
}
