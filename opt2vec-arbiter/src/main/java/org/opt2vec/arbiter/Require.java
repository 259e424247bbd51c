package org.opt2vec.arbiter;

/** Argument checks of the builders, with the message naming the setting. */
final class Require {
    private Require() {
    }

    /** @return {@code n} @throws IllegalArgumentException when {@code n < min} */
    static int atLeast(String name, int n, int min) {
        if (n < min) {
            throw new IllegalArgumentException(name + ": must be >= " + min + ", was " + n);
        }
        return n;
    }
}
