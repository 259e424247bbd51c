package org.opt2vec.cli.sweep;

import org.opt2vec.cli.common.OptionLists;
import org.opt2vec.dl4j.BundledWeights;
import org.opt2vec.dl4j.Opt2Vec;
import picocli.CommandLine;
import picocli.CommandLine.Option;

import java.util.ArrayList;
import java.util.List;

/** The controller architectures a sweep covers: lists of embedding dimensions, history lengths and activations. */
public final class ControllerSpaceOptions {
    @Option(names = "--embedding-dims", paramLabel = "LIST",
            description = "Embedding dimensions, comma-separated, each in [1, 1024] (default: ${DEFAULT-VALUE}).")
    String embeddingDims;

    @Option(names = "--history-lengths", paramLabel = "LIST",
            description = "History lengths, comma-separated, each in [2, 512] (default: ${DEFAULT-VALUE}).")
    String historyLengths;

    @Option(names = "--activations", paramLabel = "LIST",
            description = "Controller activations, comma-separated: gelu, swish, relu, tanh (default: ${DEFAULT-VALUE}).")
    String activations;

    public List<Integer> embeddingDims(CommandLine cl) {
        return OptionLists.ints(cl, "--embedding-dims", embeddingDims, "32,64,128");
    }

    public List<Integer> historyLengths(CommandLine cl) {
        return OptionLists.ints(cl, "--history-lengths", historyLengths, "8,16,32");
    }

    public List<String> activations(CommandLine cl) {
        return OptionLists.names(cl, "--activations", activations, "gelu,relu");
    }

    /** The architectures of these lists that have no bundled meta-trained weights. */
    public List<String> withoutBundledWeights(CommandLine cl) {
        List<String> missing = new ArrayList<>();
        for (int e : embeddingDims(cl)) {
            for (int h : historyLengths(cl)) {
                for (String a : activations(cl)) {
                    Opt2Vec o = new Opt2Vec.Builder().embeddingDim(e).historyLength(h).activation(a).pretrained(false)
                            .build();
                    if (BundledWeights.find(o.architecture(), o.getDirection()).isEmpty()) {
                        missing.add("embeddingDim=" + e + " historyLength=" + h + " activation=" + a);
                    }
                }
            }
        }
        return missing;
    }

    /** How many architectures the lists span. */
    public int count(CommandLine cl) {
        return embeddingDims(cl).size() * historyLengths(cl).size() * activations(cl).size();
    }
}
