package org.opt2vec.meta;

import org.opt2vec.weights.AtomicFiles;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.CRC32;

/**
 * Meta-training state after a completed meta-step, enough to continue exactly: meta-parameters θ, Adam's moments,
 * the per-step history, the step counter and the running sum of the averaged iterates ({@link IterateAverage}). The
 * counter is also the RNG position: every random choice of step k (tasks, perturbations) is derived from
 * (seed, k, index), so no generator state needs saving.
 *
 * <p>Binary format, big-endian: magic {@code "O2VCKPT1"}, int format version ({@value #VERSION}), UTF fingerprint of
 * the configuration, int numMetaSteps, numTasksPerStep, innerSteps, completedSteps, long elapsed nanoseconds, int n,
 * then θ, m, v (n doubles each), then one record per completed step ({@value #STEP_FIELDS} doubles: the fields of
 * {@link MetaStep} after its index), then int averageFrom (-1: no averaging) and, when it is not -1, the running sum
 * of the averaged iterates (n doubles), and a CRC32 of everything before it (long). Written atomically. Version 2
 * files (without the averaging fields) are read as runs without averaging.
 */
record Checkpoint(String fingerprint, int numMetaSteps, int numTasksPerStep, int innerSteps, long elapsedNanos,
                  double[] theta, double[] adamM, double[] adamV, List<MetaStep> history, IterateAverage average) {
    static final byte[] MAGIC = "O2VCKPT1".getBytes(StandardCharsets.US_ASCII);
    static final int VERSION = 3;
    private static final int VERSION_WITHOUT_AVERAGE = 2;
    static final int STEP_FIELDS = 7;

    int completedSteps() {
        return history.size();
    }

    void write(Path file) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.write(MAGIC);
            out.writeInt(VERSION);
            out.writeUTF(fingerprint);
            out.writeInt(numMetaSteps);
            out.writeInt(numTasksPerStep);
            out.writeInt(innerSteps);
            out.writeInt(history.size());
            out.writeLong(elapsedNanos);
            out.writeInt(theta.length);
            for (double[] a : new double[][]{theta, adamM, adamV}) {
                for (double x : a) {
                    out.writeDouble(x);
                }
            }
            for (MetaStep s : history) {
                for (double x : new double[]{s.metaLoss(), s.baselineMetaLoss(), s.lrScale(), s.momentum(),
                        s.divergedFraction(), s.failedFraction(), s.seconds()}) {
                    out.writeDouble(x);
                }
            }
            out.writeInt(average.enabled() ? average.from() : -1);
            if (average.enabled()) {
                for (double x : average.sum()) {
                    out.writeDouble(x);
                }
            }
        }
        byte[] body = bytes.toByteArray();
        CRC32 crc = new CRC32();
        crc.update(body);
        byte[] all = Arrays.copyOf(body, body.length + 8);
        ByteBuffer.wrap(all, body.length, 8).putLong(crc.getValue());
        AtomicFiles.write(file, all);
    }

    /** @throws IllegalArgumentException when the file is not an intact checkpoint of this format */
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
        long stored = ByteBuffer.wrap(all, all.length - 8, 8).getLong();
        if (stored != crc.getValue()) {
            throw new IllegalArgumentException(file + ": checksum mismatch (file damaged or truncated)");
        }
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(all, MAGIC.length,
                all.length - 8 - MAGIC.length))) {
            int version = in.readInt();
            if (version != VERSION && version != VERSION_WITHOUT_AVERAGE) {
                throw new IllegalArgumentException(file + ": checkpoint format version " + version + ", this build reads "
                        + VERSION + "; start the run again (an older Opt2Vec wrote it)");
            }
            String fp = in.readUTF();
            int total = in.readInt();
            int tasks = in.readInt();
            int inner = in.readInt();
            int done = in.readInt();
            long nanos = in.readLong();
            int n = in.readInt();
            if (n < 0 || done < 0 || done > total
                    || (long) n * 24 + (long) done * STEP_FIELDS * 8 > all.length) {
                throw new IllegalArgumentException(file + ": inconsistent sizes in checkpoint");
            }
            double[][] arrays = new double[3][n];
            for (double[] a : arrays) {
                for (int i = 0; i < n; i++) {
                    a[i] = in.readDouble();
                }
            }
            List<MetaStep> history = new ArrayList<>(done);
            for (int k = 0; k < done; k++) {
                double[] f = new double[STEP_FIELDS];
                for (int i = 0; i < STEP_FIELDS; i++) {
                    f[i] = in.readDouble();
                }
                history.add(new MetaStep(k, f[0], f[1], f[2], f[3], f[4], f[5], f[6]));
            }
            IterateAverage average = IterateAverage.NONE;
            if (version == VERSION) {
                int from = in.readInt();
                if (from < -1 || (from >= 0 && (long) n * 8 > in.available())) {
                    throw new IllegalArgumentException(file + ": inconsistent iterate-averaging fields in checkpoint");
                }
                if (from >= 0) {
                    double[] sum = new double[n];
                    for (int i = 0; i < n; i++) {
                        sum[i] = in.readDouble();
                    }
                    average = new IterateAverage(from, sum);
                }
            }
            if (in.available() != 0) {
                throw new IllegalArgumentException(file + ": " + in.available() + " unexpected bytes at the end of the "
                        + "checkpoint");
            }
            return new Checkpoint(fp, total, tasks, inner, nanos, arrays[0], arrays[1], arrays[2],
                    List.copyOf(history), average);
        }
    }
}
