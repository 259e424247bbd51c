package org.opt2vec.cli.sweep;

import org.deeplearning4j.arbiter.optimize.api.ParameterSpace;
import org.deeplearning4j.arbiter.optimize.parameter.continuous.ContinuousParameterSpace;
import org.deeplearning4j.arbiter.optimize.parameter.discrete.DiscreteParameterSpace;
import org.opt2vec.arbiter.SweepRecord;
import org.opt2vec.arbiter.SweepResult;
import org.opt2vec.cli.common.ExitCodes;
import org.opt2vec.cli.common.OptionLists;
import org.opt2vec.cli.common.RunOutput;
import org.opt2vec.cli.common.UserException;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

/**
 * What both {@code opt2vec sweep} kinds share besides their option mixins: the learning-rate list or range, errors
 * of the sweep API as usage errors, the report's command line and the summary.
 */
public final class SweepSupport {
    /** The sweep API's setting names (as its error messages start) and the options that set them. */
    private static final Map<String, String> OPTION_OF = Map.ofEntries(
            Map.entry("embeddingDim", "--embedding-dims"), Map.entry("embeddingDims", "--embedding-dims"),
            Map.entry("historyLength", "--history-lengths"), Map.entry("historyLengths", "--history-lengths"),
            Map.entry("activation", "--activations"), Map.entry("activations", "--activations"),
            Map.entry("baseLr", "--base-lrs"), Map.entry("maxCandidates", "--max-candidates"),
            Map.entry("maxTime", "--max-minutes"), Map.entry("search", "--search"));

    private SweepSupport() {
    }

    /** A comma-separated list of numbers, or a range {@code MIN:MAX} (a continuous space, sampled uniformly). */
    public static ParameterSpace<Double> doubles(CommandLine cl, String option, String spec) {
        String s = spec == null ? "" : spec.trim();
        int colon = s.indexOf(':');
        try {
            if (colon >= 0) {
                double lo = Double.parseDouble(s.substring(0, colon).trim());
                double hi = Double.parseDouble(s.substring(colon + 1).trim());
                if (!(lo < hi)) {
                    throw new ParameterException(cl, option + ": the range " + s + " needs MIN < MAX");
                }
                return new ContinuousParameterSpace(lo, hi);
            }
            List<Double> out = new ArrayList<>();
            for (String x : OptionLists.items(cl, option, s, "0.003,0.01,0.03 (or a range 0.001:0.1)")) {
                out.add(Double.valueOf(x));
            }
            return new DiscreteParameterSpace<>(out);
        } catch (NumberFormatException e) {
            throw new ParameterException(cl, option + ": '" + s + "' is not a list of numbers or a range MIN:MAX");
        }
    }

    /**
     * Runs one of the sweep API's build steps; a setting it rejects becomes a usage error naming the option instead
     * of the API's setting, e.g. {@code embeddingDim: ... holds 0} becomes {@code --embedding-dims: ... holds 0}.
     */
    public static <T> T build(CommandLine cl, Supplier<T> step) {
        try {
            return step.get();
        } catch (IllegalArgumentException e) {
            String m = String.valueOf(e.getMessage());
            int colon = m.indexOf(':');
            if (colon > 0) {
                String key = m.substring(0, colon).trim();
                String opt = OPTION_OF.get(key.startsWith("updater.") ? key.substring("updater.".length()) : key);
                if (opt != null) {
                    m = opt + ":" + m.substring(colon + 1);
                }
            }
            throw new ParameterException(cl, "invalid sweep: " + m);
        }
    }

    /** The line at the top of report.md: the command that started the sweep. */
    public static String commandDescription(CommandLine cl) {
        return "Command: `" + RunOutput.commandLine(cl) + "`";
    }

    /**
     * Prints the outcome; a sweep in which no candidate completed is an error (exit 1), with the first error.
     */
    public static void summary(PrintWriter out, SweepResult r) {
        out.printf(Locale.ROOT, "done: %d completed, %d failed, %.1f s%n", r.completedCount(), r.failedCount(),
                r.wallSeconds());
        r.best().ifPresent(b -> out.println("best: candidate " + b.index() + " " + b.label(r.parameterColumns())
                + ", score " + fmt(b.score()) + (r.minimize() ? " (lower is better)" : " (higher is better)")
                + (b.artifact().isEmpty() ? "" : "; saved as " + r.outputDir().resolve(b.artifact()))));
        out.println("report: " + r.reportFile());
        out.flush();
        if (r.completedCount() == 0) {
            String first = r.records().stream().map(SweepRecord::error).filter(e -> !e.isEmpty()).findFirst()
                    .orElse("no candidate ran");
            throw new UserException(ExitCodes.SOFTWARE, "no candidate completed (" + r.failedCount()
                    + " failed; see " + r.reportFile() + "); first error: " + first);
        }
    }

    public static String fmt(double v) {
        return Double.isFinite(v) ? String.format(Locale.ROOT, "%.5g", v) : Double.toString(v);
    }
}
