package ai.hamu.spark.job;

import ai.hamu.spark.data.ForgetSelection;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the run report may say about the forget selection. A predicate can name the people whose
 * rows are deleted ({@code user_id IN (7, 42)}), so the report stores the hex SHA-256 of a salt
 * followed by its text (UTF-8) instead of the text, unless {@code hamu.report.predicateText=true};
 * the salt is {@code hamu.report.salt} (never stored) or, when that is empty, random for the run.
 * The number of rows selected is in the report's row counts either way. A deletion list is reported
 * by its path: name lists after batches or dates, never after a person.
 *
 * @param predicate the predicate's text, or empty for other selections
 * @param digest the salted hash of the predicate, or empty
 * @param keepText whether the operator asked for the text to be stored
 * @param saltGiven whether the salt was configured (the hash can then be checked)
 */
public record PredicateDigest(
    String predicate, String digest, boolean keepText, boolean saltGiven) {

  private static final SecureRandom RANDOM = new SecureRandom();

  /** The digest for {@code config}'s forget selection. */
  public static PredicateDigest of(JobConfig config) {
    Map<String, String> resolved = config.resolved();
    boolean keepText =
        Boolean.parseBoolean(resolved.getOrDefault(JobKey.REPORT_PREDICATE_TEXT.key(), "false"));
    String salt = resolved.getOrDefault(JobKey.REPORT_SALT.key(), "");
    if (!(config.forget() instanceof ForgetSelection.Predicate p)) {
      return new PredicateDigest("", "", keepText, !salt.isEmpty());
    }
    String usedSalt = salt;
    if (salt.isEmpty()) {
      byte[] random = new byte[32];
      RANDOM.nextBytes(random);
      usedSalt = HexFormat.of().formatHex(random);
    }
    return new PredicateDigest(p.sql(), sha256(usedSalt, p.sql()), keepText, !salt.isEmpty());
  }

  /** Hex SHA-256 of {@code salt} followed by {@code text}, both UTF-8. */
  public static String sha256(String salt, String text) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      sha.update(salt.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(sha.digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }

  /** How the predicate appears in the report: its text when kept, else {@code sha256:<hex>}. */
  public String shown() {
    return keepText ? predicate : "sha256:" + digest;
  }

  /** {@code resolved} with the predicate replaced by {@link #shown()} and the salt hidden. */
  public Map<String, String> redact(Map<String, String> resolved) {
    Map<String, String> out = new TreeMap<>(resolved);
    if (!predicate.isEmpty()) {
      out.put(JobKey.FORGET_PREDICATE.key(), shown());
    }
    if (!out.getOrDefault(JobKey.REPORT_SALT.key(), "").isEmpty()) {
      out.put(JobKey.REPORT_SALT.key(), "(hidden)");
    }
    return out;
  }

  /**
   * Provenance entries about the predicate: its hash and whether the salt can be used to check it.
   */
  public void describeIn(Map<String, String> provenance) {
    if (!predicate.isEmpty()) {
      provenance.put("forgetPredicateSha256", digest);
      provenance.put("forgetPredicateSalt", saltGiven ? "hamu.report.salt" : "random, not kept");
    }
  }
}
