package org.opt2vec.arbiter;

import java.util.Map;

/**
 * One finished candidate of a sweep.
 *
 * @param index      Arbiter's candidate index
 * @param completed  true if the candidate completed and has a score; false if it failed
 * @param score      the score (NaN for failed candidates)
 * @param parameters the values of the searchable settings, by path (e.g. {@code updater.historyLength})
 * @param details    further per-candidate numbers (e.g. the final meta-loss), by column name
 * @param seconds    wall time of the candidate
 * @param artifact   where its saved model or weights are (empty if none)
 * @param error      the failure's first line (empty for completed candidates)
 */
public record SweepRecord(int index, boolean completed, double score, Map<String, String> parameters,
                          Map<String, String> details, double seconds, String artifact, String error) {
    public SweepRecord {
        // keep the column order (Map.copyOf would not)
        parameters = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(parameters));
        details = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(details));
        artifact = artifact == null ? "" : artifact;
        error = error == null ? "" : error;
    }

    /** A short label of the configuration, e.g. {@code embeddingDim=64 historyLength=16 activation=gelu}. */
    public String label(Iterable<String> columns) {
        StringBuilder sb = new StringBuilder();
        for (String c : columns) {
            if (sb.length() > 0) {
                sb.append(' ');
            }
            String shortName = c.substring(c.lastIndexOf('.') + 1);
            sb.append(shortName).append('=').append(parameters.getOrDefault(c, "?"));
        }
        return sb.length() == 0 ? "#" + index : sb.toString();
    }
}
