/**
 * A shim in ND4J's package, so that DL4J 1.0.0-M2.1 finds its oneDNN helpers ({@link
 * org.nd4j.nativeblas.Nd4jCpu}).
 */
package org.nd4j.nativeblas;
