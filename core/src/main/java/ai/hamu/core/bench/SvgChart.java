package ai.hamu.core.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * A self-contained SVG chart (no scripts, fonts or links): series of points, optionally joined by
 * lines and with vertical error bars, on linear axes with rounded ticks, a legend, and an optional
 * y = x reference line. Non-finite points are skipped.
 */
public final class SvgChart {

  /** One point; {@code yError} is the half-height of its error bar (0 or NaN for none). */
  public record Point(double x, double y, double yError) {}

  /**
   * A named series drawn in {@code color} (a CSS colour), as markers and, if {@code joined}, a
   * line.
   */
  public record Series(String name, String color, List<Point> points, boolean joined) {
    public Series {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(color, "color");
      points = List.copyOf(points);
    }
  }

  /** Distinct colours for up to twelve series. */
  public static final List<String> PALETTE =
      List.of(
          "#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f",
          "#bcbd22", "#17becf", "#000000", "#aec7e8");

  private static final int WIDTH = 760;
  private static final int HEIGHT = 460;
  private static final int LEFT = 70;
  private static final int RIGHT = 170;
  private static final int TOP = 40;
  private static final int BOTTOM = 55;

  private final String title;
  private final String xLabel;
  private final String yLabel;
  private final List<Series> series = new ArrayList<>();
  private boolean diagonal;

  public SvgChart(String title, String xLabel, String yLabel) {
    this.title = Objects.requireNonNull(title, "title");
    this.xLabel = Objects.requireNonNull(xLabel, "xLabel");
    this.yLabel = Objects.requireNonNull(yLabel, "yLabel");
  }

  /** Adds a series. */
  public SvgChart add(Series s) {
    series.add(Objects.requireNonNull(s, "series"));
    return this;
  }

  /** Draws the line y = x across the plot (for realised against requested values). */
  public SvgChart withDiagonal() {
    this.diagonal = true;
    return this;
  }

  /** Number of finite points over all series. */
  public int pointCount() {
    return (int) series.stream().flatMap(s -> s.points().stream()).filter(SvgChart::finite).count();
  }

  /** The SVG document. */
  public String render() {
    double[] xr = range(true);
    double[] yr = range(false);
    if (diagonal) {
      double lo = Math.min(xr[0], yr[0]);
      double hi = Math.max(xr[1], yr[1]);
      xr = new double[] {lo, hi};
      yr = new double[] {lo, hi};
    }
    double[] xt = ticks(xr[0], xr[1]);
    double[] yt = ticks(yr[0], yr[1]);
    Frame f = new Frame(xt[0], xt[xt.length - 1], yt[0], yt[yt.length - 1]);
    StringBuilder out = new StringBuilder();
    out.append(
        String.format(
            Locale.ROOT,
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
                + "viewBox=\"0 0 %d %d\" font-family=\"sans-serif\" font-size=\"12\">%n",
            WIDTH,
            HEIGHT,
            WIDTH,
            HEIGHT));
    out.append(
        String.format(
            Locale.ROOT, "<rect width=\"%d\" height=\"%d\" fill=\"white\"/>%n", WIDTH, HEIGHT));
    text(out, WIDTH / 2.0, 22, "middle", 15, title);
    text(out, LEFT + f.plotWidth() / 2, HEIGHT - 12, "middle", 13, xLabel);
    out.append(
        String.format(
            Locale.ROOT,
            "<text x=\"16\" y=\"%.1f\" text-anchor=\"middle\" font-size=\"13\" "
                + "transform=\"rotate(-90 16 %.1f)\">%s</text>%n",
            TOP + f.plotHeight() / 2,
            TOP + f.plotHeight() / 2,
            escape(yLabel)));
    for (double t : xt) {
      double x = f.x(t);
      line(out, x, TOP, x, TOP + f.plotHeight(), "#e5e5e5", 1, "");
      text(out, x, TOP + f.plotHeight() + 16, "middle", 11, BenchFormat.number(t));
    }
    for (double t : yt) {
      double y = f.y(t);
      line(out, LEFT, y, LEFT + f.plotWidth(), y, "#e5e5e5", 1, "");
      text(out, LEFT - 6, y + 4, "end", 11, BenchFormat.number(t));
    }
    out.append(
        String.format(
            Locale.ROOT,
            "<rect x=\"%d\" y=\"%d\" width=\"%.1f\" height=\"%.1f\" fill=\"none\" "
                + "stroke=\"#333\"/>%n",
            LEFT,
            TOP,
            f.plotWidth(),
            f.plotHeight()));
    if (diagonal) {
      line(out, f.x(f.x0), f.y(f.x0), f.x(f.x1), f.y(f.x1), "#999", 1, " stroke-dasharray=\"5,4\"");
    }
    int legendY = TOP + 8;
    for (Series s : series) {
      List<Point> pts = s.points().stream().filter(SvgChart::finite).toList();
      if (s.joined() && pts.size() > 1) {
        StringBuilder path = new StringBuilder();
        for (Point p : pts) {
          path.append(path.length() == 0 ? "M" : " L")
              .append(String.format(Locale.ROOT, "%.1f %.1f", f.x(p.x()), f.y(p.y())));
        }
        out.append(
            String.format(
                Locale.ROOT,
                "<path d=\"%s\" fill=\"none\" stroke=\"%s\" stroke-width=\"1.5\"/>%n",
                path,
                s.color()));
      }
      for (Point p : pts) {
        if (Double.isFinite(p.yError()) && p.yError() > 0) {
          line(
              out,
              f.x(p.x()),
              f.y(p.y() - p.yError()),
              f.x(p.x()),
              f.y(p.y() + p.yError()),
              s.color(),
              1,
              "");
        }
        out.append(
            String.format(
                Locale.ROOT,
                "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3.5\" fill=\"%s\" "
                    + "fill-opacity=\"0.8\"/>%n",
                f.x(p.x()),
                f.y(p.y()),
                s.color()));
      }
      double lx = LEFT + f.plotWidth() + 14;
      out.append(
          String.format(
              Locale.ROOT,
              "<circle cx=\"%.1f\" cy=\"%d\" r=\"4\" fill=\"%s\"/>%n",
              lx,
              legendY,
              s.color()));
      text(out, lx + 10, legendY + 4, "start", 12, s.name());
      legendY += 18;
    }
    out.append("</svg>\n");
    return out.toString();
  }

  /** Plot-area mapping from data to pixels. */
  private record Frame(double x0, double x1, double y0, double y1) {
    double plotWidth() {
      return WIDTH - LEFT - RIGHT;
    }

    double plotHeight() {
      return HEIGHT - TOP - BOTTOM;
    }

    double x(double v) {
      return LEFT + (v - x0) / (x1 - x0) * plotWidth();
    }

    double y(double v) {
      return TOP + plotHeight() - (v - y0) / (y1 - y0) * plotHeight();
    }
  }

  private double[] range(boolean xAxis) {
    double lo = Double.POSITIVE_INFINITY;
    double hi = Double.NEGATIVE_INFINITY;
    for (Series s : series) {
      for (Point p : s.points()) {
        if (!finite(p)) {
          continue;
        }
        double err = !xAxis && Double.isFinite(p.yError()) ? p.yError() : 0;
        double v = xAxis ? p.x() : p.y();
        lo = Math.min(lo, v - err);
        hi = Math.max(hi, v + err);
      }
    }
    if (lo > hi) {
      return new double[] {0, 1};
    }
    if (hi - lo < 1e-12) {
      double pad = Math.max(Math.abs(lo) * 0.1, 0.05);
      return new double[] {lo - pad, hi + pad};
    }
    return new double[] {lo, hi};
  }

  /** Ticks at a 1-2-5 step covering [lo, hi], first ≤ lo and last ≥ hi. */
  static double[] ticks(double lo, double hi) {
    double raw = (hi - lo) / 6;
    double magnitude = Math.pow(10, Math.floor(Math.log10(raw)));
    double step = magnitude;
    for (double m : new double[] {1, 2, 5, 10}) {
      step = m * magnitude;
      if (raw <= step) {
        break;
      }
    }
    double start = Math.floor(lo / step) * step;
    double end = Math.ceil(hi / step) * step;
    int n = (int) Math.round((end - start) / step) + 1;
    double[] t = new double[n];
    for (int i = 0; i < n; i++) {
      t[i] = Math.round((start + i * step) / step) * step;
    }
    return t;
  }

  private static boolean finite(Point p) {
    return Double.isFinite(p.x()) && Double.isFinite(p.y());
  }

  private static void line(
      StringBuilder out,
      double x1,
      double y1,
      double x2,
      double y2,
      String color,
      double width,
      String extra) {
    out.append(
        String.format(
            Locale.ROOT,
            "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"%s\" "
                + "stroke-width=\"%.1f\"%s/>%n",
            x1,
            y1,
            x2,
            y2,
            color,
            width,
            extra));
  }

  private static void text(
      StringBuilder out, double x, double y, String anchor, int size, String s) {
    out.append(
        String.format(
            Locale.ROOT,
            "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"%s\" font-size=\"%d\">%s</text>%n",
            x,
            y,
            anchor,
            size,
            escape(s)));
  }

  private static String escape(String s) {
    return s.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace("\"", "&quot;");
  }
}
