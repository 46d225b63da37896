/**
 * Steps 3 and 4: the lessons a site's teachers send (virtual instances with their counts, and the
 * record of what left the site), and each student's curriculum built from them under a {@link
 * io.coopdistill.learners.distill.curriculum.CurriculumVariant}: set cover, or every instance kept.
 */
package io.coopdistill.learners.distill.curriculum;
