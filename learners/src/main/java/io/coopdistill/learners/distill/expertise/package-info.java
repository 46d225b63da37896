/**
 * Step 1 of a round: a model's expertise on a site's rows (what it gets right, per row and class)
 * and the deficiencies it reveals, the rows a teacher gets right and a student does not (R(i→j)),
 * reported between sites as counts only.
 */
package io.coopdistill.learners.distill.expertise;
