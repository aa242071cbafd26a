package ai.hamu.spark.io;

import ai.hamu.spark.data.InvalidInputException;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Locale;
import java.util.Objects;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;

/**
 * A location in the one spelling every other spelling of it resolves to: a Hadoop {@link Path}
 * qualified against its file system (scheme, authority, working directory), with {@code .} and
 * {@code ..} removed and, on the local file system, symbolic links resolved as far as the path
 * exists. So {@code data/x}, {@code ./data/x}, {@code file:/abs/data/x}, {@code
 * file:///abs/data/x}, a spelling through a symlink and one with spaces or non-ASCII letters all
 * give the same value; two canonical paths can then be compared component by component with {@link
 * #within}.
 *
 * @param spelled the path as the user wrote it, for messages
 * @param qualified the canonical, qualified path
 */
public record CanonicalPath(String spelled, Path qualified) {

  public CanonicalPath {
    Objects.requireNonNull(spelled, "spelled");
    Objects.requireNonNull(qualified, "qualified");
  }

  /**
   * The canonical form of {@code spelled}; {@code key} names the setting in the error for a path
   * Hadoop cannot parse.
   *
   * @throws InvalidInputException if {@code spelled} is not a path Hadoop can read
   * @throws IOException if the file system cannot be reached
   */
  public static CanonicalPath of(Configuration conf, String spelled, String key)
      throws IOException {
    Path path;
    try {
      path = new Path(spelled);
    } catch (IllegalArgumentException e) {
      throw new InvalidInputException(
          key,
          "a path Hadoop can parse",
          "'"
              + spelled
              + "' ("
              + (e.getCause() == null ? e.getMessage() : e.getCause().getMessage())
              + ")");
    }
    Path qualified = path.getFileSystem(conf).makeQualified(path);
    if ("file".equals(qualified.toUri().getScheme())) {
      qualified = new Path("file", null, resolveLinks(qualified.toUri().getPath()));
    }
    return new CanonicalPath(spelled, qualified);
  }

  /**
   * {@code localPath} with the symbolic links of its longest existing prefix resolved and the
   * components that do not exist yet appended unchanged.
   */
  private static String resolveLinks(String localPath) throws IOException {
    java.nio.file.Path p = java.nio.file.Path.of(localPath).toAbsolutePath().normalize();
    Deque<String> missing = new ArrayDeque<>();
    while (p != null && !Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
      if (p.getFileName() != null) {
        missing.push(p.getFileName().toString());
      }
      p = p.getParent();
    }
    java.nio.file.Path real = p == null ? java.nio.file.Path.of("/") : realOrSelf(p);
    for (String name : missing) {
      real = real.resolve(name);
    }
    return real.normalize().toString();
  }

  /** The real path of an existing entry; a dangling link stays as it is. */
  private static java.nio.file.Path realOrSelf(java.nio.file.Path p) throws IOException {
    try {
      return p.toRealPath();
    } catch (NoSuchFileException e) {
      return p;
    }
  }

  /**
   * Whether this path equals {@code other} or lies inside it (same file system, {@code other}'s
   * components first).
   */
  public boolean within(CanonicalPath other) {
    URI a = qualified.toUri();
    URI b = other.qualified.toUri();
    if (!Objects.equals(lower(a.getScheme()), lower(b.getScheme()))
        || !Objects.equals(lower(a.getAuthority()), lower(b.getAuthority()))) {
      return false;
    }
    String mine = strip(a.getPath());
    String theirs = strip(b.getPath());
    return mine.equals(theirs) || theirs.equals("/") || mine.startsWith(theirs + "/");
  }

  /** Whether either path equals or lies inside the other. */
  public boolean overlaps(CanonicalPath other) {
    return within(other) || other.within(this);
  }

  private static String lower(String s) {
    return s == null ? null : s.toLowerCase(Locale.ROOT);
  }

  private static String strip(String path) {
    String p = path;
    while (p.length() > 1 && p.endsWith("/")) {
      p = p.substring(0, p.length() - 1);
    }
    return p;
  }

  @Override
  public String toString() {
    return qualified.toString();
  }
}
