package org.opt2vec.cli.common;

import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

import java.awt.Color;
import java.util.Arrays;
import java.util.Locale;

/** XChart plots for the reports (PNG, headless). */
public final class Charts {
    static {
        System.setProperty("java.awt.headless", "true");
    }

    private Charts() {
    }

    /** An empty line chart. */
    public static XYChart lines(String title, String xTitle, String yTitle) {
        XYChart c = new XYChartBuilder().width(900).height(540).title(title).xAxisTitle(xTitle).yAxisTitle(yTitle).build();
        Styler s = c.getStyler();
        s.setLegendPosition(Styler.LegendPosition.InsideNE);
        s.setChartBackgroundColor(Color.WHITE);
        s.setAntiAlias(true);
        return c;
    }

    /** Adds a line without markers (with markers when there are few points). */
    public static XYSeries line(XYChart chart, String name, double[] x, double[] y) {
        XYSeries s = chart.addSeries(name, x, y);
        s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
        if (x.length > 30) {
            s.setMarker(SeriesMarkers.NONE);
        }
        return s;
    }

    /** 0, 1, ..., n-1 as doubles. */
    public static double[] index(int n) {
        double[] x = new double[n];
        Arrays.setAll(x, i -> i);
        return x;
    }

    /**
     * A scatter plot of (x, y) coloured by {@code value}: the value range is cut into {@code bins} equal bins, each
     * its own series on a blue-to-yellow scale, so the legend reads as a colour bar.
     */
    public static XYChart colouredScatter(String title, String xTitle, String yTitle, double[] x, double[] y,
                                          double[] value, String valueName, int bins) {
        XYChart c = lines(title, xTitle, yTitle);
        c.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
        c.getStyler().setMarkerSize(5);
        double min = Arrays.stream(value).filter(Double::isFinite).min().orElse(0);
        double max = Arrays.stream(value).filter(Double::isFinite).max().orElse(1);
        double width = max > min ? (max - min) / bins : 1;
        for (int b = 0; b < bins; b++) {
            double lo = min + b * width;
            double hi = b == bins - 1 ? Double.POSITIVE_INFINITY : lo + width;
            int n = 0;
            double[] bx = new double[x.length];
            double[] by = new double[x.length];
            for (int i = 0; i < x.length; i++) {
                if (value[i] >= lo && value[i] < hi || b == 0 && !Double.isFinite(value[i])) {
                    bx[n] = x[i];
                    by[n] = y[i];
                    n++;
                }
            }
            if (n == 0) {
                continue;
            }
            String name = String.format(Locale.ROOT, "%s %.3g–%.3g", valueName, lo, Math.min(hi, max));
            XYSeries s = c.addSeries(name, Arrays.copyOf(bx, n), Arrays.copyOf(by, n));
            s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
            s.setMarker(SeriesMarkers.CIRCLE);
            s.setMarkerColor(colour(bins == 1 ? 0 : (double) b / (bins - 1)));
        }
        return c;
    }

    /** A perceptually ordered colour from dark blue (0) through teal to yellow (1), close to viridis. */
    static Color colour(double t) {
        float[][] stops = {{0.267f, 0.005f, 0.329f}, {0.230f, 0.322f, 0.546f}, {0.128f, 0.567f, 0.551f},
                {0.369f, 0.789f, 0.383f}, {0.993f, 0.906f, 0.144f}};
        double p = Math.max(0, Math.min(1, t)) * (stops.length - 1);
        int i = Math.min((int) p, stops.length - 2);
        double f = p - i;
        float[] c = new float[3];
        for (int k = 0; k < 3; k++) {
            c[k] = (float) (stops[i][k] + f * (stops[i + 1][k] - stops[i][k]));
        }
        return new Color(c[0], c[1], c[2]);
    }
}
