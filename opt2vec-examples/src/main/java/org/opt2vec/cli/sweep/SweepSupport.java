package org.opt2vec.cli.sweep;

import org.deeplearning4j.arbiter.optimize.api.ParameterSpace;
import org.deeplearning4j.arbiter.optimize.parameter.continuous.ContinuousParameterSpace;
import org.deeplearning4j.arbiter.optimize.parameter.discrete.DiscreteParameterSpace;
import org.opt2vec.arbiter.Search;
import org.opt2vec.arbiter.SweepRecord;
import org.opt2vec.arbiter.SweepResult;
import org.opt2vec.cli.common.ExitCodes;
import org.opt2vec.cli.common.Progress;
import org.opt2vec.cli.common.RunOutput;
import org.opt2vec.cli.common.UserException;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * What both {@code opt2vec sweep} kinds share: parsing of value lists, the search, build errors, the output
 * directory, progress and the summary.
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

    private static List<String> items(CommandLine cl, String option, String spec) {
        List<String> out = new ArrayList<>();
        if (spec != null) {
            for (String s : spec.split(",")) {
                if (!s.isBlank()) {
                    out.add(s.trim());
                }
            }
        }
        if (out.isEmpty()) {
            throw new ParameterException(cl, option + ": no values given; give a comma-separated list, e.g. "
                    + example(option));
        }
        return out;
    }

    private static String example(String option) {
        return switch (option) {
            case "--embedding-dims" -> "32,64,128";
            case "--history-lengths" -> "8,16,32";
            case "--activations" -> "gelu,relu";
            case "--base-lrs" -> "0.003,0.01,0.03 (or a range 0.001:0.1)";
            default -> "a,b,c";
        };
    }

    /** A comma-separated list of integers (at least one). */
    public static List<Integer> ints(CommandLine cl, String option, String spec) {
        List<Integer> out = new ArrayList<>();
        for (String s : items(cl, option, spec)) {
            try {
                out.add(Integer.valueOf(s));
            } catch (NumberFormatException e) {
                throw new ParameterException(cl, option + ": '" + s + "' is not an integer");
            }
        }
        return out;
    }

    /** A comma-separated list of names (at least one), lower-cased. */
    public static List<String> names(CommandLine cl, String option, String spec) {
        return items(cl, option, spec).stream().map(s -> s.toLowerCase(Locale.ROOT)).toList();
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
            for (String x : items(cl, option, s)) {
                out.add(Double.valueOf(x));
            }
            return new DiscreteParameterSpace<>(out);
        } catch (NumberFormatException e) {
            throw new ParameterException(cl, option + ": '" + s + "' is not a list of numbers or a range MIN:MAX");
        }
    }

    /** The search: grid (continuous ranges cut into {@code discretization} values) or random. */
    public static Search search(CommandLine cl, String name, Integer maxCandidates, int discretization) {
        Search s;
        try {
            s = Search.parse(name);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(cl, "--search: unknown search '" + name + "'; use grid or random");
        }
        if (s.kind() == Search.Kind.RANDOM && maxCandidates == null) {
            throw new ParameterException(cl, "--search random needs --max-candidates N");
        }
        if (maxCandidates != null && maxCandidates < 1) {
            throw new ParameterException(cl, "--max-candidates must be >= 1");
        }
        if (discretization < 1) {
            throw new ParameterException(cl, "--discretization must be >= 1");
        }
        return s.kind() == Search.Kind.GRID ? Search.grid(discretization) : s;
    }

    /** null, or the time budget. */
    public static Duration maxTime(CommandLine cl, Double minutes) {
        if (minutes == null) {
            return null;
        }
        if (!(minutes > 0)) {
            throw new ParameterException(cl, "--max-minutes must be > 0");
        }
        return Duration.ofMillis(Math.max(1, Math.round(minutes * 60_000)));
    }

    /**
     * A usage error for a space or setting the sweep API rejected, naming the option instead of the API's setting,
     * e.g. {@code embeddingDim: ... holds 0} becomes {@code --embedding-dims: ... holds 0}.
     */
    public static ParameterException badSpace(CommandLine cl, IllegalArgumentException e) {
        String m = String.valueOf(e.getMessage());
        int colon = m.indexOf(':');
        if (colon > 0) {
            String key = m.substring(0, colon).trim();
            key = key.startsWith("updater.") ? key.substring("updater.".length()) : key;
            String opt = OPTION_OF.get(key);
            if (opt != null) {
                m = opt + ":" + m.substring(colon + 1);
            }
        }
        return new ParameterException(cl, "invalid sweep: " + m);
    }

    /**
     * Runs one of the sweep API's build steps; a setting it rejects becomes a usage error naming the option
     * ({@link #badSpace}).
     */
    public static <T> T build(CommandLine cl, Supplier<T> step) {
        try {
            return step.get();
        } catch (IllegalArgumentException e) {
            throw badSpace(cl, e);
        }
    }

    /** The line at the top of report.md: the command that started the sweep. */
    public static String commandDescription(CommandLine cl) {
        return "Command: `" + RunOutput.commandLine(cl) + "`";
    }

    /**
     * Opens the sweep's output directory ({@code --output}, else {@code runs/sweep-<kind>-<timestamp>}) and says
     * where it is.
     */
    public static RunOutput openOutput(PrintWriter out, Path explicit, String kind) {
        RunOutput run = RunOutput.create(explicit, "sweep-" + kind);
        out.println("opt2vec sweep " + kind + ": output in " + run.dir());
        return run;
    }

    /** Starts a sweep that reports each finished candidate to {@code onCandidate}. */
    @FunctionalInterface
    public interface SweepStart {
        SweepResult run(Consumer<SweepRecord> onCandidate) throws IOException;
    }

    /** Runs the sweep with a progress bar over the planned candidates and a line per finished candidate. */
    public static SweepResult runWithProgress(PrintWriter out, int planned, boolean showProgress, SweepStart sweep)
            throws IOException {
        try (Progress progress = Progress.start("sweep", planned, showProgress)) {
            return sweep.run(printer(out, progress, planned));
        }
    }

    /**
     * Prints one line per finished candidate and advances the progress bar. Candidates are named by Arbiter's
     * index, as in results.csv, report.md and models/ or weights/.
     */
    private static Consumer<SweepRecord> printer(PrintWriter out, Progress progress, int planned) {
        AtomicInteger finished = new AtomicInteger();
        return r -> {
            String label = r.label(r.parameters().keySet());
            out.printf(Locale.ROOT, "[%d/%d] candidate %d %s: %s (%.1f s)%n", finished.incrementAndGet(), planned,
                    r.index(), label,
                    r.completed() ? "score " + fmt(r.score()) : "FAILED: " + r.error(), r.seconds());
            out.flush();
            progress.step();
        };
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
