package org.opt2vec.cli.common;

import java.util.List;
import java.util.Locale;

/** A small Markdown builder for report.md. */
public final class Markdown {
    private final StringBuilder sb = new StringBuilder();

    public Markdown h1(String s) { sb.append("# ").append(s).append("\n\n"); return this; }
    public Markdown h2(String s) { sb.append("\n## ").append(s).append("\n\n"); return this; }
    public Markdown para(String s) { sb.append(s).append("\n\n"); return this; }
    public Markdown line(String s) { sb.append(s).append('\n'); return this; }
    public Markdown code(String s) { sb.append("```\n").append(s).append("\n```\n\n"); return this; }
    public Markdown image(String alt, String file) { sb.append("![").append(alt).append("](").append(file).append(")\n\n"); return this; }

    public Markdown table(List<String> header, List<List<String>> rows) {
        sb.append("| ").append(String.join(" | ", header)).append(" |\n|");
        header.forEach(h -> sb.append("---|"));
        sb.append('\n');
        for (List<String> r : rows) {
            sb.append("| ").append(String.join(" | ", r)).append(" |\n");
        }
        sb.append('\n');
        return this;
    }

    public static String f(double v, int decimals) {
        return Double.isNaN(v) ? "n/a" : String.format(Locale.ROOT, "%." + decimals + "f", v);
    }

    @Override
    public String toString() {
        return sb.toString();
    }
}
