package ai.hamu.core.io;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/**
 * The version and git commit this library was built from, read from a resource filtered at build
 * time; "unknown" where the build could not tell (e.g. built outside a git checkout).
 *
 * @param version the project version
 * @param gitCommit the commit id, with "-dirty" when built from uncommitted changes
 * @param nd4jVersion the ND4J version built against
 */
public record BuildInfo(String version, String gitCommit, String nd4jVersion) {

  private static final String RESOURCE = "ai/hamu/core/hamu-build.properties";

  /** The build information of the running library. */
  public static BuildInfo current() {
    Properties p = new Properties();
    try (InputStream in = BuildInfo.class.getClassLoader().getResourceAsStream(RESOURCE)) {
      if (in != null) {
        p.load(in);
      }
    } catch (IOException e) {
      throw new IllegalStateException("cannot read " + RESOURCE, e);
    }
    String commit = value(p, "git.commit");
    if (!commit.equals("unknown") && value(p, "git.dirty").equals("true")) {
      commit += "-dirty";
    }
    return new BuildInfo(value(p, "version"), commit, value(p, "nd4j.version"));
  }

  private static String value(Properties p, String key) {
    String v = p.getProperty(key, "");
    return v.isBlank() || v.startsWith("${") ? "unknown" : v;
  }
}
