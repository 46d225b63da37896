package io.coopdistill.actors;

import io.coopdistill.learners.data.Dataset;
import io.coopdistill.learners.distill.expertise.Expertise;
import io.coopdistill.learners.distill.curriculum.Lesson;
import io.coopdistill.learners.distill.round.Site;
import io.coopdistill.learners.distill.round.SiteTeaching;
import io.coopdistill.learners.distill.curriculum.StudentCurriculum;
import io.coopdistill.learners.distill.counterfactual.CounterfactualGenerator;
import io.coopdistill.learners.distill.counterfactual.PixelMask;
import io.coopdistill.learners.model.Learner;
import io.coopdistill.learners.model.Model;
import io.coopdistill.learners.model.ModelSnapshot;
import io.coopdistill.learners.privacy.audit.SiteAudit;
import io.coopdistill.learners.privacy.SitePrivacy;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A {@link LearnerActor}'s state: its {@link Site} (learner, private data), the shared test set and
 * its last good models. Created
 * with the actor and kept across its restarts, so that a retried step finds what earlier steps made.
 */
final class SiteState {
  final int index;
  final String name;
  final Learner learner;
  final Dataset data;
  final Dataset validation;
  final Dataset test;
  final Dataset heldOut;
  /** The private rows' r_s and the guard: measured once, the data never changes. */
  SitePrivacy privacy;
  int round;
  long roundSeed;
  /** What this site's teachers sent in the round, by teacher (a re-taught teacher's lessons replace its first). */
  final Map<Integer, List<Lesson>> taught = new TreeMap<>();
  SiteAudit audit;
  Model roundStart;
  Model retrained;
  List<Model> models;
  SiteTeaching.Deficiencies deficiencies;
  /** The lessons received as a student, by the work item that made them: a re-sent lesson replaces its first copy. */
  final Map<PhaseBarrier.WorkItem, Lesson> lessons = new TreeMap<>();
  /** Why a lesson of this round was rejected, if one was: the student's study is rejected for it too. */
  String rejectedLessons;
  StudentCurriculum curriculum;
  Dataset earlierVirtual;

  SiteState(int index, Site site, Dataset test) {
    this.index = index;
    this.name = site.name();
    this.learner = site.learner();
    this.data = site.data();
    this.validation = site.validation();
    this.test = test;
    this.heldOut = site.heldOut();
  }

  /** A new run: forget everything but the data. */
  void reset() {
    clearRound();
    round = 1;
    roundStart = null;
    earlierVirtual = null;
  }

  /** Entering round r: last round's retrained model becomes the starting model, its curriculum is kept. */
  void enter(int r) {
    if (r <= round) return;
    if (retrained != null) roundStart = retrained;
    if (curriculum != null) {
      earlierVirtual = earlierVirtual == null ? curriculum.virtual() : earlierVirtual.concat(data.name() + "/virtual", curriculum.virtual());
    }
    clearRound();
    round = r;
  }

  /** Forgets what the current round produced. */
  private void clearRound() {
    retrained = null;
    models = null;
    deficiencies = null;
    lessons.clear();
    rejectedLessons = null;
    curriculum = null;
    taught.clear();
    audit = null;
  }

  /** What the student retrains on before this round's curriculum: its own rows and what it kept before. */
  Dataset ownAndEarlier() {
    return earlierVirtual == null ? data : data.withTrainingOnly(data.name() + "+earlier", earlierVirtual);
  }

  /** Keeps a received lesson, replacing an earlier copy from the same site and teacher. */
  void receive(Lesson lesson) {
    lessons.put(new PhaseBarrier.WorkItem(lesson.site(), lesson.teacher()), lesson);
  }

  /** What each of {@code teachers} needs to teach from this site's deficiencies of the round. */
  List<TeacherActor.Assignment> assignments(long roundSeed, List<Integer> teachers, List<boolean[][]> masks,
                                            CounterfactualGenerator generator) {
    List<TeacherActor.Assignment> work = new ArrayList<>();
    for (int teacher : teachers) {
      boolean[][] mask = masks.get(teacher);
      work.add(new TeacherActor.Assignment(round, roundSeed, index, data, teacher, deficiencies.ofTeacher(teacher), models,
          mask == null ? null : PixelMask.of(mask), generator, privacy));
    }
    return work;
  }

  /** Learner {@code learner}'s model from its snapshot, in this site's feature space and classes. */
  Model restore(int learner, ModelSnapshot snapshot) {
    Model model;
    try {
      model = snapshot.restore();
    } catch (IllegalArgumentException e) {
      throw new BadInput("the snapshot of learner " + learner + " cannot be restored: " + e.getMessage(), e);
    }
    if (model.numFeatures() != data.numFeatures() || model.numClasses() != data.numClasses()) {
      throw new BadInput("the snapshot of learner " + learner + " has " + model.numFeatures() + " features and " + model.numClasses()
          + " classes; this site's data has " + data.numFeatures() + " and " + data.numClasses(), null);
    }
    return model;
  }

  /** Bad input found while a step ran (e.g. a snapshot that cannot be restored): rejected, not retried. */
  static final class BadInput extends RuntimeException {
    BadInput(String message, Throwable cause) { super(message, cause); }
  }

  static double accuracy(Model model, Dataset data) {
    return data == null ? Double.NaN : Expertise.identify(model, data).accuracy();
  }

  static double balancedAccuracy(Model model, Dataset data) {
    return data == null ? Double.NaN : Expertise.identify(model, data).balancedAccuracy(data);
  }
}
