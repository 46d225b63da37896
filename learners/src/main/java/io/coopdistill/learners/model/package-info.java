/**
 * The learner SPI: a {@link io.coopdistill.learners.model.Learner} trains a {@link
 * io.coopdistill.learners.model.Model}, which classifies and travels as a {@link
 * io.coopdistill.learners.model.ModelSnapshot}; providers are found with the service loader.
 */
package io.coopdistill.learners.model;
