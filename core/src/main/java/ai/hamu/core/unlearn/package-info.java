/** The unlearning loop in one process: statistics → update rule → applied step, with per-iteration history. */
package ai.hamu.core.unlearn;
