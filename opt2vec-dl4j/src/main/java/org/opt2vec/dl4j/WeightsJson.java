package org.opt2vec.dl4j;

import org.nd4j.shade.jackson.core.JsonGenerator;
import org.nd4j.shade.jackson.core.JsonParser;
import org.nd4j.shade.jackson.databind.DeserializationContext;
import org.nd4j.shade.jackson.databind.JsonDeserializer;
import org.nd4j.shade.jackson.databind.JsonSerializer;
import org.nd4j.shade.jackson.databind.SerializerProvider;

import java.io.IOException;
import java.util.Base64;

/**
 * Explicit controller weights inside a network's JSON config: the checksummed weights file, base64-encoded,
 * so a config round-trips exactly and a damaged value is rejected rather than silently used.
 */
final class WeightsJson {
    private WeightsJson() {
    }

    static final class Serializer extends JsonSerializer<Opt2VecWeights> {
        @Override
        public void serialize(Opt2VecWeights value, JsonGenerator gen, SerializerProvider serializers)
                throws IOException {
            gen.writeString(Base64.getEncoder().encodeToString(value.toBytes()));
        }
    }

    static final class Deserializer extends JsonDeserializer<Opt2VecWeights> {
        @Override
        public Opt2VecWeights deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            byte[] bytes;
            try {
                bytes = Base64.getDecoder().decode(p.getValueAsString());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("Opt2Vec JSON: 'weights' is not valid base64: " + e.getMessage());
            }
            return Opt2VecWeights.fromBytes(bytes, "Opt2Vec JSON 'weights'");
        }
    }
}
