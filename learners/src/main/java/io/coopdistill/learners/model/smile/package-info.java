/**
 * Classical learners on Smile (trees, random forests, logistic regression, naive Bayes, SVM) and
 * their grid search.
 */
package io.coopdistill.learners.model.smile;
