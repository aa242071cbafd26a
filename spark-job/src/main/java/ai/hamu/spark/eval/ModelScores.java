package ai.hamu.spark.eval;

/**
 * Everything measured of one model: the three splits and the membership-inference attack.
 *
 * @param forget     the rows to forget
 * @param retain     the other training rows
 * @param test       held-out rows never trained on
 * @param membership the attack on the sampled per-example losses
 */
public record ModelScores(SplitScores forget, SplitScores retain, SplitScores test, MembershipScores membership) {

  /** Component-wise {@code this − other}, e.g. the gap to the retrained model. */
  public ModelScores minus(ModelScores other) {
    return new ModelScores(forget.minus(other.forget), retain.minus(other.retain), test.minus(other.test),
        membership.minus(other.membership));
  }
}
