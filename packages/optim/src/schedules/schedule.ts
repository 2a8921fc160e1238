/**
 * A schedule: the value of a hyper-parameter as a function of the number of updates done so far
 * (0 for the first update). Any hyper-parameter that accepts a number also accepts a schedule.
 */
export type Schedule = (step: number) => number;
