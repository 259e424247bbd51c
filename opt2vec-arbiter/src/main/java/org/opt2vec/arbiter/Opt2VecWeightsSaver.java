package org.opt2vec.arbiter;

import org.deeplearning4j.arbiter.optimize.api.OptimizationResult;
import org.deeplearning4j.arbiter.optimize.api.saving.ResultReference;
import org.deeplearning4j.arbiter.optimize.api.saving.ResultSaver;
import org.opt2vec.dl4j.Opt2Vec;
import org.opt2vec.dl4j.Opt2VecWeights;
import org.opt2vec.weights.AtomicFiles;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * An Arbiter {@link ResultSaver} for meta-trained Opt2Vec configurations: writes {@code <dir>/<index>/weights.o2vw}
 * (the checksummed weights file, loadable with {@code Opt2VecWeights.load}), {@code config.txt} and {@code score.txt}.
 */
public class Opt2VecWeightsSaver implements ResultSaver {
    public static final String WEIGHTS_FILE = "weights.o2vw";

    private final String path;

    public Opt2VecWeightsSaver(Path dir) {
        this.path = dir.toString();
    }

    public Path directory() {
        return Path.of(path);
    }

    /** Where the weights of candidate {@code index} are written. */
    public Path weightsFile(int index) {
        return directory().resolve(Integer.toString(index)).resolve(WEIGHTS_FILE);
    }

    @Override
    public ResultReference saveModel(OptimizationResult result, Object modelResult) throws IOException {
        if (!(modelResult instanceof Opt2Vec o) || o.getWeights() == null) {
            throw new IOException("Opt2VecWeightsSaver saves Opt2Vec configurations with weights, got " + modelResult);
        }
        Path dir = Files.createDirectories(directory().resolve(Integer.toString(result.getIndex())));
        Opt2Vec config = o.toBuilder().weights(null).build();
        o.getWeights().save(dir.resolve(WEIGHTS_FILE));
        AtomicFiles.write(dir.resolve("config.txt"), (config + "\nweights: " + o.getWeights() + "\n")
                .getBytes(StandardCharsets.UTF_8));
        AtomicFiles.write(dir.resolve("score.txt"), String.valueOf(result.getScore()).getBytes(StandardCharsets.UTF_8));
        return new Reference(result, config, dir.resolve(WEIGHTS_FILE).toString());
    }

    @Override
    public List<Class<?>> getSupportedCandidateTypes() {
        return List.of(Opt2Vec.class);
    }

    @Override
    public List<Class<?>> getSupportedModelTypes() {
        return List.of(Opt2Vec.class);
    }

    /** Loads the saved weights back into the candidate's configuration. */
    public static final class Reference implements ResultReference {
        private final OptimizationResult result;
        private final Opt2Vec config;
        private final String weightsFile;

        Reference(OptimizationResult result, Opt2Vec config, String weightsFile) {
            this.result = result;
            this.config = config;
            this.weightsFile = weightsFile;
        }

        @Override
        public OptimizationResult getResult() {
            return result;
        }

        /** The candidate's Opt2Vec configuration with its meta-trained weights, read from disk. */
        @Override
        public Opt2Vec getResultModel() throws IOException {
            return config.toBuilder().weights(Opt2VecWeights.load(Path.of(weightsFile))).build();
        }

        public Path weightsFile() {
            return Path.of(weightsFile);
        }
    }
}
