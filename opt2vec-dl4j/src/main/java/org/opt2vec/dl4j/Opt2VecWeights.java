package org.opt2vec.dl4j;

import org.opt2vec.controller.ControllerArchitecture;
import org.opt2vec.controller.OutputMapping;
import org.opt2vec.weights.AtomicFiles;
import org.opt2vec.weights.UntrainedWeights;
import org.opt2vec.weights.WeightsCodec;

import java.io.IOException;
import java.io.Serializable;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Immutable controller weights together with the architecture they belong to and a note on how they were made.
 * Files use the checksummed format of {@link WeightsCodec} and are written atomically.
 */
public final class Opt2VecWeights implements Serializable {
    private static final long serialVersionUID = 1L;

    private static final Map<ControllerArchitecture, Opt2VecWeights> UNTRAINED = new ConcurrentHashMap<>();

    private final ControllerArchitecture architecture;
    private final double[] values;
    private final String provenance;

    private Opt2VecWeights(ControllerArchitecture architecture, double[] values, String provenance) {
        this.architecture = architecture;
        this.values = values;
        this.provenance = provenance == null ? "" : provenance;
    }

    /**
     * @throws IllegalArgumentException when the number of values does not fit the architecture or one is not finite
     */
    public static Opt2VecWeights of(ControllerArchitecture architecture, double[] values, String provenance) {
        if (values.length != architecture.parameterCount()) {
            throw new IllegalArgumentException("weights: " + values.length + " values given but " + architecture
                    + " needs " + architecture.parameterCount());
        }
        for (int i = 0; i < values.length; i++) {
            if (!Double.isFinite(values[i])) {
                throw new IllegalArgumentException("weights: value " + i + " is not finite (" + values[i] + ")");
            }
        }
        return new Opt2VecWeights(architecture, values.clone(), provenance);
    }

    /** The untrained controller of this architecture: lr scale 1 and momentum 0.9 for any history. */
    public static Opt2VecWeights untrained(ControllerArchitecture architecture) {
        return UNTRAINED.computeIfAbsent(architecture,
                a -> new Opt2VecWeights(a, UntrainedWeights.create(a), "untrained (seed " + UntrainedWeights.SEED + ")"));
    }

    /**
     * A controller that outputs this lr scale and momentum whatever the history (zero head weights, head biases from
     * the mapping's inverse). Used as the "best constant controller" ablation.
     */
    public static Opt2VecWeights constant(ControllerArchitecture architecture, OutputMapping mapping, double lrScale,
                                          double momentum) {
        double[] w = UntrainedWeights.create(architecture);
        w[architecture.lrBiasOffset()] = mapping.lrHeadFor(lrScale);
        w[architecture.momentumBiasOffset()] = mapping.momentumHeadFor(momentum);
        return of(architecture, w, String.format(java.util.Locale.ROOT, "constant controller (lr scale %s, momentum %s)",
                lrScale, momentum));
    }

    /**
     * Loads a weights file, checking format, version, length, checksum and architecture consistency.
     *
     * @throws IllegalArgumentException saying which check failed (nothing is half-loaded)
     */
    public static Opt2VecWeights load(Path file) throws IOException {
        return fromBytes(AtomicFiles.read(file), file.toString());
    }

    /** Writes the weights atomically: readers see the old file or the new one, never a partial one. */
    public void save(Path file) throws IOException {
        AtomicFiles.write(file, toBytes());
    }

    public byte[] toBytes() {
        return WeightsCodec.encode(architecture, values, provenance);
    }

    public static Opt2VecWeights fromBytes(byte[] data, String source) {
        WeightsCodec.Decoded d = WeightsCodec.decode(data, source);
        return new Opt2VecWeights(d.architecture(), d.values(), d.provenance());
    }

    public ControllerArchitecture architecture() {
        return architecture;
    }

    /** A copy of the flat weight vector (layout: {@link ControllerArchitecture}). */
    public double[] values() {
        return values.clone();
    }

    /**
     * The flat weight vector itself, for this package's readers that only read it: an updater reads the weights once
     * per run, and meta-training starts thousands of runs, each of which would otherwise copy them.
     */
    double[] sharedValues() {
        return values;
    }

    /** How these weights were made (command, seed, budget); empty if unknown. */
    public String provenance() {
        return provenance;
    }

    public int parameterCount() {
        return values.length;
    }

    /** Same architecture and values; provenance is a note and does not take part. */
    @Override
    public boolean equals(Object o) {
        return this == o || (o instanceof Opt2VecWeights w && architecture.equals(w.architecture)
                && Arrays.equals(values, w.values));
    }

    @Override
    public int hashCode() {
        return 31 * architecture.hashCode() + Arrays.hashCode(values);
    }

    @Override
    public String toString() {
        return "Opt2VecWeights{" + architecture + ", " + values.length + " values"
                + (provenance.isEmpty() ? "" : ", " + provenance) + "}";
    }
}
