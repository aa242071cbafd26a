package ai.hamu.spark.schedule;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.hamu.spark.testing.SameOnEverySparkLine;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

/**
 * The audit page rounds numbers as the run report's page does (four significant digits, scientific
 * notation below 1e-3, integers as they are); the expected strings are written out by hand.
 */
@SameOnEverySparkLine
class AuditPageNumbersTest {

  @Test
  void metricsAndIterationsAreRoundedAsInTheRunReport() throws Exception {
    JsonNode audit =
        new ObjectMapper()
            .readTree(
                """
        {"batchId": "b-1", "state": "succeeded", "counts": {"requests": 3, "rows": 1200},
         "run": {"metrics": {"before": {"retain": {"loss": 0.123456789, "accuracy": 0.987654321},
                                        "forget": {"loss": 2.718281828, "accuracy": 1.0}},
                             "after": {"retain": {"loss": 0.000123456, "accuracy": 0.5},
                                       "forget": {"loss": 31.41592654, "accuracy": 0.25}}},
                 "history": [{"iteration": 0, "kappa": 0.707106781, "retainLoss": 0.123456789,
                              "forgetLoss": 2.718281828, "stoppingMet": false, "applied": true,
                              "stopReason": "NONE", "wallMillis": 1234}]}}""");
    String page = AuditPage.render(audit);
    for (String shown :
        new String[] {
          "<td>0.1235</td>",
          "<td>0.9877</td>",
          "<td>2.718</td>",
          "<td>1.235e-04</td>",
          "<td>31.42</td>",
          "<td>0.7071</td>",
          "<td>1234</td>",
          "<td>1200</td>",
          "<td>false</td>"
        }) {
      assertTrue(page.contains(shown), shown + " in " + page);
    }
    assertFalse(page.contains("0.123456789"), "no raw doubles");
  }
}
