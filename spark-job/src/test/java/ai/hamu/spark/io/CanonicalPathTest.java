package ai.hamu.spark.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.hamu.spark.data.InvalidInputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Canonical paths on the local file system and the containment test between them (no Spark needed).
 */
class CanonicalPathTest {

  private static final Configuration CONF = new Configuration();

  private static CanonicalPath of(String spelled) throws IOException {
    return CanonicalPath.of(CONF, spelled, "key");
  }

  @Test
  void everySpellingOfOneLocationIsEqual(@TempDir Path dir) throws IOException {
    Path real = Files.createDirectories(dir.resolve("my models/modèle ü"));
    Files.createSymbolicLink(dir.resolve("alias"), dir.resolve("my models"));
    String cwdRelative = Path.of("").toAbsolutePath().relativize(real).toString();
    CanonicalPath expected = of(real.toString());
    for (String spelling :
        List.of(
            real + "/",
            dir + "/my models/./modèle ü",
            dir + "/my models/x/../modèle ü",
            "file:" + real,
            "file://" + real,
            "file:///" + real.toString().substring(1),
            cwdRelative,
            "./" + cwdRelative,
            dir + "/alias/modèle ü",
            dir + "/alias/modèle ü/../modèle ü")) {
      CanonicalPath p = of(spelling);
      assertEquals(expected.qualified(), p.qualified(), spelling);
      assertTrue(p.within(expected) && expected.within(p), spelling);
    }
    assertEquals("file", expected.qualified().toUri().getScheme());
  }

  @Test
  void aLinkIsResolvedAlsoWhenThePathBelowItDoesNotExistYet(@TempDir Path dir) throws IOException {
    Path data = Files.createDirectories(dir.resolve("data"));
    Files.createSymbolicLink(dir.resolve("link"), data);
    assertTrue(
        of(dir + "/link/not/yet/there").within(of(data.toString())),
        "inside the data through the link");
    assertFalse(of(dir + "/link-other/x").within(of(data.toString())));
  }

  @Test
  void containmentIsByWholePathComponents() throws IOException {
    assertTrue(of("/a/b/c").within(of("/a/b")));
    assertFalse(
        of("/a/bc").within(of("/a/b")), "a name that starts like a folder is not inside it");
    assertFalse(of("/a/b").within(of("/a/b/c")));
    assertTrue(of("/a/b").overlaps(of("/a/b/c")), "holds it");
    assertTrue(of("/anything").within(of("/")), "everything lies inside the root");
  }

  @Test
  void otherFileSystemsAreApartAndHostsCompareWithoutCase() {
    CanonicalPath hdfs =
        new CanonicalPath("x", new org.apache.hadoop.fs.Path("hdfs://nn.example:8020/data"));
    CanonicalPath upper =
        new CanonicalPath("y", new org.apache.hadoop.fs.Path("hdfs://NN.example:8020/data/out"));
    CanonicalPath other =
        new CanonicalPath("z", new org.apache.hadoop.fs.Path("hdfs://nn2.example:8020/data/out"));
    CanonicalPath local = new CanonicalPath("w", new org.apache.hadoop.fs.Path("file:/data/out"));
    assertTrue(upper.within(hdfs));
    assertFalse(other.within(hdfs), "another name node");
    assertFalse(local.within(hdfs), "another file system");
  }

  @Test
  void aPathHadoopCannotParseIsInvalidInputNamingTheKey() {
    InvalidInputException e =
        assertThrows(InvalidInputException.class, () -> of("file:relative/x"));
    assertTrue(
        e.getMessage().startsWith("key: expected a path Hadoop can parse, got 'file:relative/x' ("),
        e.getMessage());
  }
}
