/**
 * Conversion between Spark MLlib models and the engine's models, and MLlib model persistence.
 *
 * <p>{@link ai.hamu.spark.mllib.MllibModelCodec} imports a fitted MLlib model (or a {@code
 * PipelineModel} ending in one) as an {@link ai.hamu.spark.mllib.ImportedModel}: the engine's
 * {@link ai.hamu.core.model.Architecture} and {@link ai.hamu.core.model.ParameterBlocks}, plus what
 * is needed to give the weights back to MLlib. Exporting builds a model of the same class, uid and
 * params holding new weights, so that MLlib {@code transform} of the exported model agrees with the
 * engine's forward pass on those weights.
 *
 * <table>
 *   <caption>Supported MLlib models</caption>
 *   <tr><th>MLlib model</th><th>engine model</th><th>blocks</th></tr>
 *   <tr><td>binomial {@code LogisticRegressionModel}</td><td>{@code BINARY_LOGISTIC_REGRESSION}</td>
 *       <td>{@code coefficients [1 x d]}, {@code intercept [1]}</td></tr>
 *   <tr><td>multinomial {@code LogisticRegressionModel} (k classes, k &ge; 2)</td><td>{@code SOFTMAX_REGRESSION}</td>
 *       <td>{@code coefficients [k x d]}, {@code intercepts [k]}</td></tr>
 *   <tr><td>{@code LinearRegressionModel}</td><td>{@code LINEAR_REGRESSION}</td>
 *       <td>{@code coefficients [1 x d]}, {@code intercept [1]}</td></tr>
 *   <tr><td>{@code MultilayerPerceptronClassificationModel}</td><td>{@code MULTILAYER_PERCEPTRON},
 *       sigmoid hidden layers</td><td>{@code layer<i>.weight [out x in]}, {@code layer<i>.bias [out]}</td></tr>
 * </table>
 *
 * <p>{@link ai.hamu.spark.mllib.MllibModelStore} saves and loads these models (and pipelines) in
 * MLlib's own directory format on any Hadoop file system, detecting the class from the saved
 * metadata.
 */
package ai.hamu.spark.mllib;
