package org.opt2vec.weights;

import org.opt2vec.controller.Activation;
import org.opt2vec.controller.ControllerArchitecture;
import org.opt2vec.features.FeatureSet;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;

/**
 * The binary format of controller weights files ({@code .o2vw}), big-endian:
 * <pre>
 *   "O2VW"                       magic, 4 bytes
 *   int    format version        ({@value #FORMAT_VERSION}; version 1 files, written before feature sets existed,
 *                                 lack the feature-set string and hold feature set v1)
 *   int    historyLength, featureCount, embeddingDim
 *   string activation            (int byte length + UTF-8)
 *   string featureSet            ("v1" to "v5"; version 2 only)
 *   int    parameterCount        (must equal the architecture's)
 *   string provenance            (how the weights were made: command, seed, ...)
 *   double x parameterCount      weights
 *   long   CRC32 of all bytes above
 * </pre>
 * Decoding checks each part in order and says which check failed; nothing is returned unless all pass.
 */
public final class WeightsCodec {
    public static final int FORMAT_VERSION = 2;
    private static final byte[] MAGIC = {'O', '2', 'V', 'W'};

    private WeightsCodec() {
    }

    /** The decoded content of a weights file. */
    public record Decoded(ControllerArchitecture architecture, double[] values, String provenance) {
    }

    public static byte[] encode(ControllerArchitecture arch, double[] values, String provenance) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream(64 + values.length * 8);
            DataOutputStream out = new DataOutputStream(bytes);
            out.write(MAGIC);
            out.writeInt(FORMAT_VERSION);
            out.writeInt(arch.historyLength());
            out.writeInt(arch.featureCount());
            out.writeInt(arch.embeddingDim());
            writeString(out, arch.activation().configName());
            writeString(out, arch.featureSet().configName());
            out.writeInt(values.length);
            writeString(out, provenance == null ? "" : provenance);
            for (double v : values) {
                out.writeDouble(v);
            }
            out.flush();
            CRC32 crc = new CRC32();
            crc.update(bytes.toByteArray());
            out.writeLong(crc.getValue());
            out.flush();
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);   // cannot happen with an in-memory stream
        }
    }

    /**
     * @param source names the data in messages (a file path, "resource ...", "JSON")
     * @throws IllegalArgumentException saying what is wrong: empty, not a weights file, unsupported version,
     *                                  truncated, checksum mismatch, inconsistent architecture, non-finite values
     */
    public static Decoded decode(byte[] data, String source) {
        if (data.length == 0) {
            throw new IllegalArgumentException(source + ": empty file, not Opt2Vec weights");
        }
        if (data.length < MAGIC.length || data[0] != MAGIC[0] || data[1] != MAGIC[1] || data[2] != MAGIC[2]
                || data[3] != MAGIC[3]) {
            throw new IllegalArgumentException(source + ": not an Opt2Vec weights file (bad magic bytes)");
        }
        ByteBuffer in = ByteBuffer.wrap(data);
        in.position(MAGIC.length);
        try {
            int version = in.getInt();
            if (version != 1 && version != FORMAT_VERSION) {
                throw new IllegalArgumentException(source + ": weights format version " + version
                        + ", this build reads versions 1 to " + FORMAT_VERSION);
            }
            int h = in.getInt();
            int f = in.getInt();
            int e = in.getInt();
            String activation = readString(in, source);
            String featureSet = version == 1 ? FeatureSet.V1.configName() : readString(in, source);
            int count = in.getInt();
            String provenance = readString(in, source);
            long expected = (long) in.position() + 8L * Math.max(count, 0) + 8L;
            if (count < 0 || data.length < expected) {
                throw new IllegalArgumentException(source + ": truncated: expected " + expected
                        + " bytes, found " + data.length);
            }
            if (data.length > expected) {
                throw new IllegalArgumentException(source + ": " + (data.length - expected)
                        + " unexpected trailing bytes after the weights");
            }
            CRC32 crc = new CRC32();
            crc.update(data, 0, data.length - 8);
            long stored = ByteBuffer.wrap(data, data.length - 8, 8).getLong();
            if (stored != crc.getValue()) {
                throw new IllegalArgumentException(source + ": checksum mismatch: the file was altered or corrupted");
            }
            ControllerArchitecture arch;
            try {
                arch = new ControllerArchitecture(h, FeatureSet.fromName(featureSet), f, e,
                        Activation.fromName(activation));
            } catch (IllegalArgumentException bad) {
                throw new IllegalArgumentException(source + ": invalid architecture in header: " + bad.getMessage());
            }
            if (count != arch.parameterCount()) {
                throw new IllegalArgumentException(source + ": holds " + count + " weights but architecture "
                        + arch + " needs " + arch.parameterCount());
            }
            double[] values = new double[count];
            for (int i = 0; i < count; i++) {
                values[i] = in.getDouble();
                if (!Double.isFinite(values[i])) {
                    throw new IllegalArgumentException(source + ": weight " + i + " is not finite");
                }
            }
            return new Decoded(arch, values, provenance);
        } catch (BufferUnderflowException eof) {
            throw new IllegalArgumentException(source + ": truncated: the header ends after " + data.length
                    + " bytes");
        }
    }

    private static void writeString(DataOutputStream out, String s) throws IOException {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        out.writeInt(b.length);
        out.write(b);
    }

    private static String readString(ByteBuffer in, String source) {
        int n = in.getInt();
        if (n < 0 || n > in.remaining()) {
            throw new IllegalArgumentException(source + ": truncated or corrupt header (string of " + n
                    + " bytes, " + in.remaining() + " left)");
        }
        byte[] b = new byte[n];
        in.get(b);
        return new String(b, StandardCharsets.UTF_8);
    }
}
