/** Reading and publishing files on any Hadoop file system. */
package ai.hamu.spark.io;
