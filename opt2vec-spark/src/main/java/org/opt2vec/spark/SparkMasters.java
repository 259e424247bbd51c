package org.opt2vec.spark;

import org.apache.spark.SparkConf;

import java.io.File;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Spark master URLs for meta-training: checks that fail fast with a message that says what to fix (instead of Spark's
 * minute of retries against a master that is not there), and the settings that matter for inner runs.
 */
public final class SparkMasters {
    /** How long a TCP connection to a master may take before it counts as unreachable. */
    static final int CONNECT_TIMEOUT_MILLIS = 5_000;
    private static final Pattern LOCAL = Pattern.compile("local(\\[(\\*|[1-9][0-9]*)(,\\s*[1-9][0-9]*)?])?");
    private static final Pattern LOCAL_CLUSTER = Pattern.compile("local-cluster\\[[0-9]+,\\s*[0-9]+,\\s*[0-9]+]");
    private static final String URL_HELP = "use local[N] (N task threads in this JVM; local[N,F] retries a failed task "
            + "up to F times), spark://HOST:PORT (a standalone cluster), yarn, or k8s://https://HOST:PORT";

    private SparkMasters() {
    }

    /** True for the kinds of master URL these checks know: local..., spark://..., yarn, k8s://... */
    public static boolean accepts(String master) {
        if (master == null) {
            return false;
        }
        String m = master.trim();
        // Every local... is ours, so that check() can say what is wrong with a malformed one.
        return m.startsWith("local") || m.startsWith("spark://") || m.equals("yarn") || m.startsWith("k8s://");
    }

    /**
     * Checks a master URL before a Spark context is started on it.
     *
     * @throws IllegalArgumentException saying what is wrong and what to do
     */
    public static void check(String master) {
        if (master == null || master.isBlank()) {
            throw new IllegalArgumentException("no Spark master given: " + URL_HELP);
        }
        String m = master.trim();
        if (m.startsWith("local")) {
            if (!LOCAL.matcher(m).matches() && !LOCAL_CLUSTER.matcher(m).matches()) {
                throw new IllegalArgumentException("'" + m + "' is not a local Spark master: " + URL_HELP);
            }
            return;
        }
        if (m.startsWith("spark://")) {
            List<String> problems = new ArrayList<>();
            for (String hostPort : m.substring("spark://".length()).split(",")) {
                String problem = connect(hostPort, 7077);
                if (problem == null) {
                    return;                       // one reachable master of a high-availability list is enough
                }
                problems.add(hostPort + ": " + problem);
            }
            throw new IllegalArgumentException("cannot reach the Spark master " + m + " (" + String.join("; ", problems)
                    + "). Is it running (start one with $SPARK_HOME/sbin/start-master.sh) and is HOST:PORT the "
                    + "address its web page shows as 'URL: spark://...' (port 7077 by default)?");
        }
        if (m.equals("yarn")) {
            needsClass("org.apache.spark.deploy.yarn.YarnClusterManager", "yarn", "spark-yarn_2.12");
            if (System.getenv("HADOOP_CONF_DIR") == null && System.getenv("YARN_CONF_DIR") == null) {
                throw new IllegalArgumentException("master 'yarn' needs HADOOP_CONF_DIR or YARN_CONF_DIR in the "
                        + "environment: the directory with the cluster's core-site.xml and yarn-site.xml");
            }
            return;
        }
        if (m.startsWith("k8s://")) {
            needsClass("org.apache.spark.scheduler.cluster.k8s.KubernetesClusterManager", m,
                    "spark-kubernetes_2.12");
            String api = m.substring("k8s://".length());
            URI uri;
            try {
                uri = new URI(api.contains("://") ? api : "https://" + api);
            } catch (URISyntaxException e) {
                throw new IllegalArgumentException("'" + m + "' is not a Kubernetes master: use k8s://https://HOST:PORT "
                        + "(the API server of `kubectl cluster-info`)");
            }
            if (uri.getHost() == null) {
                throw new IllegalArgumentException("'" + m + "' names no host: use k8s://https://HOST:PORT");
            }
            String problem = connect(uri.getHost() + ":" + (uri.getPort() > 0 ? uri.getPort() : 443), 443);
            if (problem != null) {
                throw new IllegalArgumentException("cannot reach the Kubernetes API server of " + m + " (" + problem
                        + "); `kubectl cluster-info` shows its address");
            }
            return;
        }
        throw new IllegalArgumentException("'" + m + "' is not a Spark master URL: " + URL_HELP);
    }

    private static void needsClass(String className, String master, String artifact) {
        try {
            Class.forName(className, false, SparkMasters.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new IllegalArgumentException("master '" + master + "' needs Spark's " + artifact + " module, which "
                    + "the embedded Spark does not have: submit the assembly jar with the cluster's Spark instead, e.g. "
                    + "spark-submit --master " + master + " --deploy-mode client "
                    + "opt2vec-spark/target/opt2vec-spark-assembly.jar meta-train -o DIR [same options] "
                    + "(docs/spark.md)");
        }
    }

    /** Null when a TCP connection to HOST[:PORT] succeeds, else why it failed. */
    static String connect(String hostPort, int defaultPort) {
        String h = hostPort.trim();
        int colon = h.lastIndexOf(':');
        String host = colon > 0 ? h.substring(0, colon) : h;
        int port;
        try {
            port = colon > 0 ? Integer.parseInt(h.substring(colon + 1)) : defaultPort;
        } catch (NumberFormatException e) {
            return "'" + h.substring(colon + 1) + "' is not a port number";
        }
        if (host.isEmpty()) {
            return "no host";
        }
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(host, port), CONNECT_TIMEOUT_MILLIS);
            return null;
        } catch (IOException e) {
            return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
        }
    }

    /**
     * Sets the master and, unless {@code conf} has them already, the settings inner runs want: one core per task,
     * {@code OMP_NUM_THREADS=1} on executors (parallelism comes from Spark's task slots; one OpenMP thread per task is
     * faster for small networks), the serial garbage collector on executors, no console progress bar, and for cluster
     * masters the jars executors need.
     */
    public static SparkConf configure(String master, SparkConf conf) {
        check(master);
        String m = master.trim();
        conf.setMaster(m);
        conf.setIfMissing("spark.app.name", "opt2vec meta-train");
        conf.setIfMissing("spark.task.cpus", "1");
        conf.setIfMissing("spark.executorEnv.OMP_NUM_THREADS", "1");
        conf.setIfMissing("spark.ui.showConsoleProgress", "false");
        // Measured on a standalone cluster: inner runs took 44 % longer in executors with the JVM's default G1
        // collector than with the serial one, which the launchers use (docs/spark.md).
        conf.setIfMissing("spark.executor.extraJavaOptions", "-XX:+UseSerialGC");
        if (!m.startsWith("local") && !conf.contains("spark.jars")) {
            List<String> jars = applicationJars();
            if (!jars.isEmpty()) {
                conf.set("spark.jars", String.join(",", jars));
            }
        }
        return conf;
    }

    /**
     * The jars executors of a cluster need to run inner runs: this module's jar and its dependencies
     * ({@code target/opt2vec-spark.jar} and {@code target/lib/*.jar}, as the build leaves them), or the assembly jar
     * when this class was loaded from it. Empty when running from class directories (tests).
     */
    static List<String> applicationJars() {
        Path self;
        try {
            self = Path.of(SparkMasters.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException | RuntimeException e) {
            return List.of();
        }
        if (!Files.isRegularFile(self)) {
            return List.of();
        }
        List<String> jars = new ArrayList<>();
        jars.add(self.toAbsolutePath().toString());
        Path lib = self.getParent().resolve("lib");
        if (!self.getFileName().toString().contains("assembly") && Files.isDirectory(lib)) {
            try (Stream<Path> s = Files.list(lib)) {
                s.filter(p -> p.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".jar"))
                        .filter(p -> !p.getFileName().toString().startsWith("scala-"))
                        .sorted().forEach(p -> jars.add(p.toAbsolutePath().toString()));
            } catch (IOException e) {
                throw new IllegalStateException("cannot list " + lib + File.separator, e);
            }
        }
        return jars;
    }
}
