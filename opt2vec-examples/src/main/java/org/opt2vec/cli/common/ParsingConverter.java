package org.opt2vec.cli.common;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

import java.util.function.Function;

/**
 * A picocli converter from a parse function that throws {@link IllegalArgumentException} with a message for the
 * user (e.g. {@code unknown optimizer 'lion' (valid: ...)}); picocli reports it as a usage error.
 */
public abstract class ParsingConverter<T> implements ITypeConverter<T> {
    private final Function<String, T> parse;

    protected ParsingConverter(Function<String, T> parse) {
        this.parse = parse;
    }

    @Override
    public T convert(String value) {
        try {
            return parse.apply(value);
        } catch (IllegalArgumentException e) {
            throw new TypeConversionException(e.getMessage());
        }
    }
}
