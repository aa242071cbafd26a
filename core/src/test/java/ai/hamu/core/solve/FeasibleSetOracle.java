package ai.hamu.core.solve;

/**
 * A generic, HAMU-independent optimiser for the linear problem min c·δ s.t. a·δ ≥ B, ‖δ‖ ≤ R:
 * projected gradient descent, projecting onto the intersection of the half-space and the ball with
 * Dykstra's alternating-projection algorithm. Plain Java arrays, no ND4J, no closed form.
 */
final class FeasibleSetOracle {

  private final double[] a;
  private final double bound;
  private final double radius;

  FeasibleSetOracle(double[] a, double bound, double radius) {
    this.a = a;
    this.bound = bound;
    this.radius = radius;
  }

  /**
   * The Euclidean projection of {@code y} onto {a·δ ≥ B} ∩ {‖δ‖ ≤ R} (Dykstra, {@code iterations}
   * rounds).
   */
  double[] project(double[] y, int iterations) {
    int n = y.length;
    double[] x = y.clone();
    double[] p = new double[n];
    double[] q = new double[n];
    double[] u = new double[n];
    for (int it = 0; it < iterations; it++) {
      for (int i = 0; i < n; i++) {
        u[i] = x[i] + p[i];
      }
      projectHalfSpaceInPlace(u);
      for (int i = 0; i < n; i++) {
        p[i] = x[i] + p[i] - u[i];
        x[i] = u[i] + q[i];
      }
      projectBallInPlace(x);
      for (int i = 0; i < n; i++) {
        q[i] = u[i] + q[i] - x[i];
      }
    }
    return x;
  }

  /** Projected gradient descent on c·δ from the origin's projection, with a fixed step. */
  double[] minimise(double[] c, int steps) {
    double cNorm = Math.sqrt(dot(c, c));
    double eta = cNorm > 0 ? 0.05 * radius / cNorm : 0;
    double[] x = project(new double[c.length], 200);
    for (int s = 0; s < steps; s++) {
      double[] y = x.clone();
      for (int i = 0; i < y.length; i++) {
        y[i] -= eta * c[i];
      }
      x = project(y, 60);
    }
    return project(x, 20000); // a long final projection: the result must be feasible to ~1e-9
  }

  /** True when δ satisfies both constraints up to {@code tol}. */
  boolean feasible(double[] x, double tol) {
    return dot(a, x) >= bound - tol && Math.sqrt(dot(x, x)) <= radius + tol;
  }

  private void projectHalfSpaceInPlace(double[] x) {
    double gap = bound - dot(a, x);
    double a2 = dot(a, a);
    if (gap > 0 && a2 > 0) {
      for (int i = 0; i < x.length; i++) {
        x[i] += gap / a2 * a[i];
      }
    }
  }

  private void projectBallInPlace(double[] x) {
    double norm = Math.sqrt(dot(x, x));
    if (norm > radius) {
      for (int i = 0; i < x.length; i++) {
        x[i] *= radius / norm;
      }
    }
  }

  static double dot(double[] x, double[] y) {
    double s = 0;
    for (int i = 0; i < x.length; i++) {
      s += x[i] * y[i];
    }
    return s;
  }
}
