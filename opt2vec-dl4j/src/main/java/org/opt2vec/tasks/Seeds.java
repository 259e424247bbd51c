package org.opt2vec.tasks;

/** Deterministic seed derivation: a 64-bit mix of a base seed and a sequence of integers (SplitMix64 finalizer). */
public final class Seeds {
    private Seeds() {
    }

    public static long mix(long seed, long... parts) {
        long h = stafford(seed ^ 0x9E3779B97F4A7C15L);
        for (long p : parts) {
            h = stafford(h + 0x9E3779B97F4A7C15L * (p + 1) + 0x632BE59BD9B4E019L);
        }
        return h;
    }

    /** A stable 64-bit hash of a string (for salts such as family names). */
    public static long of(String s) {
        long h = 0xCBF29CE484222325L;
        for (int i = 0; i < s.length(); i++) {
            h ^= s.charAt(i);
            h *= 0x100000001B3L;
        }
        return stafford(h);
    }

    private static long stafford(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
