package dev.workpool.api;

/**
 * One entry of a 400 problem's {@code errors} list.
 *
 * @param field JSON path of the offending value, such as {@code parallelism} or
 * {@code params.rounds}
 * @param message what is wrong with it
 */
record FieldProblem(String field, String message) {

}
