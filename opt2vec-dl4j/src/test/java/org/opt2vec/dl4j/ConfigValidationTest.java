package org.opt2vec.dl4j;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.function.UnaryOperator;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ConfigValidationTest {

    static Stream<Arguments> invalid() {
        return Stream.of(
                Arguments.of("embeddingDim", (UnaryOperator<Opt2Vec.Builder>) b -> b.embeddingDim(0)),
                Arguments.of("embeddingDim", (UnaryOperator<Opt2Vec.Builder>) b -> b.embeddingDim(-5)),
                Arguments.of("historyLength", (UnaryOperator<Opt2Vec.Builder>) b -> b.historyLength(1)),
                Arguments.of("activation", (UnaryOperator<Opt2Vec.Builder>) b -> b.activation("sigmoidal")),
                Arguments.of("activation", (UnaryOperator<Opt2Vec.Builder>) b -> b.activation(null)),
                Arguments.of("lrScaleRange", (UnaryOperator<Opt2Vec.Builder>) b -> b.lrScaleRange(5, 1)),
                Arguments.of("lrScaleRange", (UnaryOperator<Opt2Vec.Builder>) b -> b.lrScaleRange(0, 1)),
                Arguments.of("momentumRange", (UnaryOperator<Opt2Vec.Builder>) b -> b.momentumRange(0.9, 0.5)),
                Arguments.of("momentumRange", (UnaryOperator<Opt2Vec.Builder>) b -> b.momentumRange(0, 1)),
                Arguments.of("baseLr", (UnaryOperator<Opt2Vec.Builder>) b -> b.baseLr(Double.NaN)),
                Arguments.of("baseLr", (UnaryOperator<Opt2Vec.Builder>) b -> b.baseLr(-0.01)),
                Arguments.of("baseLr", (UnaryOperator<Opt2Vec.Builder>) b -> b.baseLr(Double.POSITIVE_INFINITY)),
                Arguments.of("maxGradNorm", (UnaryOperator<Opt2Vec.Builder>) b -> b.maxGradNorm(Double.NaN)),
                Arguments.of("beta2", (UnaryOperator<Opt2Vec.Builder>) b -> b.beta2(1.0)),
                Arguments.of("beta2", (UnaryOperator<Opt2Vec.Builder>) b -> b.beta2(Double.NaN)),
                Arguments.of("epsilon", (UnaryOperator<Opt2Vec.Builder>) b -> b.epsilon(0)),
                Arguments.of("trainingSteps", (UnaryOperator<Opt2Vec.Builder>) b -> b.trainingSteps(-1)),
                // pretrained (the default) needs a controller this build ships
                Arguments.of("pretrained", (UnaryOperator<Opt2Vec.Builder>) b -> b.embeddingDim(8)),
                Arguments.of("pretrained", (UnaryOperator<Opt2Vec.Builder>) b -> b.direction(UpdateDirection.MOMENTUM)),
                Arguments.of("lrScale", (UnaryOperator<Opt2Vec.Builder>) b -> b.constantController(1e3, 0.9)),
                Arguments.of("momentum", (UnaryOperator<Opt2Vec.Builder>) b -> b.constantController(1, 0.995)),
                // weights adopt their architecture; changing it afterwards is a mismatch
                Arguments.of("weights", (UnaryOperator<Opt2Vec.Builder>) b -> b
                        .weights(Opt2VecWeights.untrained(new Opt2Vec.Builder().embeddingDim(16).pretrained(false).build()
                                .architecture()))
                        .embeddingDim(8)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalid")
    void invalidConfigFailsAtBuildNamingTheField(String field, UnaryOperator<Opt2Vec.Builder> change) {
        Opt2Vec.Builder b = change.apply(new Opt2Vec.Builder());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, b::build);
        assertTrue(e.getMessage().startsWith(field + ":"), e.getMessage());
    }

    @Test
    void weightsBringTheirArchitecture() {
        Opt2VecWeights w = Opt2VecWeights.untrained(new Opt2Vec.Builder().embeddingDim(16).historyLength(4)
                .featureSet(org.opt2vec.features.FeatureSet.V1).pretrained(false).build().architecture());
        Opt2Vec o = new Opt2Vec.Builder().weights(w).build();
        org.junit.jupiter.api.Assertions.assertEquals(w.architecture(), o.architecture());
        org.junit.jupiter.api.Assertions.assertEquals(16, o.getEmbeddingDim());
    }

    @Test
    void defaultsAndEdgeValuesAreValid() {
        assertDoesNotThrow(() -> new Opt2Vec());
        assertDoesNotThrow(() -> new Opt2Vec(0.1));
        assertDoesNotThrow(() -> new Opt2Vec.Builder().maxGradNorm(-1).lrScaleRange(1, 1).momentumRange(0, 0)
                .historyLength(2).embeddingDim(1).activation("TANH").pretrained(false).build());
    }

    @Test
    void setLrAndScheduleRejectsInvalidRates() {
        Opt2Vec o = new Opt2Vec();
        assertThrows(IllegalArgumentException.class, () -> o.setLrAndSchedule(Double.NaN, null));
        o.setLrAndSchedule(0.5, null);
        org.junit.jupiter.api.Assertions.assertEquals(0.5, o.getLearningRate(0, 0));
    }
}
