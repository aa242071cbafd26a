package ai.hamu.core.stats;

import java.util.function.Supplier;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.memory.conf.WorkspaceConfiguration;
import org.nd4j.linalg.api.memory.enums.AllocationPolicy;
import org.nd4j.linalg.api.memory.enums.LearningPolicy;
import org.nd4j.linalg.api.memory.enums.SpillPolicy;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A reusable, per-thread ND4J workspace for the temporaries of one statistics computation (a block
 * of rows: forward pass, head, backward pass). Without it every one of the ~20 ND4J operations of a
 * block allocates fresh off-heap memory, which the garbage collector frees much later; with it the
 * same memory serves every block and every iteration of the thread. Its size is learnt from the
 * first scope and grows if a later one needs more.
 *
 * <p>Arrays created inside a scope are valid only until {@link MemoryWorkspace#close()}: whatever
 * must outlive it is added in place into arrays allocated outside (running sums), or made with
 * {@link #outside} or {@link #detached}.
 */
public final class ScratchWorkspace {

  private static final String ID = "hamu-scratch";
  private static final WorkspaceConfiguration CONFIG =
      WorkspaceConfiguration.builder()
          .initialSize(0)
          .policyLearning(LearningPolicy.FIRST_LOOP)
          .policyAllocation(AllocationPolicy.OVERALLOCATE)
          .overallocationLimit(0.2)
          .policySpill(SpillPolicy.REALLOCATE)
          .build();

  private ScratchWorkspace() {}

  /**
   * Opens a scope of this thread's workspace; close it (try-with-resources) to reuse the memory.
   */
  public static MemoryWorkspace open() {
    return Nd4j.getWorkspaceManager().getAndActivateWorkspace(CONFIG, ID);
  }

  /** Runs {@code create} outside any workspace, for arrays that must outlive the current scope. */
  @SuppressWarnings("try") // the workspace is a scope: its variable is never read
  public static <T> T outside(Supplier<T> create) {
    try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
      return create.get();
    }
  }

  /** The statistics with their gradient copied out of any workspace. */
  public static BatchStatistics detached(BatchStatistics s) {
    return new BatchStatistics(
        s.objectiveSum(),
        outside(() -> s.gradientSum().copy()),
        s.exampleCount(),
        s.correctCount());
  }
}
