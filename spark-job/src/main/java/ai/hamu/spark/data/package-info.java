/**
 * From DataFrames to the engine: reading training data, selecting the rows to forget, packing row
 * blocks.
 */
package ai.hamu.spark.data;
