/**
 * Data sets: the readers (CSV, ARFF, IDX), the encoding of tables into one union feature space, the
 * paper's data sets (heart disease, German credit, FashionMNIST) and their split into sites;
 * pairwise distances of encoded rows, which set cover and the privacy audit share.
 */
package io.coopdistill.learners.data;
