package ai.hamu.spark.schedule;

import ai.hamu.core.model.BlockSpec;
import ai.hamu.core.model.ParameterBlocks;
import ai.hamu.core.unlearn.IterationRecord;
import ai.hamu.core.unlearn.LoopState;
import ai.hamu.spark.io.HadoopFiles;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Path ↔ loop checkpoint: {@code <root>/checkpoints/<batchId>/iter-NNNNNN.ckpt} holds the {@link
 * LoopState} after iteration NNNNNN − 1 (weights, the weights before a step still to be judged, the
 * trust radius, next iteration, original forget loss, history; the sampling state is the run seed,
 * fixed by the settings, plus the iteration) and a fingerprint of the batch, input model and
 * settings. A checkpoint is written through a temporary sibling, then the older ones are deleted;
 * one with another fingerprint is never resumed from.
 */
public final class CheckpointStore {

  private static final String MAGIC = "HAMU-CHECKPOINT";

  /** Format version of the checkpoint files. */
  public static final int FORMAT_VERSION = 3;

  private final Configuration conf;
  private final HadoopFiles files;
  private final Path dir;

  /** The checkpoints under {@code root}. */
  public CheckpointStore(Configuration conf, String root) {
    this.conf = conf;
    this.files = new HadoopFiles(conf);
    this.dir = new Path(root, "checkpoints");
  }

  /** The directory of batch {@code batchId}'s checkpoints. */
  public String directory(String batchId) {
    return new Path(dir, batchId).toString();
  }

  /**
   * Saves {@code state} of batch {@code batchId} under {@code fingerprint}; older checkpoints are
   * deleted.
   */
  public void save(String batchId, String fingerprint, LoopState state) throws IOException {
    Path target =
        new Path(
            directory(batchId),
            String.format(Locale.ROOT, "iter-%06d.ckpt", state.nextIteration()));
    String tmp = files.temporarySibling(target.toString());
    try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(files.create(tmp)))) {
      out.writeUTF(MAGIC);
      out.writeInt(FORMAT_VERSION);
      out.writeUTF(fingerprint);
      out.writeInt(state.nextIteration());
      out.writeDouble(state.originalForgetLoss());
      IterationRecordCodec.writeDoubles(state.weights().toFlatArray(), out);
      out.writeBoolean(state.anchor().isPresent());
      if (state.anchor().isPresent()) {
        IterationRecordCodec.writeDoubles(state.anchor().get().toFlatArray(), out);
      }
      out.writeDouble(state.stepRadius());
      out.writeInt(state.history().size());
      for (IterationRecord r : state.history()) {
        IterationRecordCodec.write(r, out);
      }
    }
    files.publish(tmp, target.toString(), true);
    for (Path older : checkpoints(batchId)) {
      if (!older.getName().equals(target.getName())) {
        older.getFileSystem(conf).delete(older, false);
      }
    }
  }

  /**
   * The latest checkpoint of {@code batchId} if it was saved under {@code fingerprint}; otherwise
   * empty, with the reason printed to {@code log}.
   */
  public Optional<LoopState> latest(
      String batchId, String fingerprint, List<BlockSpec> blocks, PrintStream log)
      throws IOException {
    List<Path> all = checkpoints(batchId);
    if (all.isEmpty()) {
      return Optional.empty();
    }
    Path last = all.get(all.size() - 1);
    try (DataInputStream in =
        new DataInputStream(new BufferedInputStream(files.open(last.toString())))) {
      if (!MAGIC.equals(in.readUTF())) {
        log.println(
            "checkpoint "
                + last
                + " is not a HAMU checkpoint; starting the batch from iteration 0");
        return Optional.empty();
      }
      int version = in.readInt();
      if (version != FORMAT_VERSION) {
        log.println(
            "checkpoint "
                + last
                + ": format version expected "
                + FORMAT_VERSION
                + ", got "
                + version
                + "; starting the batch from iteration 0");
        return Optional.empty();
      }
      String saved = in.readUTF();
      if (!saved.equals(fingerprint)) {
        log.println(
            "checkpoint "
                + last
                + " belongs to another input model or settings (fingerprint "
                + saved
                + ", expected "
                + fingerprint
                + "); starting the batch from iteration 0");
        return Optional.empty();
      }
      int next = in.readInt();
      double originalForgetLoss = in.readDouble();
      ParameterBlocks weights =
          ParameterBlocks.fromFlat(blocks, IterationRecordCodec.readDoubles(in));
      Optional<ParameterBlocks> anchor =
          in.readBoolean()
              ? Optional.of(ParameterBlocks.fromFlat(blocks, IterationRecordCodec.readDoubles(in)))
              : Optional.empty();
      double stepRadius = in.readDouble();
      int n = in.readInt();
      List<IterationRecord> history = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        history.add(IterationRecordCodec.read(in));
      }
      return Optional.of(
          new LoopState(next, weights, originalForgetLoss, history, anchor, stepRadius));
    } catch (IOException | IllegalArgumentException e) {
      log.println(
          "checkpoint "
              + last
              + " is unreadable ("
              + e.getMessage()
              + "); starting the batch from "
              + "iteration 0");
      return Optional.empty();
    }
  }

  /** Deletes every checkpoint of {@code batchId}. */
  public void delete(String batchId) throws IOException {
    Path d = new Path(directory(batchId));
    d.getFileSystem(conf).delete(d, true);
  }

  /** Paths of {@code batchId}'s checkpoints, oldest first. */
  public List<Path> checkpoints(String batchId) throws IOException {
    Path d = new Path(directory(batchId));
    FileSystem fs = d.getFileSystem(conf);
    List<Path> out = new ArrayList<>();
    if (fs.exists(d)) {
      for (FileStatus s :
          fs.listStatus(d, p -> p.getName().startsWith("iter-") && p.getName().endsWith(".ckpt"))) {
        out.add(s.getPath());
      }
    }
    out.sort(Comparator.comparing(Path::getName));
    return out;
  }
}
