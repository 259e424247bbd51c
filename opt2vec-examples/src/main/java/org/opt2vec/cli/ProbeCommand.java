package org.opt2vec.cli;

import org.opt2vec.cli.common.OptionDefaults;
import org.opt2vec.cli.common.OptionErrors;
import org.opt2vec.cli.common.SeedOption;
import org.opt2vec.controller.ControllerArchitecture;
import org.opt2vec.controller.InputSensitivity;
import org.opt2vec.dl4j.Opt2Vec;
import org.opt2vec.features.Feature;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code opt2vec probe}: what each input feature does to the controller's lr scale and momentum. */
@Command(name = "probe", sortOptions = false, defaultValueProvider = ProbeCommand.Defaults.class,
        description = {"Shows what each input feature does to a controller's outputs: on synthetic history windows "
                + "(all zeros, and random ones), the feature is set to 0 and then to 1 in every row, and the lr scale "
                + "and momentum are compared. A feature the controller ignores gives a ratio of 1 and a change of 0.",
                "No training and no data: it reads the weights only. The windows are synthetic, so it shows what the "
                        + "weights can do, not what a training run does with them."})
public final class ProbeCommand implements Callable<Integer> {
    /** The seed of the random windows. */
    public static final class Defaults extends OptionDefaults {
        public Defaults() {
            super("--seed", "1");
        }
    }

    @Spec
    CommandSpec spec;

    @Mixin
    ControllerChoice controller;

    @Option(names = "--windows", paramLabel = "N", defaultValue = "20",
            description = "Base windows: the all-zero one and N-1 random ones (default: ${DEFAULT-VALUE}).")
    int windows;

    @Mixin
    SeedOption seed;

    @Override
    public Integer call() {
        OptionErrors errors = new OptionErrors().atLeast("--windows", windows, 1);
        controller.check(errors);
        errors.throwIfAny(spec.commandLine());
        Opt2Vec o = controller.updater();
        List<InputSensitivity.Effect> effects = InputSensitivity.measure(o.architecture(), o.resolveWeights().values(),
                o.outputMapping(), windows, seed.seed());
        PrintWriter out = spec.commandLine().getOut();
        out.println("controller: " + ControllerChoice.describe(o) + "; " + o.architecture());
        out.printf(Locale.ROOT, "%d windows (zeros and %d random, sd %.1f, seed %d); each feature from 0 to 1 in every row%n%n",
                windows, windows - 1, InputSensitivity.WINDOW_SD, seed.seed());
        if (o.architecture().hasScheduleWeight()) {
            double w = o.resolveWeights().values()[o.architecture().scheduleOffset()];
            boolean byStep = o.architecture().featureSet().scheduleFeature(o.architecture().featureCount())
                    == Feature.STEP;
            // the schedule feature's value at the end of a run: the fraction 1, or the step feature at step 1000
            double end = ControllerArchitecture.SCHEDULE_GAIN * w * (byStep ? Feature.stepValue(1000) : 1);
            out.printf(Locale.ROOT, "schedule weight %.4f: the lr head's output moves by %+.3f from the start %s "
                    + "(lr scale x %.3f from neutral)%n%n", w, end, byStep ? "to step 1000" : "to the end of a run",
                    o.outputMapping().lrScale(end) / o.outputMapping().lrScale(0));
        }
        out.println("| feature | lr scale ratio: min | median | max | momentum change: min | median | max |");
        out.println("|---|---:|---:|---:|---:|---:|---:|");
        for (InputSensitivity.Effect e : effects) {
            double[] r = e.lrRatio();
            double[] m = e.momentumChange();
            out.printf(Locale.ROOT, "| %s | %.3f | %.3f | %.3f | %+.4f | %+.4f | %+.4f |%n", name(e.feature()), r[0], r[1],
                    r[2], m[0], m[1], m[2]);
        }
        out.flush();
        return 0;
    }

    private static String name(Feature f) {
        return f.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
