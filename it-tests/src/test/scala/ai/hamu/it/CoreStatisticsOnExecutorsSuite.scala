package ai.hamu.it

import ai.hamu.core.model.{Activation, Architecture, FeedForwardModel, ParameterBlocks}
import org.apache.spark.sql.SparkSession
import org.nd4j.linalg.api.buffer.DataType
import org.nd4j.linalg.factory.Nd4j
import org.scalatest.BeforeAndAfterAll
import org.scalatest.funsuite.AnyFunSuite

import java.util.{List => JList}
import scala.util.Random

/**
 * The core engine's batched statistics computed inside Spark tasks, one block of rows per
 * partition, and summed with treeAggregate, equal the same statistics computed over all rows in
 * one process (relative 1e-9): the invariant the distributed loop is built on.
 */
class CoreStatisticsOnExecutorsSuite extends AnyFunSuite with BeforeAndAfterAll {

  private var spark: SparkSession = _

  override def beforeAll(): Unit = {
    spark = SparkSession.builder().master("local[2]").appName("core-on-executors")
      .config("spark.driver.host", "127.0.0.1").config("spark.ui.enabled", "false").getOrCreate()
  }

  override def afterAll(): Unit = if (spark != null) spark.stop()

  import CoreStatisticsOnExecutorsSuite.model

  test("partition statistics merged with treeAggregate equal the single-process statistics", SameOnEverySparkLine) {
    val random = new Random(11)
    val rows = Seq.fill(503)((random.nextInt(4).toDouble, Array.fill(6)(random.nextGaussian())))
    val m = model()
    val params = m.initialParameters(3L)
    val flatParams = params.toFlatArray

    val (lossSum, count, correct, gradSum) = spark.sparkContext.parallelize(rows, 9)
      .mapPartitions { it =>
        val part = it.toArray
        val local = model()
        val p = ParameterBlocks.fromFlat(local.blocks(), flatParams)
        if (part.isEmpty) Iterator.empty
        else {
          val x = Nd4j.create(part.flatMap(_._2), Array(part.length.toLong, 6L), DataType.DOUBLE)
          val y = Nd4j.create(part.map(_._1), Array(part.length.toLong), DataType.DOUBLE)
          val s = local.lossStatistics(p, x, y)
          Iterator((s.objectiveSum(), s.exampleCount(), s.correctCount(), s.gradientSum().toFlatArray))
        }
      }
      .treeAggregate((0.0, 0L, 0L, new Array[Double](flatParams.length)))(
        (acc, s) => (acc._1 + s._1, acc._2 + s._2, acc._3 + s._3, acc._4.zip(s._4).map { case (a, b) => a + b }),
        (a, b) => (a._1 + b._1, a._2 + b._2, a._3 + b._3, a._4.zip(b._4).map { case (u, v) => u + v }),
        depth = 2)

    val x = Nd4j.create(rows.flatMap(_._2).toArray, Array(rows.size.toLong, 6L), DataType.DOUBLE)
    val y = Nd4j.create(rows.map(_._1).toArray, Array(rows.size.toLong), DataType.DOUBLE)
    val expected = m.lossStatistics(params, x, y)

    assert(count == rows.size)
    assert(correct == expected.correctCount())
    assert(math.abs(lossSum - expected.objectiveSum()) <= 1e-9 * math.abs(expected.objectiveSum()))
    val expectedGrad = expected.gradientSum().toFlatArray
    expectedGrad.indices.foreach { i =>
      assert(math.abs(gradSum(i) - expectedGrad(i)) <= 1e-9 * math.abs(expectedGrad(i)) + 1e-12,
        s"gradient element $i: distributed ${gradSum(i)} vs local ${expectedGrad(i)}")
    }
  }
}

/** Executor-side helpers live here so task closures capture no suite instance. */
object CoreStatisticsOnExecutorsSuite {
  def model(): FeedForwardModel = new FeedForwardModel(Architecture.multilayerPerceptron(
    JList.of(Int.box(6), Int.box(5), Int.box(4)), JList.of(Activation.TANH)))
}
