package org.opt2vec.cli.benchmark.data;

import java.util.SplittableRandom;

/**
 * Synthetic sequence tasks for recurrent networks, generated from a seed. Rows are laid out channel by channel
 * ([channels][time]) to match DL4J's [minibatch, channels, time] input.
 */
public final class SequenceData {
    private SequenceData() {
    }

    /**
     * The adding problem (Hochreiter &amp; Schmidhuber): channel 0 holds values ~ U(0, 1), channel 1 marks one
     * position in the first half and one in the second; the target is the sum of the two marked values. Predicting
     * the mean (1.0) gives an MSE of about 1/6.
     */
    public static FloatTable adding(int n, int timeSteps, long seed) {
        if (timeSteps < 2) {
            throw new IllegalArgumentException("timeSteps must be >= 2");
        }
        SplittableRandom r = new SplittableRandom(seed);
        float[] x = new float[n * 2 * timeSteps];
        float[] y = new float[n];
        int half = timeSteps / 2;
        for (int i = 0; i < n; i++) {
            int base = i * 2 * timeSteps;
            for (int t = 0; t < timeSteps; t++) {
                x[base + t] = (float) r.nextDouble();
            }
            int a = r.nextInt(half);
            int b = half + r.nextInt(timeSteps - half);
            x[base + timeSteps + a] = 1f;
            x[base + timeSteps + b] = 1f;
            y[i] = x[base + a] + x[base + b];
        }
        return new FloatTable(x, 2 * timeSteps, y, 1);
    }

    /**
     * Noisy-frequency classification: class c in 0..classes-1 is a sine with c + 1 periods over the sequence, with
     * random phase and amplitude in U(0.5, 1.5), plus Gaussian noise (sd {@code noise}) on channel 0; channel 1 is a
     * distracting random walk. The rule (the frequency) is hidden behind the noise: the network has to integrate over
     * time.
     */
    public static FloatTable noisyFrequency(int n, int timeSteps, int classes, double noise, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] x = new float[n * 2 * timeSteps];
        float[] y = new float[n * classes];
        for (int i = 0; i < n; i++) {
            int c = r.nextInt(classes);
            double phase = 2 * Math.PI * r.nextDouble();
            double amp = 0.5 + r.nextDouble();
            int base = i * 2 * timeSteps;
            double walk = 0;
            for (int t = 0; t < timeSteps; t++) {
                double s = amp * Math.sin(2 * Math.PI * (c + 1) * t / timeSteps + phase);
                x[base + t] = (float) (s + noise * r.nextGaussian());
                walk += 0.3 * r.nextGaussian();
                x[base + timeSteps + t] = (float) walk;
            }
            y[i * classes + c] = 1f;
        }
        return new FloatTable(x, 2 * timeSteps, y, classes);
    }
}
