package org.opt2vec.cli.train;

import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.DropoutLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.lossfunctions.LossFunctions;
import org.opt2vec.cli.common.ParsingConverter;
import org.opt2vec.cli.common.UserException;
import org.opt2vec.cli.data.Data;

/** The networks of the MNIST comparison. */
public enum Networks {
    /** The original's TinyCNN: conv 8@5x5/2 → conv 16@3x3/2 → dense 32 → dropout 0.2 → softmax 10. */
    TINYCNN("tinycnn"),
    /** An MLP: dense 128 (ReLU) → softmax. */
    MLP("mlp");

    private final String cliName;

    Networks(String cliName) {
        this.cliName = cliName;
    }

    public String cliName() {
        return cliName;
    }

    @Override
    public String toString() {
        return cliName;
    }

    public MultiLayerNetwork build(Data data, IUpdater updater, long seed) {
        NeuralNetConfiguration.ListBuilder b = new NeuralNetConfiguration.Builder()
                .seed(seed)
                .updater(updater)
                .weightInit(WeightInit.RELU)
                .list();
        if (this == TINYCNN) {
            int[] img = data.imageShape();
            if (img == null) {
                throw new UserException(org.opt2vec.cli.common.ExitCodes.USAGE, "--net tinycnn needs image data (MNIST); "
                        + data.name() + " is tabular: use --net mlp");
            }
            b.layer(new ConvolutionLayer.Builder(5, 5).stride(2, 2).nOut(8).activation(Activation.RELU).build())
                    .layer(new ConvolutionLayer.Builder(3, 3).stride(2, 2).nOut(16).activation(Activation.RELU).build())
                    .layer(new DenseLayer.Builder().nOut(32).activation(Activation.RELU).build())
                    // DL4J's argument is the probability of keeping an activation: dropout 0.2 = retain 0.8.
                    .layer(new DropoutLayer.Builder(0.8).build())
                    .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(data.numClasses())
                            .activation(Activation.SOFTMAX).weightInit(WeightInit.XAVIER).build())
                    .setInputType(InputType.convolutionalFlat(img[0], img[1], img[2]));
        } else {
            b.layer(new DenseLayer.Builder().nIn(data.numInputs()).nOut(128).activation(Activation.RELU).build())
                    .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(128).nOut(data.numClasses())
                            .activation(Activation.SOFTMAX).weightInit(WeightInit.XAVIER).build());
        }
        MultiLayerConfiguration conf = b.build();
        conf.setTrainingWorkspaceMode(org.deeplearning4j.nn.conf.WorkspaceMode.ENABLED);
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        return net;
    }

    /** tinycnn (or cnn), mlp. */
    public static Networks parse(String s) {
        return switch (s.trim().toLowerCase(java.util.Locale.ROOT)) {
            case "tinycnn", "cnn" -> TINYCNN;
            case "mlp" -> MLP;
            default -> throw new IllegalArgumentException("unknown network '" + s + "' (valid: tinycnn, mlp)");
        };
    }

    /** Picocli converter of {@link #parse}. */
    public static final class Converter extends ParsingConverter<Networks> {
        public Converter() {
            super(Networks::parse);
        }
    }
}
