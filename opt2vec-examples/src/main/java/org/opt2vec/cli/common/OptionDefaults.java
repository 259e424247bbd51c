package org.opt2vec.cli.common;

import picocli.CommandLine.IDefaultValueProvider;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;

import java.util.HashMap;
import java.util.Map;

/**
 * A command's defaults for the options of its mixins, by option name. A mixin serves several commands that want
 * different defaults (the MNIST comparison trains 2 epochs, the embedding analysis 1), so its options declare none;
 * each command names its own in a subclass given as {@code @Command(defaultValueProvider = ...)}, and
 * {@code ${DEFAULT-VALUE}} in the option's help shows it. Options not named here keep their annotation's default.
 */
public abstract class OptionDefaults implements IDefaultValueProvider {
    private final Map<String, String> byOption = new HashMap<>();

    /** @param optionValuePairs option name, default value, option name, default value, ... */
    protected OptionDefaults(String... optionValuePairs) {
        if (optionValuePairs.length % 2 != 0) {
            throw new IllegalArgumentException("option names and values must come in pairs");
        }
        for (int i = 0; i < optionValuePairs.length; i += 2) {
            byOption.put(optionValuePairs[i], optionValuePairs[i + 1]);
        }
    }

    @Override
    public String defaultValue(ArgSpec arg) {
        return arg instanceof OptionSpec o ? byOption.get(o.longestName()) : null;
    }
}
