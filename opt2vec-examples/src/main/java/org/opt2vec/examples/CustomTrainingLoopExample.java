package org.opt2vec.examples;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.opt2vec.dl4j.Opt2Vec;
import org.opt2vec.dl4j.Opt2VecUpdater;
import org.opt2vec.dl4j.UpdateDirection;

/**
 * Opt2Vec in your own training loop, with no DL4J network: least-squares regression {@code y = Xw} with the
 * gradient computed by hand. Opt2Vec needs each step's loss before the update — inside {@code net.fit(...)} the
 * listener of {@code Opt2Vec.attach} provides it; here the loop calls {@link Opt2VecUpdater#observe} itself, then
 * {@code applyUpdater}, which turns the gradient into the update in place.
 *
 * <p>Run: {@code bin/opt2vec-example CustomTrainingLoop [steps=300]}
 */
public final class CustomTrainingLoopExample {
    private CustomTrainingLoopExample() {
    }

    public static void main(String[] args) {
        double[] loss = run(Examples.intArg(args, 0, 300));
        System.out.printf("loss %.6f at the start, %.6f after %d steps%n", loss[0], loss[1], (int) loss[2]);
    }

    /** @return the loss before and after training, and the number of steps */
    static double[] run(int steps) {
        Nd4j.getRandom().setSeed(9);
        int n = 256;
        INDArray x = Nd4j.randn(DataType.FLOAT, n, 10);
        INDArray y = x.mmul(Nd4j.randn(DataType.FLOAT, 10, 1));
        INDArray params = Nd4j.zeros(DataType.FLOAT, 10, 1);

        // The parameters start at zero, so the default relative direction (a step relative to the initial
        // parameters' RMS) would have no scale to go by and fall back to its floor; the adaptive direction's step
        // does not depend on it.
        Opt2Vec config = new Opt2Vec.Builder().direction(UpdateDirection.ADAPTIVE).build();
        INDArray state = Nd4j.zeros(DataType.FLOAT, 1, config.stateSize(params.length()));
        Opt2VecUpdater updater = (Opt2VecUpdater) config.instantiate(state, true);

        double initial = loss(x, y, params);
        for (int t = 0; t < steps; t++) {
            INDArray residual = x.mmul(params).subi(y);
            double loss = residual.norm2Number().doubleValue();
            loss = loss * loss / (2 * n);
            INDArray gradient = x.transpose().mmul(residual).divi(n).reshape(1, -1);   // the mean gradient

            updater.observe(loss, params.norm2Number().doubleValue());                 // this step's loss first
            updater.applyUpdater(gradient, t, 0);                                      // gradient -> update
            params.subi(gradient.reshape(10, 1));
            if (t % 50 == 0) {
                System.out.printf("step %4d  loss %.6f%n", t, loss);
            }
        }
        return new double[]{initial, loss(x, y, params), steps};
    }

    private static double loss(INDArray x, INDArray y, INDArray params) {
        double r = x.mmul(params).subi(y).norm2Number().doubleValue();
        return r * r / (2 * x.rows());
    }
}
