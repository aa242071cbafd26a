package ai.hamu.spark.schedule;

import ai.hamu.core.forgetting.ForgettingCheck;
import ai.hamu.core.hardness.Hardness;
import ai.hamu.core.hardness.TensorGeometry;
import ai.hamu.core.plan.StepPlan;
import ai.hamu.core.plan.StepSummary;
import ai.hamu.core.plan.StopReason;
import ai.hamu.core.solve.Branch;
import ai.hamu.core.solve.TensorDiagnostics;
import ai.hamu.core.unlearn.IterationRecord;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Bytes ↔ {@link IterationRecord}, every field exactly (doubles by their bits), so a resumed run's
 * history equals the uninterrupted run's. A history keeps no step δ ({@link
 * StepPlan#withoutDelta}); one written by an earlier version (a flat array after a presence flag)
 * is read past.
 */
final class IterationRecordCodec {

  private IterationRecordCodec() {}

  static void write(IterationRecord r, DataOutputStream out) throws IOException {
    out.writeInt(r.iteration());
    out.writeDouble(r.retainLoss());
    out.writeDouble(r.retainAccuracy());
    out.writeDouble(r.forgetLoss());
    out.writeDouble(r.forgetAccuracy());
    out.writeLong(r.wallNanos());
    StepPlan plan = r.plan();
    out.writeUTF(plan.stopReason().name());
    out.writeBoolean(plan.delta().isPresent());
    if (plan.delta().isPresent()) {
      writeDoubles(plan.delta().get().toFlatArray(), out);
    }
    out.writeInt(plan.tensors().size());
    for (TensorDiagnostics d : plan.tensors()) {
      out.writeUTF(d.name());
      out.writeUTF(d.branch().name());
      out.writeBoolean(d.failedFeasibility());
      out.writeBoolean(d.nanInDelta());
      writeDoubles(
          new double[] {
            d.radius(), d.constraint(), d.retainNorm(), d.forgetNorm(), d.perpNorm(), d.dot()
          },
          out);
      Hardness h = d.hardness();
      writeDoubles(
          new double[] {
            h.kappa(), h.feasibility(), h.kappa1(), h.kappa2(), h.threshold(), h.minimumRetainCost()
          },
          out);
      writeDoubles(
          new double[] {
            d.stoppingTerm(),
            d.stoppingThreshold(),
            d.realisedForgetChange(),
            d.realisedRetainChange(),
            d.deltaNorm()
          },
          out);
    }
    StepSummary s = plan.summary();
    TensorGeometry g = s.geometry();
    writeDoubles(
        new double[] {
          s.retainNormBeforeClip(),
          s.forgetNormBeforeClip(),
          s.retainClipFactor(),
          s.forgetClipFactor(),
          g.retainNorm(),
          g.forgetNorm(),
          g.dot(),
          s.constraintTotal(),
          s.stoppingRhs(),
          s.stoppingMargin(),
          s.firstOrderRetainChange(),
          s.firstOrderForgetChange()
        },
        out);
    out.writeBoolean(s.stoppingMet());
    out.writeDouble(r.stepScale());
    out.writeBoolean(r.undone());
    out.writeBoolean(r.check().isPresent());
    if (r.check().isPresent()) {
      ForgettingCheck c = r.check().get();
      out.writeBoolean(c.measurable());
      out.writeBoolean(c.met());
      out.writeBoolean(c.overshot());
      out.writeInt(c.sharedRows());
      out.writeInt(c.absentClassRows());
      writeDoubles(
          new double[] {
            c.forgetAccuracy(),
            c.referenceAccuracy(),
            c.accuracyTolerance(),
            c.auc(),
            c.aucTolerance(),
            c.absentClassAccuracy(),
            c.absentTolerance(),
            c.heldOutAccuracy(),
            c.heldOutChangeError()
          },
          out);
    }
  }

  static IterationRecord read(DataInputStream in) throws IOException {
    int iteration = in.readInt();
    double retainLoss = in.readDouble();
    double retainAccuracy = in.readDouble();
    double forgetLoss = in.readDouble();
    double forgetAccuracy = in.readDouble();
    long wallNanos = in.readLong();
    StopReason reason = StopReason.valueOf(in.readUTF());
    if (in.readBoolean()) {
      readDoubles(in); // δ, written by earlier versions into their history; a history keeps none
    }
    int n = in.readInt();
    List<TensorDiagnostics> tensors = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      String name = in.readUTF();
      Branch branch = Branch.valueOf(in.readUTF());
      boolean failed = in.readBoolean();
      boolean nan = in.readBoolean();
      double[] a = readDoubles(in);
      double[] h = readDoubles(in);
      double[] b = readDoubles(in);
      tensors.add(
          new TensorDiagnostics(
              name,
              branch,
              failed,
              nan,
              a[0],
              a[1],
              a[2],
              a[3],
              a[4],
              a[5],
              new Hardness(h[0], h[1], h[2], h[3], h[4], h[5]),
              b[0],
              b[1],
              b[2],
              b[3],
              b[4]));
    }
    double[] s = readDoubles(in);
    boolean met = in.readBoolean();
    StepSummary summary =
        new StepSummary(
            s[0],
            s[1],
            s[2],
            s[3],
            new TensorGeometry(s[4], s[5], s[6]),
            s[7],
            s[8],
            s[9],
            met,
            s[10],
            s[11]);
    double stepScale = in.readDouble();
    boolean undone = in.readBoolean();
    Optional<ForgettingCheck> check = Optional.empty();
    if (in.readBoolean()) {
      boolean measurable = in.readBoolean();
      boolean targetMet = in.readBoolean();
      boolean overshot = in.readBoolean();
      int shared = in.readInt();
      int absent = in.readInt();
      double[] c = readDoubles(in);
      check =
          Optional.of(
              new ForgettingCheck(
                  measurable,
                  targetMet,
                  overshot,
                  shared,
                  c[0],
                  c[1],
                  c[2],
                  c[3],
                  c[4],
                  absent,
                  c[5],
                  c[6],
                  c[7],
                  c[8]));
    }
    return new IterationRecord(
        iteration,
        retainLoss,
        retainAccuracy,
        forgetLoss,
        forgetAccuracy,
        new StepPlan(reason, Optional.empty(), tensors, summary),
        wallNanos,
        stepScale,
        undone,
        check);
  }

  static void writeDoubles(double[] values, DataOutputStream out) throws IOException {
    out.writeInt(values.length);
    for (double v : values) {
      out.writeDouble(v);
    }
  }

  static double[] readDoubles(DataInputStream in) throws IOException {
    int n = in.readInt();
    if (n < 0) {
      throw new IOException("negative array length " + n);
    }
    double[] values = new double[n];
    for (int i = 0; i < n; i++) {
      values[i] = in.readDouble();
    }
    return values;
  }
}
