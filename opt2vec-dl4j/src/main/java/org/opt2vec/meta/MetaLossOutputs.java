package org.opt2vec.meta;

import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.markers.SeriesMarkers;
import org.opt2vec.weights.AtomicFiles;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/** Writes the meta-loss history as CSV and as a PNG line chart (XChart, headless). */
public final class MetaLossOutputs {
    private MetaLossOutputs() {
    }

    /** Columns: step, meta_loss, lr_scale, momentum, diverged_fraction, baseline_meta_loss. Written atomically. */
    public static void writeCsv(Path file, List<Double> metaLosses, List<Double> baselines, List<Double> lrScales,
                                List<Double> momenta, List<Double> diverged) throws IOException {
        StringBuilder s = new StringBuilder("step,meta_loss,lr_scale,momentum,diverged_fraction,baseline_meta_loss\n");
        for (int i = 0; i < metaLosses.size(); i++) {
            s.append(String.format(Locale.ROOT, "%d,%.6f,%.6f,%.6f,%.4f,%.6f%n", i, metaLosses.get(i), lrScales.get(i),
                    momenta.get(i), diverged.get(i), baselines.get(i)));
        }
        AtomicFiles.write(file, s.toString().getBytes(StandardCharsets.UTF_8));
    }

    /**
     * A PNG chart of the meta-loss per step and of the baseline (initial weights on the same tasks), each with a
     * moving average, written atomically.
     */
    public static void writePng(Path file, List<Double> metaLosses, List<Double> baselines, String title)
            throws IOException {
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
        int n = metaLosses.size();
        if (n == 0) {
            return;
        }
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = i;
        }
        int w = Math.max(1, n / 15);
        double[] y = toArray(metaLosses);
        double[] b = toArray(baselines);
        XYChart chart = new XYChartBuilder().width(720).height(400).title(title).xAxisTitle("meta-step")
                .yAxisTitle("meta-loss (lower is better)").build();
        chart.getStyler().setLegendPosition(org.knowm.xchart.style.Styler.LegendPosition.InsideNE);
        chart.getStyler().setMarkerSize(3);
        chart.addSeries("meta-loss (current weights)", x, y).setMarker(SeriesMarkers.NONE)
                .setLineColor(new java.awt.Color(120, 150, 255));
        chart.addSeries("initial weights, same tasks", x, b).setMarker(SeriesMarkers.NONE)
                .setLineColor(new java.awt.Color(255, 180, 120));
        chart.addSeries("current, moving average (" + w + ")", x, movingAverage(y, w)).setMarker(SeriesMarkers.NONE)
                .setLineColor(new java.awt.Color(20, 40, 200)).setLineWidth(3f);
        chart.addSeries("initial, moving average (" + w + ")", x, movingAverage(b, w)).setMarker(SeriesMarkers.NONE)
                .setLineColor(new java.awt.Color(200, 80, 0)).setLineWidth(3f);
        byte[] png = BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG);
        AtomicFiles.write(file, png);
    }

    private static double[] toArray(List<Double> l) {
        return l.stream().mapToDouble(Double::doubleValue).toArray();
    }

    private static double[] movingAverage(double[] y, int w) {
        double[] avg = new double[y.length];
        for (int i = 0; i < y.length; i++) {
            double s = 0;
            int c = 0;
            for (int j = Math.max(0, i - w + 1); j <= i; j++) {
                s += y[j];
                c++;
            }
            avg[i] = s / c;
        }
        return avg;
    }
}
