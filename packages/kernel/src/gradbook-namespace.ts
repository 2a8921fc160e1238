import * as attribution from '@gradbook/attribution';
import * as core from '@gradbook/core';
import * as data from '@gradbook/data';
import * as optim from '@gradbook/optim';
import * as plot from '@gradbook/plot';
import { sweep } from './sweep/sweep-function.js';

/**
 * `gb` in notebook cells: every export of @gradbook/core, optim, data, attribution and plot in one
 * object (core's names win a clash, then optim, data, attribution, plot), and the kernel's `sweep`
 * (a function over a grid and seeds, with how often each claim held).
 */
export const gb: Readonly<Record<string, unknown>> = Object.freeze({ ...plot, ...attribution, ...data, ...optim, ...core, sweep });

export { plot as plotBuilders };
