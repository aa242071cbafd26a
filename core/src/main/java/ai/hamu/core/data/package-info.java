/** In-memory labelled rows and a reader for the bundled CSV datasets. */
package ai.hamu.core.data;
