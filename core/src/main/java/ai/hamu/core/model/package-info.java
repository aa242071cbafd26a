/**
 * Models with named parameter blocks, evaluated on blocks of rows: architecture, weights ({@link
 * ai.hamu.core.model.ParameterBlocks}), batched forward pass, per-example loss, and per-block
 * gradient sums of the loss and of the KL divergence to an original model.
 */
package ai.hamu.core.model;
