/** A single-process demonstration of the core engine on the bundled letter data. */
package ai.hamu.core.demo;
