/**
 * The library, without Akka: data ({@code data}), learners and their models ({@code model}) and the
 * method's steps ({@code distill}, with the privacy guard and audit in {@code privacy}); here, the
 * file and configuration helpers they share.
 */
package io.coopdistill.learners;
