package ai.hamu.spark.job;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * The settings of a command line, as every command takes them: {@code --config <file>} loads a
 * properties file, and every other argument is a {@code key=value} override that wins over the file
 * wherever it stands. Keys are not checked here; the command's configuration does that.
 */
public final class CommandLineSettings {

  private CommandLineSettings() {}

  /** The key-value pairs of {@code args}, overrides applied. */
  public static Map<String, String> parse(String[] args) {
    Map<String, String> values = new TreeMap<>();
    Map<String, String> overrides = new TreeMap<>();
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      if (arg.equals("--config")) {
        if (i + 1 >= args.length) {
          throw new ConfigException("--config", "a properties file path", "");
        }
        values.putAll(load(Path.of(args[++i])));
      } else if (arg.contains("=")) {
        int eq = arg.indexOf('=');
        overrides.put(arg.substring(0, eq).trim(), arg.substring(eq + 1));
      } else {
        throw new ConfigException(arg, "an argument of the form --config <file> or key=value");
      }
    }
    values.putAll(overrides);
    return values;
  }

  private static Map<String, String> load(Path file) {
    Properties p = new Properties();
    try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      p.load(r);
    } catch (NoSuchFileException e) {
      throw new ConfigException("--config", "an existing properties file", file.toString());
    } catch (IOException e) {
      throw new ConfigException("--config", "a readable properties file: " + e.getMessage());
    }
    Map<String, String> out = new TreeMap<>();
    p.stringPropertyNames().forEach(k -> out.put(k, p.getProperty(k)));
    return out;
  }
}
