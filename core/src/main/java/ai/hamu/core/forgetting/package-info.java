/**
 * The forgetting target: what "forgotten" means, measured by the run itself at every iteration
 * without a retrain. Forgotten rows of a class the retained rows still have must look like rows the
 * model never saw (held-out rows of the same classes: accuracy and a loss-threshold
 * membership-inference AUC); forgotten rows of a class no retained row has must stop being
 * recognised, as a model that never saw the class would not recognise them.
 */
package ai.hamu.core.forgetting;
