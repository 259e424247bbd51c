package org.opt2vec.arbiter;

import javax.imageio.ImageIO;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Locale;

/**
 * A horizontal dot plot (one labelled row per configuration, in the given order) drawn with Java2D: every label
 * stays readable however many configurations there are, and the value axis spans the values.
 */
final class DotPlot {
    private static final int ROW = 22;
    private static final int PLOT_WIDTH = 560;
    private static final int TOP = 50;
    private static final int BOTTOM = 60;
    private static final Font FONT = new Font(Font.SANS_SERIF, Font.PLAIN, 13);

    /** Where things go: the label column's width and the value range the axis spans. */
    private record Layout(int left, int rows, double lo, double hi) {
        int width() {
            return left + PLOT_WIDTH + 40;
        }

        int height() {
            return TOP + rows * ROW + BOTTOM;
        }

        int x(double v) {
            return left + (int) Math.round(PLOT_WIDTH * (v - lo) / (hi - lo));
        }

        int axisY() {
            return TOP + rows * ROW;
        }
    }

    private DotPlot() {
    }

    static byte[] render(String title, String axisTitle, List<String> labels, List<Double> values) {
        Layout layout = layout(labels, values);
        BufferedImage img = new BufferedImage(layout.width(), layout.height(), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, layout.width(), layout.height());
        g.setColor(Color.BLACK);
        g.setFont(FONT.deriveFont(Font.BOLD, 14f));
        g.drawString(title, 10, 22);
        g.setFont(FONT);
        drawAxis(g, layout, axisTitle);
        drawRows(g, layout, labels, values);
        g.dispose();
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ImageIO.write(img, "png", out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The label column fits the longest label; the axis spans the values with a margin. */
    private static Layout layout(List<String> labels, List<Double> values) {
        BufferedImage probe = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB);
        Graphics2D pg = probe.createGraphics();
        FontMetrics fm = pg.getFontMetrics(FONT);
        int labelW = labels.stream().mapToInt(fm::stringWidth).max().orElse(0);
        pg.dispose();
        double lo = values.stream().mapToDouble(d -> d).min().orElse(0);
        double hi = values.stream().mapToDouble(d -> d).max().orElse(1);
        double pad = hi > lo ? (hi - lo) * 0.08 : Math.max(1e-9, Math.abs(hi) * 0.01 + 1e-9);
        return new Layout(labelW + 30, labels.size(), lo - pad, hi + pad);
    }

    /** Vertical grid lines with their values, the axis line and its title. */
    private static void drawAxis(Graphics2D g, Layout layout, String axisTitle) {
        FontMetrics fm = g.getFontMetrics();
        int ticks = 5;
        g.setStroke(new BasicStroke(1f));
        for (int t = 0; t <= ticks; t++) {
            double v = layout.lo() + (layout.hi() - layout.lo()) * t / ticks;
            int x = layout.x(v);
            g.setColor(new Color(225, 225, 225));
            g.drawLine(x, TOP - 5, x, layout.axisY());
            g.setColor(Color.DARK_GRAY);
            String s = String.format(Locale.ROOT, "%.4g", v);
            g.drawString(s, x - fm.stringWidth(s) / 2, layout.axisY() + 18);
        }
        g.setColor(Color.BLACK);
        g.drawLine(layout.left(), layout.axisY(), layout.left() + PLOT_WIDTH, layout.axisY());
        g.drawString(axisTitle, layout.left() + Math.max(0, (PLOT_WIDTH - fm.stringWidth(axisTitle)) / 2),
                layout.axisY() + 42);
    }

    /** One striped row per value: its label on the left, a dot at its value (the first one highlighted). */
    private static void drawRows(Graphics2D g, Layout layout, List<String> labels, List<Double> values) {
        FontMetrics fm = g.getFontMetrics();
        for (int i = 0; i < labels.size(); i++) {
            int y = TOP + i * ROW + ROW / 2;
            if (i % 2 == 0) {
                g.setColor(new Color(246, 246, 250));
                g.fillRect(layout.left(), y - ROW / 2, PLOT_WIDTH, ROW);
            }
            g.setColor(Color.BLACK);
            g.drawString(labels.get(i), layout.left() - 12 - fm.stringWidth(labels.get(i)), y + fm.getAscent() / 2 - 2);
            int x = layout.x(values.get(i));
            g.setColor(i == 0 ? new Color(200, 60, 40) : new Color(40, 90, 200));
            g.fillOval(x - 5, y - 5, 10, 10);
        }
    }
}
