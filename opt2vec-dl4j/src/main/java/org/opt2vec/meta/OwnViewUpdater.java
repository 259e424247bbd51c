package org.opt2vec.meta;

import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.updater.MultiLayerUpdater;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.List;
import java.util.Map;

/**
 * DL4J's {@link MultiLayerUpdater}, made to take its precomputed path. {@code BaseMultiLayerUpdater.update} treats a
 * gradient whose {@code gradient()} is not the very object it holds as the network's flattened gradients as an
 * "external" gradient: it then makes fresh views of the gradient and the parameters for every variable, before and
 * after the updater and for the minibatch division, on every step (a native shape buffer, pointers and deallocator
 * references each; a quarter of the bytes an inner run allocates). In DL4J 1.0.0-M2.1 that is always the case for a
 * {@code MultiLayerNetwork}, because {@code DefaultGradient.gradient()} returns a new reshaped view of the flattened
 * gradients on every call. This class hands the updater the gradient with {@code gradient()} answering the flattened
 * gradients themselves when it is a view of exactly that memory, so the updater uses the views it made once; the
 * arithmetic (same memory, same operations, same order) and hence every result is unchanged.
 */
final class OwnViewUpdater extends MultiLayerUpdater {
    private static final long serialVersionUID = 1L;

    OwnViewUpdater(MultiLayerNetwork network) {
        super(network);
    }

    @Override
    public synchronized void update(Gradient gradient, int iteration, int epoch, int batchSize,
                                    LayerWorkspaceMgr workspaceMgr) {
        INDArray own = getFlattenedGradientsView();
        INDArray given = gradient.gradient();
        if (given != own && sameMemory(given, own)) {
            gradient = new OwnView(gradient, own);
        }
        super.update(gradient, iteration, epoch, batchSize, workspaceMgr);
    }

    /** Both arrays contiguous over the same elements of the same buffer. */
    private static boolean sameMemory(INDArray a, INDArray b) {
        return a != null && b != null && a.length() == b.length() && a.dataType() == b.dataType()
                && a.data().address() == b.data().address() && a.offset() == b.offset()
                && a.elementWiseStride() == 1 && b.elementWiseStride() == 1;
    }

    /** A gradient whose flattened form is the updater's own view; everything else is the original. */
    private record OwnView(Gradient delegate, INDArray flattened) implements Gradient {
        @Override public Map<String, INDArray> gradientForVariable() { return delegate.gradientForVariable(); }
        @Override public INDArray gradient(List<String> order) { return delegate.gradient(order); }
        @Override public INDArray gradient() { return flattened; }
        @Override public void clear() { delegate.clear(); }
        @Override public INDArray getGradientFor(String variable) { return delegate.getGradientFor(variable); }
        @Override public INDArray setGradientFor(String variable, INDArray gradient) {
            return delegate.setGradientFor(variable, gradient);
        }
        @Override public INDArray setGradientFor(String variable, INDArray gradient, Character order) {
            return delegate.setGradientFor(variable, gradient, order);
        }
        @Override public Character flatteningOrderForVariable(String variable) {
            return delegate.flatteningOrderForVariable(variable);
        }
    }
}
