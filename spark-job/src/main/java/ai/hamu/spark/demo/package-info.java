/**
 * The end-to-end demo of the README: MLlib model in, deletion list, unlearned MLlib model and
 * report out.
 */
package ai.hamu.spark.demo;
