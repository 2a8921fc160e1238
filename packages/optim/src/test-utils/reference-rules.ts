/**
 * The update rules of conformance/README.md written out in float64 on plain arrays,
 * independently of the package's tensor code, to check options the shipped cases do not cover.
 */
export interface RefOptions {
  lr: number;
  wd?: number;
  mu?: number;
  b1?: number;
  b2?: number;
  eps?: number;
  rho?: number;
}

export function referenceTrajectory(name: string, o: RefOptions, p0: number[], grads: number[][]): number[][] {
  const n = p0.length;
  const p = [...p0];
  const z = () => new Array(n).fill(0);
  let m = z(), v = z(), b = z(), s = z(), prev = z();
  const out: number[][] = [];
  const wd = o.wd ?? 0;
  grads.forEach((g0, k) => {
    const t = k + 1;
    const g = g0.map((x, i) => (name === 'adamw' || name === 'lion' ? x : x + wd * p[i]!));
    for (let i = 0; i < n; i++) {
      const gi = g[i]!;
      switch (name) {
        case 'sgd':
          p[i] -= o.lr * gi;
          break;
        case 'momentum':
        case 'nesterov':
          b[i] = t === 1 ? gi : o.mu! * b[i] + gi;
          p[i] -= o.lr * (name === 'nesterov' ? gi + o.mu! * b[i] : b[i]);
          break;
        case 'adam':
        case 'adamw':
          if (name === 'adamw') p[i] *= 1 - o.lr * wd;
          m[i] = o.b1! * m[i] + (1 - o.b1!) * gi;
          v[i] = o.b2! * v[i] + (1 - o.b2!) * gi * gi;
          p[i] -= (o.lr / (1 - o.b1! ** t)) * m[i] / (Math.sqrt(v[i]) / Math.sqrt(1 - o.b2! ** t) + o.eps!);
          break;
        case 'rmsprop':
          v[i] = o.rho! * v[i] + (1 - o.rho!) * gi * gi;
          p[i] -= (o.lr * gi) / (Math.sqrt(v[i]) + o.eps!);
          break;
        case 'adagrad':
          s[i] += gi * gi;
          p[i] -= (o.lr * gi) / (Math.sqrt(s[i]) + o.eps!);
          break;
        case 'lion': {
          const c = o.b1! * m[i] + (1 - o.b1!) * gi;
          p[i] = p[i]! * (1 - o.lr * wd) - o.lr * Math.sign(c);
          m[i] = o.b2! * m[i] + (1 - o.b2!) * gi;
          break;
        }
        case 'diffgrad': {
          m[i] = o.b1! * m[i] + (1 - o.b1!) * gi;
          v[i] = o.b2! * v[i] + (1 - o.b2!) * gi * gi;
          const xi = 1 / (1 + Math.exp(-Math.abs(prev[i] - gi)));
          p[i] -= ((o.lr * Math.sqrt(1 - o.b2! ** t)) / (1 - o.b1! ** t)) * xi * m[i] / (Math.sqrt(v[i]) + o.eps!);
          prev[i] = gi;
          break;
        }
        default:
          throw new Error(name);
      }
    }
    out.push([...p]);
  });
  return out;
}
