package org.opt2vec.arbiter;

import org.deeplearning4j.arbiter.BaseNetworkSpace;
import org.deeplearning4j.arbiter.optimize.api.ParameterSpace;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Names the searchable leaves of a space tree by path ({@code updater.historyLength}, {@code layer0.nOut} …), so
 * result tables can show what each candidate was.
 */
final class SpaceNames {
    private SpaceNames() {
    }

    /** The leaves that take part in the search (numParameters() &gt; 0), each once, by path. */
    static Map<String, ParameterSpace<?>> searchableLeaves(ParameterSpace<?> root) {
        Map<String, ParameterSpace<?>> out = new LinkedHashMap<>();
        IdentityHashMap<ParameterSpace<?>, Boolean> seen = new IdentityHashMap<>();
        walk(root, "", out, seen, new IdentityHashMap<>());
        return out;
    }

    private static void walk(ParameterSpace<?> node, String path, Map<String, ParameterSpace<?>> out,
                             IdentityHashMap<ParameterSpace<?>, Boolean> seenLeaves,
                             IdentityHashMap<ParameterSpace<?>, Boolean> visited) {
        if (node == null || visited.put(node, Boolean.TRUE) != null) {
            return;
        }
        if (node.isLeaf()) {
            if (node.numParameters() > 0 && seenLeaves.put(node, Boolean.TRUE) == null) {
                out.put(path.isEmpty() ? "value" : path, node);
            }
            return;
        }
        for (Map.Entry<String, ParameterSpace> e : node.getNestedSpaces().entrySet()) {
            walk(e.getValue(), join(path, e.getKey()), out, seenLeaves, visited);
        }
        if (node instanceof BaseNetworkSpace<?> net && net.getLayerSpaces() != null) {
            int i = 0;
            for (BaseNetworkSpace.LayerConf lc : net.getLayerSpaces()) {
                String name = lc.getLayerName() != null ? lc.getLayerName() : "layer" + i;
                walk(lc.getNumLayers(), join(path, name + ".numLayers"), out, seenLeaves, visited);
                walk(lc.getLayerSpace(), join(path, name), out, seenLeaves, visited);
                i++;
            }
        }
    }

    private static String join(String a, String b) {
        return a.isEmpty() ? b : a + "." + b;
    }

    /** Every Opt2VecSpace in the tree (network updater, bias updater, per-layer updaters, or the root itself). */
    static List<Opt2VecSpace> opt2VecSpaces(ParameterSpace<?> root) {
        List<Opt2VecSpace> out = new ArrayList<>();
        collect(root, out, new IdentityHashMap<>());
        return out;
    }

    private static void collect(ParameterSpace<?> node, List<Opt2VecSpace> out,
                                IdentityHashMap<ParameterSpace<?>, Boolean> visited) {
        if (node == null || visited.put(node, Boolean.TRUE) != null) {
            return;
        }
        if (node instanceof Opt2VecSpace s) {
            out.add(s);
            return;
        }
        if (node.isLeaf()) {
            return;
        }
        for (ParameterSpace<?> p : node.getNestedSpaces().values()) {
            collect(p, out, visited);
        }
        if (node instanceof BaseNetworkSpace<?> net && net.getLayerSpaces() != null) {
            for (BaseNetworkSpace.LayerConf lc : net.getLayerSpaces()) {
                collect(lc.getLayerSpace(), out, visited);
            }
        }
    }

    /** The value of every searchable leaf for a candidate's flat parameters ("?" where it cannot be read). */
    static Map<String, String> describe(Map<String, ParameterSpace<?>> leaves, double[] flat) {
        Map<String, String> out = new LinkedHashMap<>();
        for (Map.Entry<String, ParameterSpace<?>> e : leaves.entrySet()) {
            String v;
            try {
                v = flat == null ? "?" : format(e.getValue().getValue(flat));
            } catch (RuntimeException ex) {
                v = "?";
            }
            out.put(e.getKey(), v);
        }
        return out;
    }

    static String format(Object v) {
        if (v instanceof Double d) {
            return String.format(java.util.Locale.ROOT, "%.6g", d);
        }
        if (v instanceof Float f) {
            return String.format(java.util.Locale.ROOT, "%.6g", f);
        }
        return String.valueOf(v);
    }
}
