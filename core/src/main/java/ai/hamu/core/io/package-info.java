/**
 * The native model format: a versioned, self-describing single file holding one model.
 *
 * <p>A file is the 8-byte ASCII magic {@code HAMUMODL}, a 4-byte big-endian manifest length, a
 * UTF-8 JSON manifest (format name and version, model type, layer sizes, hidden activations, block
 * names, shapes and offsets, parameter count, SHA-256 of the weights, provenance), then every
 * weight as an IEEE-754 float64 little-endian, block after block, each block row-major. No Java
 * serialization is involved. Readers refuse newer or unknown format versions and any inconsistency
 * with a {@link ai.hamu.core.io.ModelFormatException} naming the problem.
 *
 * <p>{@link ai.hamu.core.io.NativeModelCodec} works on plain streams so that any storage (local
 * files through {@link ai.hamu.core.io.NativeModelStore}, or a distributed file system elsewhere)
 * can carry the format.
 */
package ai.hamu.core.io;
