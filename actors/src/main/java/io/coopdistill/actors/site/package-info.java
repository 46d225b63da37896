/**
 * What runs at a site, where its private data is: one {@link
 * io.coopdistill.actors.site.LearnerActor} per site, a behaviour per phase of the round, with a
 * {@link io.coopdistill.actors.site.Teaching} child per batch of teachers and a {@link
 * io.coopdistill.actors.site.TeacherActor} per teacher, each searching on its own dispatcher.
 * {@link io.coopdistill.actors.site.LearnerProtocol} is what the supervisor's side sends a learner
 * and what it answers; nothing here knows that side.
 */
package io.coopdistill.actors.site;
