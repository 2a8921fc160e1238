import { GradbookError } from '../errors.js';

/** A parameter tree does not fit the model: a layer or parameter is missing, extra, or misshapen. */
export class ParamsError extends GradbookError {
  /** Where in the tree, e.g. `dense1.kernel`. */
  readonly path: string;

  constructor(where: string, path: string, message: string) {
    super(where, message);
    this.name = 'ParamsError';
    this.path = path;
  }
}

/** A model spec (`fromSpec`) names a layer type or activation Gradbook does not know, or lacks a field. */
export class SpecError extends GradbookError {
  constructor(where: string, message: string) {
    super(where, message);
    this.name = 'SpecError';
  }
}
