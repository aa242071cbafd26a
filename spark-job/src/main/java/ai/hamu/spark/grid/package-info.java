/**
 * The defaults grid: the unlearning job with only paths given (its defaults), on MLlib pipelines
 * trained to convergence as users train them, over datasets × models × forget sets × seeds, each
 * run judged against an MLlib retrain without the forgotten rows.
 */
package ai.hamu.spark.grid;
