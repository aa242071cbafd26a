/**
 * Code that runs on executors: cached row blocks, the per-partition statistics function, and the
 * serializable accumulators it sends to the driver.
 */
package ai.hamu.spark.executor;
