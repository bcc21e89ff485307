/*
 * The C/OpenMP peer of gdmc's reference study: the same algorithm and the same noise, written as a careful C
 * programmer writes it for a vector machine (gcc -O3 -march=native -fopenmp -fno-math-errno, no fast-math: every
 * operation is rounded as written, and only errno, which nothing reads, is given up so that sqrt is one instruction):
 * particles in rows of ROW lanes, structure of arrays, one fused loop per step that draws the noise, forms the guided
 * score and moves the row, vectorised by `#pragma omp simd` (-fopt-info-vec shows both lane loops vectorised with
 * 64-byte vectors), with branch-free exp, log, sin and cos written here (fdlibm's reductions and polynomials, as
 * gdmc's lanes use; libm's are scalar calls without fast-math); OpenMP over rows, statically scheduled.
 *
 * Study: two unit Gaussians at (+2, 0) (class 0, guided) and (-2, 0), weights 1/2, d = 2; forward process with
 * beta = 1, alpha_t = exp(-t), sigma_t^2 = -expm1(-2t), so p_t = sum_k w_k N(alpha_t mu_k, v_t I) with
 * v_t = alpha_t^2 + sigma_t^2; classifier-free guidance s = (1 + w) s_c - w s_u with w = 1; Euler-Maruyama on the
 * reverse SDE, y' = (1 + h) y + 2h s + sqrt(2h) z, over 200 uniform nodes t_i = T - (i/n)(T - delta), T = 5,
 * delta = 1e-3.
 *
 * Noise, as gdmc draws it (org.gdmc.rng.NormalVariates): Philox4x32-10 keyed by the seed's (low, high) words with
 * counter (particle low, particle high, step, block); two 53-bit uniforms per block, u in (0, 1] and v in [0, 1),
 * Box-Muller r = sqrt(-2 ln u), (r cos 2 pi v, r sin 2 pi v). Step 0 is the start y_0 ~ N(0, I); step i + 1 the
 * noise of reverse step i. So the estimates equal gdmc's to rounding (the order of the sums and the last bits of exp,
 * log, sin and cos differ), and their difference says whether both run the same algorithm.
 *
 * The guided score of two equal-weight isotropic Gaussians, per node: with a = alpha_t mu_0 = -alpha_t mu_1 and
 * 1/v_t, the class logit is l = 2 a.y / v_t (the quadratic terms cancel), r = p_t(c | y) = 1 / (1 + e^-l), the
 * class score s_c = -(y - a) / v_t, the unconditional s_u = -(y - (2r - 1) a) / v_t, and the guided
 * s = s_c + w (s_c - s_u) = -(y - a) / v_t + w (2 - 2r) a / v_t. The per-node constants are formed once, before the
 * clock starts counting particles but inside it.
 *
 * Prints one JSON line, like the NumPy peer: particles, steps, threads, seconds (the whole computation: node table,
 * paths and sums), particle-steps per second, and the estimates posterior.mean = E[p_0(c | X)], mean[0], mean[1],
 * reciprocalPosterior.mean = E[1/p_0(c | X)] with their standard errors.
 *
 *   gcc -O3 -march=native -fopenmp -fno-math-errno -o reference_study reference_study.c -lm
 *   ./reference_study --particles 1000000 [--seed 7] [--threads T]
 */
#include <math.h>
#include <omp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define STEPS 200
#define HORIZON 5.0
#define DELTA 1e-3
#define W 1.0
#define MU 2.0
/* particles per row: enough independent vectors to hide the latency of the longest chain (Philox's ten rounds) */
#define ROW 64

/* fdlibm's constants (e_exp.c, e_log.c, k_sin.c, k_cos.c) */
#define LN2_HI 6.93147180369123816490e-01
#define LN2_LO 1.90821492927058770002e-10
#define LOG2_E 1.44269504088896338700e+00
#define ROUND 0x1.8p52
#define LG1 6.666666666666735130e-01
#define LG2 3.999999999940941908e-01
#define LG3 2.857142874366239149e-01
#define LG4 2.222219843214978396e-01
#define LG5 1.818357216161805012e-01
#define LG6 1.531383769920937332e-01
#define LG7 1.479819860511658591e-01
#define S1 -1.66666666666666324348e-01
#define S2 8.33333333332248946124e-03
#define S3 -1.98412698298579493134e-04
#define S4 2.75573137070700676789e-06
#define S5 -2.50507602534068634195e-08
#define S6 1.58969099521155010221e-10
#define C1 4.16666666666666019037e-02
#define C2 -1.38888888888741095749e-03
#define C3 2.48015872894767294178e-05
#define C4 -2.75573143513906633035e-07
#define C5 2.08757232129817482790e-09
#define C6 -1.13596475577881948265e-11

static inline uint64_t bits_of(double x) {
    uint64_t b;
    memcpy(&b, &x, sizeof b);
    return b;
}

static inline double double_of(uint64_t b) {
    double x;
    memcpy(&x, &b, sizeof x);
    return x;
}

/* e^x for x in [-708, 709]: x = k ln 2 + r, |r| <= ln 2 / 2, e^r by its Taylor series to r^13, times 2^k. */
static inline double exp_lane(double x) {
    x = x < -708.0 ? -708.0 : (x > 709.0 ? 709.0 : x);
    double k = (x * LOG2_E + ROUND) - ROUND;
    double r = (x - k * LN2_HI) - k * LN2_LO;
    double p = r * (1.0 / 6227020800.0) + 1.0 / 479001600.0;
    p = p * r + 1.0 / 39916800.0;
    p = p * r + 1.0 / 3628800.0;
    p = p * r + 1.0 / 362880.0;
    p = p * r + 1.0 / 40320.0;
    p = p * r + 1.0 / 5040.0;
    p = p * r + 1.0 / 720.0;
    p = p * r + 1.0 / 120.0;
    p = p * r + 1.0 / 24.0;
    p = p * r + 1.0 / 6.0;
    p = p * r + 0.5;
    p = p * r + 1.0;
    p = p * r + 1.0;
    return p * double_of((uint64_t) (int64_t) (k + 1023.0) << 52);
}

/* ln x for positive normal x: x = 2^k m, m in [sqrt(1/2), sqrt(2)), f = m - 1, s = f / (2 + f),
 * ln m = f - f^2/2 + s (f^2/2 + R(s^2)) with fdlibm's minimax R (e_log.c). */
static inline double log_lane(double x) {
    uint64_t b = bits_of(x);
    uint64_t high = b >> 32;
    uint64_t mh = high & 0x000fffff;
    uint64_t i = (mh + 0x95f64) & 0x100000;
    double k = (double) (int64_t) ((high >> 20) + (i >> 20)) - 1023.0;
    double f = double_of(((mh | (i ^ 0x3ff00000)) << 32) | (b & 0xffffffffu)) - 1.0;
    double s = f / (2.0 + f);
    double z = s * s;
    double w = z * z;
    double t1 = w * (LG2 + w * (LG4 + w * LG6));
    double t2 = z * (LG1 + w * (LG3 + w * (LG5 + w * LG7)));
    double hfsq = 0.5 * f * f;
    return k * LN2_HI - ((hfsq - (s * (hfsq + t2 + t1) + k * LN2_LO)) - f);
}

/* (cos 2 pi v, sin 2 pi v) for v in [0, 1]: v = q/4 + f with q the nearest quarter, |2 pi f| <= pi/4 where
 * fdlibm's kernels hold; the quarter turn swaps and signs them. */
static inline void cos_sin_2pi(double v, double *c, double *s) {
    double q = (v * 4.0 + ROUND) - ROUND;
    double x = (v - q * 0.25) * (2.0 * M_PI);
    double z = x * x;
    double sn = x + z * x * (S1 + z * (S2 + z * (S3 + z * (S4 + z * (S5 + z * S6)))));
    double cs = 1.0 - (0.5 * z - z * z * (C1 + z * (C2 + z * (C3 + z * (C4 + z * (C5 + z * C6))))));
    /* (q = 4 is the turn q = 0) */
    int odd = (q == 1.0) | (q == 3.0);
    double a = odd ? sn : cs;
    double b = odd ? cs : sn;
    *c = ((q == 1.0) | (q == 2.0)) ? -a : a;
    *s = ((q == 2.0) | (q == 3.0)) ? -b : b;
}

/* The two normals of block 0 of (seed, particle, step): Philox4x32-10 (Random123's constants), then Box-Muller. */
static inline void normals(uint32_t k0, uint32_t k1, uint32_t lo, uint32_t hi, uint32_t step, double *z0,
                           double *z1) {
    uint32_t x0 = lo, x1 = hi, x2 = step, x3 = 0;
#pragma GCC unroll 10
    for (int r = 0; r < 10; r++) {
        uint64_t p0 = (uint64_t) 0xD2511F53u * x0;
        uint64_t p1 = (uint64_t) 0xCD9E8D57u * x2;
        uint32_t y0 = (uint32_t) (p1 >> 32) ^ x1 ^ (k0 + (uint32_t) r * 0x9E3779B9u);
        uint32_t y2 = (uint32_t) (p0 >> 32) ^ x3 ^ (k1 + (uint32_t) r * 0xBB67AE85u);
        x0 = y0;
        x1 = (uint32_t) p1;
        x2 = y2;
        x3 = (uint32_t) p0;
    }
    uint64_t a = ((uint64_t) x0 << 21) | (x1 >> 11);
    uint64_t b = ((uint64_t) x2 << 21) | (x3 >> 11);
    double u = (double) (int64_t) (a + 1) * 0x1.0p-53;
    double v = (double) (int64_t) b * 0x1.0p-53;
    double rho = sqrt(-2.0 * log_lane(u));
    double c, s;
    cos_sin_2pi(v, &c, &s);
    *z0 = rho * c;
    *z1 = rho * s;
}

/* Per node i: alpha_i mu_0 / v_i, 1 / v_i and the step coefficients (1 + h, 2h, sqrt(2h)). */
typedef struct {
    double a_over_v, inv_v, keep, push, spread;
} Node;

int main(int argc, char **argv) {
    long long particles = 1000000;
    uint64_t seed = 7;
    int threads = 0;
    for (int i = 1; i + 1 < argc; i += 2) {
        if (!strcmp(argv[i], "--particles")) {
            particles = atoll(argv[i + 1]);
        } else if (!strcmp(argv[i], "--seed")) {
            seed = strtoull(argv[i + 1], NULL, 10);
        } else if (!strcmp(argv[i], "--threads")) {
            threads = atoi(argv[i + 1]);
        } else {
            fprintf(stderr, "unknown option %s\n", argv[i]);
            return 2;
        }
    }
    if (particles < 2) {
        fprintf(stderr, "--particles must be >= 2\n");
        return 2;
    }
    if (threads > 0) {
        omp_set_num_threads(threads);
    }
    const uint32_t k0 = (uint32_t) seed, k1 = (uint32_t) (seed >> 32);
    double start = omp_get_wtime();
    Node node[STEPS];
    for (int i = 0; i < STEPS; i++) {
        double t = HORIZON - ((double) i / STEPS) * (HORIZON - DELTA);
        double next = HORIZON - ((double) (i + 1) / STEPS) * (HORIZON - DELTA);
        double h = t - next;
        double alpha = exp(-t);
        double inv_v = 1.0 / (alpha * alpha + -expm1(-2.0 * t));
        node[i] = (Node) {alpha * MU * inv_v, inv_v, 1.0 + h, 2.0 * h, sqrt(2.0 * h)};
    }
    long long rows = (particles + ROW - 1) / ROW;
    double sums[4] = {0}, squares[4] = {0};
#pragma omp parallel
    {
        double s[4] = {0}, q[4] = {0};
        double y0[ROW] __attribute__((aligned(64))), y1[ROW] __attribute__((aligned(64)));
        uint32_t lo[ROW] __attribute__((aligned(64))), hi[ROW] __attribute__((aligned(64)));
#pragma omp for schedule(static)
        for (long long row = 0; row < rows; row++) {
            uint64_t first = (uint64_t) row * ROW;
#pragma omp simd aligned(y0, y1, lo, hi : 64)
            for (int l = 0; l < ROW; l++) {
                uint64_t p = first + (uint64_t) l;
                lo[l] = (uint32_t) p;
                hi[l] = (uint32_t) (p >> 32);
                normals(k0, k1, lo[l], hi[l], 0, &y0[l], &y1[l]);
            }
            for (int i = 0; i < STEPS; i++) {
                const Node n = node[i];
                const double pull = n.a_over_v, push = n.push;
#pragma omp simd aligned(y0, y1, lo, hi : 64)
                for (int l = 0; l < ROW; l++) {
                    double z0, z1;
                    normals(k0, k1, lo[l], hi[l], (uint32_t) (i + 1), &z0, &z1);
                    /* logit l = 2 a.y / v with a = (alpha mu, 0); 1 - r = e^-l / (1 + e^-l) */
                    double e = exp_lane(-2.0 * pull * y0[l]);
                    double other = e / (1.0 + e);
                    double g0 = pull - y0[l] * n.inv_v + W * 2.0 * other * pull;
                    double g1 = -y1[l] * n.inv_v;
                    y0[l] = n.keep * y0[l] + push * g0 + n.spread * z0;
                    y1[l] = n.keep * y1[l] + push * g1 + n.spread * z1;
                }
            }
            int live = particles - (long long) first < ROW ? (int) (particles - (long long) first) : ROW;
            for (int l = 0; l < live; l++) {
                /* at t = 0: logit 2 mu y_0, p = 1 / (1 + e^-l), 1 / p = 1 + e^-l */
                double e = exp(-2.0 * MU * y0[l]);
                double v[4] = {1.0 / (1.0 + e), y0[l], y1[l], 1.0 + e};
                for (int k = 0; k < 4; k++) {
                    s[k] += v[k];
                    q[k] += v[k] * v[k];
                }
            }
        }
#pragma omp critical
        for (int k = 0; k < 4; k++) {
            sums[k] += s[k];
            squares[k] += q[k];
        }
    }
    double seconds = omp_get_wtime() - start;
    const char *names[4] = {"posterior.mean", "mean[0]", "mean[1]", "reciprocalPosterior.mean"};
    printf("{\"peer\": \"c gcc %d.%d openmp simd\", \"particles\": %lld, \"steps\": %d, \"threads\": %d, "
           "\"seconds\": %.6f, \"particleStepsPerSecond\": %.6e, \"estimates\": {", __GNUC__, __GNUC_MINOR__,
           particles, STEPS, omp_get_max_threads(), seconds, (double) particles * STEPS / seconds);
    for (int k = 0; k < 4; k++) {
        double m = sums[k] / particles;
        double var = fmax(squares[k] / particles - m * m, 0.0);
        printf("%s\"%s\": {\"value\": %.17g, \"stdError\": %.17g}", k ? ", " : "", names[k], m,
               sqrt(var / (particles - 1)));
    }
    printf("}}\n");
    return 0;
}
