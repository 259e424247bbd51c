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
    private DotPlot() {
    }

    static byte[] render(String title, String axisTitle, List<String> labels, List<Double> values) {
        int n = labels.size();
        int rowH = 22;
        Font font = new Font(Font.SANS_SERIF, Font.PLAIN, 13);
        Font bold = font.deriveFont(Font.BOLD, 14f);
        BufferedImage probe = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB);
        Graphics2D pg = probe.createGraphics();
        FontMetrics fm = pg.getFontMetrics(font);
        int labelW = 0;
        for (String l : labels) {
            labelW = Math.max(labelW, fm.stringWidth(l));
        }
        pg.dispose();
        int left = labelW + 30;
        int plotW = 560;
        int top = 50;
        int bottom = 60;
        int width = left + plotW + 40;
        int height = top + n * rowH + bottom;
        double lo = values.stream().mapToDouble(d -> d).min().orElse(0);
        double hi = values.stream().mapToDouble(d -> d).max().orElse(1);
        double pad = hi > lo ? (hi - lo) * 0.08 : Math.max(1e-9, Math.abs(hi) * 0.01 + 1e-9);
        lo -= pad;
        hi += pad;

        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, width, height);
        g.setColor(Color.BLACK);
        g.setFont(bold);
        g.drawString(title, 10, 22);
        g.setFont(font);
        fm = g.getFontMetrics();

        // grid and axis ticks
        int ticks = 5;
        g.setStroke(new BasicStroke(1f));
        for (int t = 0; t <= ticks; t++) {
            double v = lo + (hi - lo) * t / ticks;
            int x = left + (int) Math.round(plotW * (v - lo) / (hi - lo));
            g.setColor(new Color(225, 225, 225));
            g.drawLine(x, top - 5, x, top + n * rowH);
            g.setColor(Color.DARK_GRAY);
            String s = String.format(Locale.ROOT, "%.4g", v);
            g.drawString(s, x - fm.stringWidth(s) / 2, top + n * rowH + 18);
        }
        g.setColor(Color.BLACK);
        g.drawLine(left, top + n * rowH, left + plotW, top + n * rowH);
        g.drawString(axisTitle, left + Math.max(0, (plotW - fm.stringWidth(axisTitle)) / 2), top + n * rowH + 42);

        for (int i = 0; i < n; i++) {
            int y = top + i * rowH + rowH / 2;
            if (i % 2 == 0) {
                g.setColor(new Color(246, 246, 250));
                g.fillRect(left, y - rowH / 2, plotW, rowH);
            }
            g.setColor(Color.BLACK);
            g.drawString(labels.get(i), left - 12 - fm.stringWidth(labels.get(i)), y + fm.getAscent() / 2 - 2);
            int x = left + (int) Math.round(plotW * (values.get(i) - lo) / (hi - lo));
            g.setColor(i == 0 ? new Color(200, 60, 40) : new Color(40, 90, 200));
            g.fillOval(x - 5, y - 5, 10, 10);
        }
        g.dispose();
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ImageIO.write(img, "png", out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
