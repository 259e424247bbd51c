package org.opt2vec.cli.meta;

import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.markers.SeriesMarkers;
import org.opt2vec.cli.common.Progress;
import org.opt2vec.meta.MetaStep;
import org.opt2vec.meta.MetaTrainingListener;
import org.opt2vec.meta.MetaTrainingResult;
import org.opt2vec.weights.AtomicFiles;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * What the command line shows of meta-training: a progress bar with the current meta-loss on stderr, and the
 * meta-loss chart ({@value #PNG_FILE}) rewritten at every checkpoint.
 */
public final class MetaTrainingDisplay implements MetaTrainingListener, AutoCloseable {
    public static final String PNG_FILE = "meta-loss.png";
    private static final Logger log = LoggerFactory.getLogger(MetaTrainingDisplay.class);

    private final boolean progressBar;
    private final String title;
    private Progress progress;

    public MetaTrainingDisplay(boolean progressBar, String title) {
        this.progressBar = progressBar;
        this.title = title;
    }

    @Override
    public void onStart(int fromStep, int totalSteps) {
        progress = Progress.start("meta-train", totalSteps, progressBar);
        progress.stepTo(fromStep);
    }

    @Override
    public void onStep(MetaStep step) {
        progress.step();
        progress.message(String.format(Locale.ROOT, " meta-loss %.4f (initial weights %.4f) lr-scale %.3f",
                step.metaLoss(), step.baselineMetaLoss(), step.lrScale()));
    }

    @Override
    public void onCheckpoint(Path directory, List<MetaStep> history) {
        try {
            writeChart(directory.resolve(PNG_FILE), history, title);
        } catch (IOException | RuntimeException e) {
            log.warn("could not render {}: {}", PNG_FILE, e.toString());
        }
    }

    @Override
    public void onFinish(MetaTrainingResult result) {
        close();
    }

    @Override
    public void close() {
        if (progress != null) {
            progress.close();
            progress = null;
        }
    }

    /**
     * The meta-loss per step of the current weights and of the initial weights on the same tasks, each with a moving
     * average, written atomically.
     */
    public static void writeChart(Path file, List<MetaStep> history, String title) throws IOException {
        int n = history.size();
        if (n == 0) {
            return;
        }
        double[] x = new double[n];
        double[] y = new double[n];
        double[] b = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = history.get(i).step();
            y[i] = history.get(i).metaLoss();
            b[i] = history.get(i).baselineMetaLoss();
        }
        int w = Math.max(1, n / 15);
        XYChart chart = new XYChartBuilder().width(720).height(400).title(title).xAxisTitle("meta-step")
                .yAxisTitle("meta-loss (lower is better)").build();
        chart.getStyler().setLegendPosition(org.knowm.xchart.style.Styler.LegendPosition.InsideNE);
        chart.addSeries("meta-loss (current weights)", x, y).setMarker(SeriesMarkers.NONE)
                .setLineColor(new Color(120, 150, 255));
        chart.addSeries("initial weights, same tasks", x, b).setMarker(SeriesMarkers.NONE)
                .setLineColor(new Color(255, 180, 120));
        chart.addSeries("current, moving average (" + w + ")", x, movingAverage(y, w)).setMarker(SeriesMarkers.NONE)
                .setLineColor(new Color(20, 40, 200)).setLineWidth(3f);
        chart.addSeries("initial, moving average (" + w + ")", x, movingAverage(b, w)).setMarker(SeriesMarkers.NONE)
                .setLineColor(new Color(200, 80, 0)).setLineWidth(3f);
        AtomicFiles.write(file, BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG));
    }

    static double[] movingAverage(double[] y, int w) {
        double[] out = new double[y.length];
        double s = 0;
        for (int i = 0; i < y.length; i++) {
            s += y[i];
            if (i >= w) {
                s -= y[i - w];
            }
            out[i] = s / Math.min(i + 1, w);
        }
        return out;
    }
}
