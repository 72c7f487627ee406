//! Nelder–Mead simplex minimisation (Nelder & Mead 1965, with the standard
//! coefficients: reflection 1, expansion 2, contraction ½, shrink ½).
//!
//! Written here rather than taken from a crate because the models need only
//! this one derivative-free method, fitted on log-parameters so every
//! parameter stays positive; `minimize` restarts from the optimum until the
//! result stops improving, which makes the fit robust to the simplex
//! collapsing early. The tests check it on the Rosenbrock function.

/// Stopping rules.
#[derive(Clone, Copy, Debug)]
pub struct Options {
    /// Largest number of iterations per restart.
    pub max_iter: usize,
    /// Stop when every vertex is within this distance of the best (per coordinate) …
    pub x_tol: f64,
    /// … or every value is within this (relative) of the best.
    pub f_tol: f64,
    /// Restarts from the optimum (each with a fresh simplex).
    pub restarts: usize,
}

impl Default for Options {
    fn default() -> Self {
        Self {
            max_iter: 5_000,
            x_tol: 1e-10,
            f_tol: 1e-13,
            restarts: 2,
        }
    }
}

/// Result of a minimisation.
#[derive(Clone, Debug)]
pub struct Minimum {
    /// Location.
    pub x: Vec<f64>,
    /// Value there.
    pub value: f64,
    /// Iterations over all restarts.
    pub iterations: usize,
}

fn simplex_around(x0: &[f64]) -> Vec<Vec<f64>> {
    let mut simplex = vec![x0.to_vec()];
    for i in 0..x0.len() {
        let mut v = x0.to_vec();
        v[i] = if v[i] == 0.0 { 0.00025 } else { v[i] * 1.05 };
        simplex.push(v);
    }
    simplex
}

fn run(f: &impl Fn(&[f64]) -> f64, x0: &[f64], opts: &Options) -> Minimum {
    let n = x0.len();
    let mut simplex = simplex_around(x0);
    let mut values: Vec<f64> = simplex.iter().map(|v| f(v)).collect();
    let mut iterations = 0;
    while iterations < opts.max_iter {
        iterations += 1;
        // order vertices by value
        let mut order: Vec<usize> = (0..=n).collect();
        order.sort_by(|&a, &b| values[a].total_cmp(&values[b]));
        simplex = order.iter().map(|&i| simplex[i].clone()).collect();
        values = order.iter().map(|&i| values[i]).collect();
        let x_spread = simplex[1..]
            .iter()
            .flat_map(|v| v.iter().zip(&simplex[0]).map(|(a, b)| (a - b).abs()))
            .fold(0.0, f64::max);
        let f_spread = values[1..]
            .iter()
            .map(|v| (v - values[0]).abs())
            .fold(0.0, f64::max);
        // Converged when the simplex is tiny, or when its values agree to
        // `f_tol` (relative) — on a flat ridge the vertices may stay far apart
        // while nothing improves any more.
        if x_spread <= opts.x_tol || f_spread <= opts.f_tol * (1.0 + values[0].abs()) {
            break;
        }
        let centroid: Vec<f64> = (0..n)
            .map(|j| simplex[..n].iter().map(|v| v[j]).sum::<f64>() / n as f64)
            .collect();
        let along = |t: f64| -> Vec<f64> {
            centroid
                .iter()
                .zip(&simplex[n])
                .map(|(c, w)| c + t * (w - c))
                .collect()
        };
        let reflected = along(-1.0);
        let fr = f(&reflected);
        if fr < values[0] {
            let expanded = along(-2.0);
            let fe = f(&expanded);
            if fe < fr {
                simplex[n] = expanded;
                values[n] = fe;
            } else {
                simplex[n] = reflected;
                values[n] = fr;
            }
        } else if fr < values[n - 1] {
            simplex[n] = reflected;
            values[n] = fr;
        } else {
            let (contracted, fc) = if fr < values[n] {
                let c = along(-0.5);
                let fc = f(&c);
                (c, fc)
            } else {
                let c = along(0.5);
                let fc = f(&c);
                (c, fc)
            };
            if fc < values[n].min(fr) {
                simplex[n] = contracted;
                values[n] = fc;
            } else {
                // shrink toward the best vertex
                for i in 1..=n {
                    let shrunk: Vec<f64> = simplex[i]
                        .iter()
                        .zip(&simplex[0])
                        .map(|(v, b)| b + 0.5 * (v - b))
                        .collect();
                    values[i] = f(&shrunk);
                    simplex[i] = shrunk;
                }
            }
        }
        // treat NaN as +∞ so a bad step is never kept as best
        for v in &mut values {
            if v.is_nan() {
                *v = f64::INFINITY;
            }
        }
    }
    let best = (0..=n)
        .min_by(|&a, &b| values[a].total_cmp(&values[b]))
        .unwrap_or(0);
    Minimum {
        x: simplex[best].clone(),
        value: values[best],
        iterations,
    }
}

/// Minimises `f` from `x0`, restarting from the optimum while it still improves.
pub fn minimize(f: impl Fn(&[f64]) -> f64, x0: &[f64], opts: &Options) -> Minimum {
    let mut best = run(&f, x0, opts);
    for _ in 0..opts.restarts {
        let again = run(&f, &best.x, opts);
        let improved = again.value < best.value - opts.f_tol;
        let iterations = best.iterations + again.iterations;
        if again.value <= best.value {
            best = Minimum {
                iterations,
                ..again
            };
        } else {
            best.iterations = iterations;
        }
        if !improved {
            break;
        }
    }
    best
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_rosenbrock_minimum() {
        let rosen = |x: &[f64]| (1.0 - x[0]).powi(2) + 100.0 * (x[1] - x[0] * x[0]).powi(2);
        let m = minimize(rosen, &[-1.2, 1.0], &Options::default());
        assert!(
            (m.x[0] - 1.0).abs() < 1e-6 && (m.x[1] - 1.0).abs() < 1e-6,
            "{:?}",
            m.x
        );
        assert!(m.value < 1e-12);
    }

    #[test]
    fn finds_a_shifted_quadratic_in_four_dimensions() {
        let target = [0.5, -2.0, 3.0, 1e-3];
        let f = |x: &[f64]| {
            x.iter()
                .zip(target)
                .map(|(a, b)| (a - b).powi(2))
                .sum::<f64>()
        };
        let m = minimize(f, &[0.0; 4], &Options::default());
        for (a, b) in m.x.iter().zip(target) {
            assert!((a - b).abs() < 1e-6);
        }
    }
}
