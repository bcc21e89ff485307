#!/usr/bin/env python3
"""The NumPy peer of gdmc's reference study, written as a user would: vectorised over a batch, float64.

Two unit Gaussians at (+2, 0) (class 0, guided) and (-2, 0), weights 1/2, d = 2; forward process
dX = -X dt + sqrt(2) dB (beta = 1), so p_t = sum_k w_k N(alpha_t mu_k, I) with alpha_t = exp(-t); classifier-free
guidance s = (1 + w) grad log p_t(x | c) - w grad log p_t(x) with w = 1; Euler-Maruyama on the reverse SDE,
y' = (1 + h) y + 2 h s + sqrt(2 h) z, over 200 uniform steps from T = 5 to delta = 1e-3, y_0 ~ N(0, I).

Prints one JSON line: particles, steps, seconds (sampling and estimates, after a warm-up batch), particle-steps per
second, and the estimates gdmc reports for the same study (posterior.mean = E[p_0(c | X)], mean[0], mean[1],
reciprocalPosterior.mean = E[1/p_0(c | X)]) with their standard errors.
"""
import argparse
import json
import math
import time

import numpy as np

MU = np.array([[2.0, 0.0], [-2.0, 0.0]])
LOG_WEIGHTS = np.log(np.array([0.5, 0.5]))
CLS = 0


def sample(rng, n, steps, w, horizon, delta):
    times = np.linspace(horizon, delta, steps + 1)
    y = rng.standard_normal((n, 2))
    for i in range(steps):
        t, h = times[i], times[i] - times[i + 1]
        alpha = math.exp(-t)
        means = alpha * MU                                   # (K, d); covariances alpha^2 + sigma^2 = 1
        diff = y[:, None, :] - means[None, :, :]             # (n, K, d)
        logits = LOG_WEIGHTS - 0.5 * np.einsum('nkd,nkd->nk', diff, diff)
        logits -= logits.max(axis=1, keepdims=True)
        r = np.exp(logits)
        r /= r.sum(axis=1, keepdims=True)
        score_u = -np.einsum('nk,nkd->nd', r, diff)
        score_c = -diff[:, CLS, :]
        s = (1.0 + w) * score_c - w * score_u
        y = (1.0 + h) * y + 2.0 * h * s + math.sqrt(2.0 * h) * rng.standard_normal((n, 2))
    return y


def posterior(y):
    """p_0(c | y) under the data law."""
    diff = y[:, None, :] - MU[None, :, :]
    logits = LOG_WEIGHTS - 0.5 * np.einsum('nkd,nkd->nk', diff, diff)
    return 1.0 / (1.0 + np.exp(logits[:, 1] - logits[:, 0]))


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--particles", type=int, default=1_000_000)
    ap.add_argument("--batch", type=int, default=250_000)
    ap.add_argument("--steps", type=int, default=200)
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args()
    rng = np.random.default_rng(args.seed)
    sample(rng, min(args.batch, 10_000), 5, 1.0, 5.0, 1e-3)  # warm-up
    sums = np.zeros(4)
    squares = np.zeros(4)
    start = time.perf_counter()
    done = 0
    while done < args.particles:
        b = min(args.batch, args.particles - done)
        y = sample(rng, b, args.steps, 1.0, 5.0, 1e-3)
        p = posterior(y)
        cols = np.stack([p, y[:, 0], y[:, 1], 1.0 / p])
        sums += cols.sum(axis=1)
        squares += (cols * cols).sum(axis=1)
        done += b
    seconds = time.perf_counter() - start
    n = args.particles
    mean = sums / n
    se = np.sqrt(np.maximum(squares / n - mean * mean, 0.0) / (n - 1))
    names = ["posterior.mean", "mean[0]", "mean[1]", "reciprocalPosterior.mean"]
    print(json.dumps({
        "peer": "numpy " + np.__version__, "particles": n, "steps": args.steps, "seconds": seconds,
        "particleStepsPerSecond": n * args.steps / seconds,
        "estimates": {k: {"value": float(v), "stdError": float(s)} for k, v, s in zip(names, mean, se)}}))


if __name__ == "__main__":
    main()
