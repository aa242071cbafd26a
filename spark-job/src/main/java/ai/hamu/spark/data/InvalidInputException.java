package ai.hamu.spark.data;

/**
 * Input the job cannot use — a path, a column, a value or a setting — as opposed to a failure of
 * the job itself. The message is one line naming the key, column or path, what was expected and
 * what was found; the job maps this exception (also when a Spark task raised it) to exit code 2.
 */
public class InvalidInputException extends IllegalArgumentException {

  /**
   * {@code subject: expected <expected>, got <actual>}; {@code subject} names the key, column or
   * path.
   */
  public InvalidInputException(String subject, String expected, String actual) {
    this(subject + ": expected " + expected + ", got " + actual);
  }

  /** An error with a complete message (line breaks are joined into one line). */
  public InvalidInputException(String message) {
    super(oneLine(message));
  }

  /** An error with a complete message, caused by {@code cause}. */
  public InvalidInputException(String message, Throwable cause) {
    super(oneLine(message), cause);
  }

  private static String oneLine(String message) {
    return message.strip().replaceAll("\\s*\\R\\s*", " ");
  }
}
