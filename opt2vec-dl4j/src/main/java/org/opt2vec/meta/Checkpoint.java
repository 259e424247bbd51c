package org.opt2vec.meta;

import org.opt2vec.weights.AtomicFiles;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.CRC32;

/**
 * Meta-training state after a completed meta-step, enough to continue exactly: meta-parameters θ, Adam's moments,
 * the per-step history, and the step counter. The counter is also the RNG position: every random choice of step k
 * (tasks, perturbations) is derived from (seed, k, index), so no generator state needs saving.
 *
 * <p>Binary format, big-endian: magic {@code "O2VCKPT1"}, int format version, UTF fingerprint of the configuration,
 * int numMetaSteps, numTasksPerStep, innerSteps, completedSteps, long elapsed nanoseconds, int n, then θ, m, v
 * (n doubles each), then five per-step series (completedSteps doubles each: meta-loss, lr scale, momentum, diverged
 * fraction, baseline meta-loss), and a CRC32 of everything before it (long). Written atomically (temp file + rename).
 */
record Checkpoint(String fingerprint, int numMetaSteps, int numTasksPerStep, int innerSteps, int completedSteps,
                  long elapsedNanos, double[] theta, double[] adamM, double[] adamV, List<Double> metaLosses,
                  List<Double> lrScales, List<Double> momenta, List<Double> divergedFractions,
                  List<Double> baselineMetaLosses) {
    static final byte[] MAGIC = "O2VCKPT1".getBytes(StandardCharsets.US_ASCII);
    static final int VERSION = 1;

    void write(Path file) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.write(MAGIC);
            out.writeInt(VERSION);
            out.writeUTF(fingerprint);
            out.writeInt(numMetaSteps);
            out.writeInt(numTasksPerStep);
            out.writeInt(innerSteps);
            out.writeInt(completedSteps);
            out.writeLong(elapsedNanos);
            out.writeInt(theta.length);
            for (double[] a : new double[][]{theta, adamM, adamV}) {
                for (double x : a) {
                    out.writeDouble(x);
                }
            }
            for (List<Double> l : List.of(metaLosses, lrScales, momenta, divergedFractions, baselineMetaLosses)) {
                for (int i = 0; i < completedSteps; i++) {
                    out.writeDouble(l.get(i));
                }
            }
        }
        byte[] body = bytes.toByteArray();
        CRC32 crc = new CRC32();
        crc.update(body);
        byte[] all = Arrays.copyOf(body, body.length + 8);
        java.nio.ByteBuffer.wrap(all, body.length, 8).putLong(crc.getValue());
        AtomicFiles.write(file, all);
    }

    /** @throws IllegalArgumentException when the file is not an intact checkpoint */
    static Checkpoint read(Path file) throws IOException {
        byte[] all = AtomicFiles.read(file);
        if (all.length == 0) {
            throw new IllegalArgumentException(file + ": empty file, not a meta-training checkpoint");
        }
        if (all.length < MAGIC.length + 12 || !Arrays.equals(Arrays.copyOf(all, MAGIC.length), MAGIC)) {
            throw new IllegalArgumentException(file + ": not an Opt2Vec meta-training checkpoint");
        }
        CRC32 crc = new CRC32();
        crc.update(all, 0, all.length - 8);
        long stored = java.nio.ByteBuffer.wrap(all, all.length - 8, 8).getLong();
        if (stored != crc.getValue()) {
            throw new IllegalArgumentException(file + ": checksum mismatch (file damaged or truncated)");
        }
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(all, MAGIC.length,
                all.length - 8 - MAGIC.length))) {
            int version = in.readInt();
            if (version != VERSION) {
                throw new IllegalArgumentException(file + ": checkpoint format version " + version + ", this build reads "
                        + VERSION);
            }
            String fp = in.readUTF();
            int total = in.readInt();
            int tasks = in.readInt();
            int inner = in.readInt();
            int done = in.readInt();
            long nanos = in.readLong();
            int n = in.readInt();
            if (n < 0 || done < 0 || done > total || (long) n * 24 + (long) done * 40 > all.length) {
                throw new IllegalArgumentException(file + ": inconsistent sizes in checkpoint");
            }
            double[][] arrays = new double[3][n];
            for (double[] a : arrays) {
                for (int i = 0; i < n; i++) {
                    a[i] = in.readDouble();
                }
            }
            List<List<Double>> series = new ArrayList<>();
            for (int s = 0; s < 5; s++) {
                List<Double> l = new ArrayList<>(done);
                for (int i = 0; i < done; i++) {
                    l.add(in.readDouble());
                }
                series.add(l);
            }
            return new Checkpoint(fp, total, tasks, inner, done, nanos, arrays[0], arrays[1], arrays[2], series.get(0),
                    series.get(1), series.get(2), series.get(3), series.get(4));
        }
    }
}
