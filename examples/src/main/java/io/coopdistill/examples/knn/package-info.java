/**
 * A learner of one's own, outside coopdistill's modules: k-nearest neighbours from Smile, plugged
 * in through the {@link io.coopdistill.learners.model.LearnerProvider} and {@link
 * io.coopdistill.learners.model.ModelRestorer} services (see README, "Your own learner").
 */
package io.coopdistill.examples.knn;
