package org.opt2vec.cli.benchmark;

import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.style.Styler;
import org.opt2vec.cli.common.Charts;

import java.awt.Color;
import java.util.ArrayList;
import java.util.List;

/** The report's plots. */
public final class BenchmarkCharts {
    private BenchmarkCharts() {
    }

    /** Mean metric per optimizer with ± sd error bars, opt2vec first. */
    public static CategoryChart metricBars(InstanceSummary s) {
        Metric m = s.instance().metric();
        List<String> names = new ArrayList<>();
        List<Double> means = new ArrayList<>();
        List<Double> sds = new ArrayList<>();
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (OptimizerSummary o : s.all()) {
            names.add(o.optimizer().id() + (o.diverged() > 0 ? " (" + o.diverged() + " div.)" : ""));
            means.add(o.mean());
            sds.add(o.sd());
            if (o.diverged() == 0) {
                lo = Math.min(lo, o.mean() - o.sd());
                hi = Math.max(hi, o.mean() + o.sd());
            }
        }
        CategoryChart c = new CategoryChartBuilder().width(Math.max(900, 60 * names.size())).height(600)
                .title(s.instance().name() + ": " + m.label() + " (mean ± sd over seeds, "
                        + (m.higherIsBetter() ? "higher" : "lower") + " is better)")
                .xAxisTitle("optimizer").yAxisTitle(m.label()).build();
        c.getStyler().setLegendVisible(false);
        c.getStyler().setXAxisLabelRotation(90); // at 60° XChart drops every other label of 21
        c.getStyler().setXAxisMaxLabelCount(names.size());
        c.getStyler().setChartBackgroundColor(Color.WHITE);
        c.getStyler().setErrorBarsColor(Color.DARK_GRAY);
        c.getStyler().setSeriesColors(new Color[]{new Color(0x3B, 0x6E, 0xA5)});
        if (Double.isFinite(lo) && Double.isFinite(hi) && hi > lo) {
            double pad = 0.1 * (hi - lo);
            double min = Math.max(0, lo - pad);
            double max = m.higherIsBetter() ? Math.min(1, hi + pad) : hi + pad;
            if (m.higherIsBetter() || min > 0) {
                c.getStyler().setYAxisMin(min);
            }
            c.getStyler().setYAxisMax(max);
        }
        c.addSeries(m.label(), names, means, sds);
        return c;
    }

    /** Opt2Vec's lr scale over training for each seed (one line per seed), from 0 to the range's upper bound. */
    public static XYChart lrScaleTrace(InstanceSummary s, List<RunResult> runs) {
        XYChart c = Charts.lines(s.instance().name() + ": opt2vec lr scale over training", "iteration",
                "lr scale (× base lr)");
        c.getStyler().setLegendPosition(Styler.LegendPosition.InsideSE);
        c.getStyler().setYAxisMin(0.0);
        runs.stream().map(RunResult::controller).filter(java.util.Objects::nonNull).findFirst()
                .ifPresent(st -> c.getStyler().setYAxisMax(st.lrScaleMax()));
        for (RunResult r : runs) {
            ControllerStats st = r.controller();
            if (st != null && st.traceIterations().length > 0) {
                Charts.line(c, "seed " + r.spec().seed(), st.traceIterations(), st.traceLrScale());
            }
        }
        return c;
    }

    /** Opt2Vec's momentum over training for each seed. */
    public static XYChart momentumTrace(InstanceSummary s, List<RunResult> runs) {
        XYChart c = Charts.lines(s.instance().name() + ": opt2vec momentum over training", "iteration", "momentum");
        c.getStyler().setLegendPosition(Styler.LegendPosition.InsideSE);
        for (RunResult r : runs) {
            ControllerStats st = r.controller();
            if (st != null && st.traceIterations().length > 0) {
                Charts.line(c, "seed " + r.spec().seed(), st.traceIterations(), st.traceMomentum());
            }
        }
        return c;
    }
}
