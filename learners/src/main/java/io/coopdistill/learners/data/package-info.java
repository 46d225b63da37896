/**
 * Data sets: the readers (CSV, ARFF, IDX), the encoding of tables into one union feature space, the
 * paper's data sets (heart disease, German credit, FashionMNIST) and their split into sites.
 */
package io.coopdistill.learners.data;
