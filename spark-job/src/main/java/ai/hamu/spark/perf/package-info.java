/**
 * Performance benchmarks of the distributed engine ({@code bin/hamu perf}): the iteration time
 * against MLlib's own iterations on the same cached data, throughput and scaling in rows and
 * parameters, unlearning against retraining, and a measured profile of one iteration.
 */
package ai.hamu.spark.perf;
