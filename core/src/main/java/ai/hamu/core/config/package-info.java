/** Configuration vocabulary shared by the engine's choice enums and the job that parses them. */
package ai.hamu.core.config;
