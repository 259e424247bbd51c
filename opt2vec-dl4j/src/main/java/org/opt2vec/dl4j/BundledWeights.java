package org.opt2vec.dl4j;

import org.opt2vec.controller.ControllerArchitecture;
import org.opt2vec.features.FeatureSet;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The meta-trained controllers that ship inside the jar, one file per update direction and architecture, listed
 * in a manifest with their SHA-256 and how they were made. A listed file that is missing or does not match its
 * checksum is a broken build: it fails loudly rather than running an untrained controller in silence.
 */
public final class BundledWeights {
    /** Classpath folder of the bundled weights. */
    public static final String RESOURCE_DIR = "/org/opt2vec/weights/";
    /** The manifest: {@code <file>.sha256} and {@code <file>.recipe} for every bundled file. */
    public static final String MANIFEST = RESOURCE_DIR + "bundled.properties";

    private static final Map<String, Optional<Opt2VecWeights>> CACHE = new ConcurrentHashMap<>();
    private static volatile Properties manifest;

    private BundledWeights() {
    }

    /** The resource file name of the weights for this direction and architecture. */
    public static String fileName(ControllerArchitecture arch, UpdateDirection direction) {
        return direction.configName() + "-" + arch.key() + ".o2vw";
    }

    /** The bundled weights for this direction and architecture, if this build ships them. */
    public static Optional<Opt2VecWeights> find(ControllerArchitecture arch, UpdateDirection direction) {
        return CACHE.computeIfAbsent(fileName(arch, direction), f -> load(f, arch));
    }

    /**
     * @throws IllegalStateException when none ship for this combination, naming what does ship
     */
    public static Opt2VecWeights require(ControllerArchitecture arch, UpdateDirection direction) {
        return find(arch, direction).orElseThrow(() -> new IllegalStateException("Opt2Vec ships no meta-trained "
                + "controller for direction=" + direction.configName() + " and " + arch + " (bundled: "
                + manifest().stringPropertyNames().stream().filter(k -> k.endsWith(".sha256"))
                .map(k -> k.substring(0, k.length() - ".sha256".length())).sorted().toList()
                + "). Use the default architecture, give weights explicitly (Opt2Vec.Builder.weights, e.g. from "
                + "meta-training), or say pretrained(false) to run the untrained controller."));
    }

    /**
     * The bundled weights of a feature set with Opt2Vec's default architecture otherwise (history, embedding,
     * activation): how a tool picks a bundled controller other than the default one.
     *
     * @throws IllegalStateException when none ship for it, naming what does ship
     */
    public static Opt2VecWeights require(FeatureSet featureSet, UpdateDirection direction) {
        Opt2Vec shape = new Opt2Vec.Builder().featureSet(featureSet).direction(direction).pretrained(false).build();
        return require(shape.architecture(), direction);
    }

    /** The recorded recipe (command, seed, commit, wall time) of a bundled file, if listed. */
    public static Optional<String> recipe(String fileName) {
        return Optional.ofNullable(manifest().getProperty(fileName + ".recipe"));
    }

    /** The recorded SHA-256 of a bundled file, if listed. */
    public static Optional<String> sha256(String fileName) {
        return Optional.ofNullable(manifest().getProperty(fileName + ".sha256"));
    }

    private static Optional<Opt2VecWeights> load(String fileName, ControllerArchitecture arch) {
        String expected = manifest().getProperty(fileName + ".sha256");
        String resource = RESOURCE_DIR + fileName;
        byte[] bytes;
        try (InputStream in = BundledWeights.class.getResourceAsStream(resource)) {
            if (in == null) {
                if (expected != null) {
                    throw new IllegalStateException("bundled weights " + resource + " are listed in " + MANIFEST
                            + " but missing from the class path: the Opt2Vec jar is incomplete; rebuild or reinstall it");
                }
                return Optional.empty();
            }
            bytes = in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read bundled weights " + resource, e);
        }
        if (expected == null) {
            throw new IllegalStateException("bundled weights " + resource + " are not listed in " + MANIFEST
                    + ": every shipped controller needs its checksum and recipe");
        }
        String actual = sha256(bytes);
        if (!actual.equalsIgnoreCase(expected)) {
            throw new IllegalStateException("bundled weights " + resource + " have SHA-256 " + actual + " but "
                    + MANIFEST + " lists " + expected + ": the jar is corrupt or was built from mixed sources");
        }
        Opt2VecWeights w = Opt2VecWeights.fromBytes(bytes, "resource " + resource);
        if (!w.architecture().equals(arch)) {
            throw new IllegalStateException("resource " + resource + " holds weights for " + w.architecture());
        }
        return Optional.of(w);
    }

    private static Properties manifest() {
        Properties p = manifest;
        if (p == null) {
            p = new Properties();
            try (InputStream in = BundledWeights.class.getResourceAsStream(MANIFEST)) {
                if (in != null) {
                    p.load(in);
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + MANIFEST, e);
            }
            manifest = p;
        }
        return p;
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
