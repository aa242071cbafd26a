package ai.hamu.core.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;

/** The SVG is well-formed XML with one marker per finite point, and the ticks cover the data. */
class SvgChartTest {

  @Test
  void rendersOneMarkerPerFinitePointPlusTheLegend() throws Exception {
    SvgChart chart =
        new SvgChart("t <&>", "x", "y")
            .add(
                new SvgChart.Series(
                    "a",
                    "#000",
                    List.of(
                        new SvgChart.Point(0, 1, 0.1),
                        new SvgChart.Point(1, 2, 0),
                        new SvgChart.Point(Double.NaN, 3, 0)),
                    true))
            .add(
                new SvgChart.Series(
                    "b", "#f00", List.of(new SvgChart.Point(2, -1, Double.NaN)), false))
            .withDiagonal();
    Document svg = parse(chart.render());
    assertEquals("svg", svg.getDocumentElement().getNodeName());
    assertEquals(3, chart.pointCount());
    assertEquals(
        3 + 2,
        svg.getElementsByTagName("circle").getLength(),
        "3 finite points + 2 legend markers");
    assertEquals(1, svg.getElementsByTagName("path").getLength(), "the joined series");
    assertTrue(
        svg.getDocumentElement().getTextContent().contains("t <&>"),
        "title escaped and restored by the parser");
  }

  @Test
  void ticksAreRoundAndCoverTheRange() {
    double[] t = SvgChart.ticks(-0.13, 0.92);
    assertTrue(t[0] <= -0.13 && t[t.length - 1] >= 0.92);
    assertEquals(0.2, t[1] - t[0], 1e-12);
    assertTrue(t.length <= 8);
  }

  private static Document parse(String xml) throws Exception {
    return DocumentBuilderFactory.newInstance()
        .newDocumentBuilder()
        .parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
  }
}
