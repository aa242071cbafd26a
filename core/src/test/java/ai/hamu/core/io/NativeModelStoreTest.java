package ai.hamu.core.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NativeModelStoreTest {

  @TempDir Path dir;

  @Test
  void savesAndLoads() throws IOException {
    NativeModel model = TestModels.model(TestModels.mlp(), 21);
    Path path = dir.resolve("model.hamu");

    NativeModelStore.save(model, path, false);
    NativeModel loaded = NativeModelStore.load(path);

    assertArrayEquals(NativeModelCodec.toBytes(model), Files.readAllBytes(path));
    assertEquals(model.architecture(), loaded.architecture());
    assertArrayEquals(
        NativeModelCodecTest.rawBits(model.weights()),
        NativeModelCodecTest.rawBits(loaded.weights()));
    assertEquals(model.provenance(), loaded.provenance());
    assertEquals(List.of(path), listDir());
  }

  @Test
  void refusesAnExistingPathWithoutOverwrite() throws IOException {
    Path path = dir.resolve("model.hamu");
    Files.writeString(path, "precious");

    FileAlreadyExistsException e =
        assertThrows(
            FileAlreadyExistsException.class,
            () -> NativeModelStore.save(TestModels.model(TestModels.linear(), 22), path, false));

    assertTrue(e.getMessage().contains(path.toString()), e.getMessage());
    assertTrue(e.getMessage().contains("overwrite=true"), e.getMessage());
    assertEquals("precious", Files.readString(path));
    assertEquals(List.of(path), listDir());
  }

  @Test
  void overwriteReplacesTheFile() throws IOException {
    Path path = dir.resolve("model.hamu");
    NativeModelStore.save(TestModels.model(TestModels.linear(), 23), path, false);
    NativeModel replacement = TestModels.model(TestModels.softmax(), 24);

    NativeModelStore.save(replacement, path, true);

    assertArrayEquals(NativeModelCodec.toBytes(replacement), Files.readAllBytes(path));
    assertEquals(List.of(path), listDir());
  }

  @Test
  void failedSaveLeavesNoFileBehind() throws IOException {
    NativeModel model = TestModels.model(TestModels.softmax(), 25);
    model.weights().get("coefficients").putScalar(0, 1, Double.NaN);
    Path path = dir.resolve("model.hamu");

    assertThrows(IllegalArgumentException.class, () -> NativeModelStore.save(model, path, false));

    assertEquals(List.of(), listDir(), "neither the target nor a temporary file may remain");
  }

  @Test
  void failedOverwriteKeepsTheOldFile() throws IOException {
    Path path = dir.resolve("model.hamu");
    NativeModel old = TestModels.model(TestModels.linear(), 26);
    NativeModelStore.save(old, path, false);
    NativeModel bad = TestModels.model(TestModels.linear(), 27);
    bad.weights().get("intercept").putScalar(0, Double.POSITIVE_INFINITY);

    assertThrows(IllegalArgumentException.class, () -> NativeModelStore.save(bad, path, true));

    assertArrayEquals(NativeModelCodec.toBytes(old), Files.readAllBytes(path));
    assertEquals(List.of(path), listDir());
  }

  @Test
  void missingDirectoryIsReported() {
    Path path = dir.resolve("no-such-dir").resolve("model.hamu");
    NoSuchFileException e =
        assertThrows(
            NoSuchFileException.class,
            () -> NativeModelStore.save(TestModels.model(TestModels.linear(), 28), path, false));
    assertTrue(
        e.getMessage()
            .startsWith(
                dir.resolve("no-such-dir")
                    + ": no such directory to save the model file"
                    + " model.hamu in"),
        e.getMessage());
    assertEquals(List.of(), assertDoesNotThrow(this::listDir));
  }

  @Test
  void loadingAMissingPathNamesThePath() {
    Path path = dir.resolve("absent.hamu");
    NoSuchFileException e =
        assertThrows(NoSuchFileException.class, () -> NativeModelStore.load(path));
    assertTrue(e.getMessage().contains(path.toString()), e.getMessage());
    assertTrue(e.getMessage().contains("no native model file"), e.getMessage());
  }

  @Test
  void loadingABadFileNamesThePathAndTheProblem() throws IOException {
    Path path = dir.resolve("notes.txt");
    Files.writeString(path, "hello, world");
    ModelFormatException e =
        assertThrows(ModelFormatException.class, () -> NativeModelStore.load(path));
    assertTrue(
        e.getMessage()
            .startsWith(path.toString() + ": not a HAMU native model: expected magic HAMUMODL"),
        e.getMessage());
  }

  private List<Path> listDir() throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.sorted().toList();
    }
  }
}
