/** Training of original models in one process (mini-batch Adam). */
package ai.hamu.core.train;
