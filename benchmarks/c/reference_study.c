/*
 * The C/OpenMP peer of gdmc's reference study: the same algorithm and the same noise, written with care in plain C
 * (gcc -O3 -march=native -fopenmp, no fast-math), one particle per loop iteration over all cores.
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
 * Prints one JSON line, like the NumPy peer: particles, steps, threads, seconds, particle-steps per second, and the
 * estimates posterior.mean = E[p_0(c | X)], mean[0], mean[1], reciprocalPosterior.mean = E[1/p_0(c | X)] with their
 * standard errors.
 *
 *   gcc -O3 -march=native -fopenmp -o reference_study reference_study.c -lm
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

static const double MU[2][2] = {{2.0, 0.0}, {-2.0, 0.0}};

/* Philox4x32-10 of counter (c0, c1, c2, c3) under key (k0, k1) into out[4] (Random123's constants). */
static inline void philox(uint32_t c0, uint32_t c1, uint32_t c2, uint32_t c3, uint32_t k0, uint32_t k1,
                          uint32_t out[4]) {
    uint32_t x0 = c0, x1 = c1, x2 = c2, x3 = c3;
    for (int r = 0; r < 10; r++) {
        if (r > 0) {
            k0 += 0x9E3779B9u;
            k1 += 0xBB67AE85u;
        }
        uint64_t p0 = (uint64_t) 0xD2511F53u * x0;
        uint64_t p1 = (uint64_t) 0xCD9E8D57u * x2;
        uint32_t y0 = (uint32_t) (p1 >> 32) ^ x1 ^ k0;
        uint32_t y2 = (uint32_t) (p0 >> 32) ^ x3 ^ k1;
        x0 = y0;
        x1 = (uint32_t) p1;
        x2 = y2;
        x3 = (uint32_t) p0;
    }
    out[0] = x0;
    out[1] = x1;
    out[2] = x2;
    out[3] = x3;
}

/* The two normals of block 0 of (seed, particle, step). */
static inline void normals(uint64_t seed, uint64_t particle, uint32_t step, double z[2]) {
    uint32_t w[4];
    philox((uint32_t) particle, (uint32_t) (particle >> 32), step, 0, (uint32_t) seed, (uint32_t) (seed >> 32), w);
    uint64_t a = ((uint64_t) w[0] << 21) | (w[1] >> 11);
    uint64_t b = ((uint64_t) w[2] << 21) | (w[3] >> 11);
    double u = (double) (a + 1) * 0x1.0p-53;
    double v = (double) b * 0x1.0p-53;
    double r = sqrt(-2.0 * log(u));
    double theta = 2.0 * M_PI * v;
    z[0] = r * cos(theta);
    z[1] = r * sin(theta);
}

/* Per node i: alpha_i, 1 / v_i and the step coefficients (1 + h, 2h, sqrt(2h)). */
typedef struct {
    double alpha, inv_v, a, b, c;
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
    Node node[STEPS];
    for (int i = 0; i < STEPS; i++) {
        double t = HORIZON - ((double) i / STEPS) * (HORIZON - DELTA);
        double next = HORIZON - ((double) (i + 1) / STEPS) * (HORIZON - DELTA);
        double h = t - next;
        double alpha = exp(-t);
        double v = alpha * alpha + -expm1(-2.0 * t);
        node[i] = (Node) {alpha, 1.0 / v, 1.0 + h, 2.0 * h, sqrt(2.0 * h)};
    }
    double sums[4] = {0}, squares[4] = {0};
    double start = omp_get_wtime();
#pragma omp parallel
    {
        double s[4] = {0}, q[4] = {0};
#pragma omp for schedule(static)
        for (long long p = 0; p < particles; p++) {
            double y[2], z[2];
            normals(seed, (uint64_t) p, 0, y);
            for (int i = 0; i < STEPS; i++) {
                const Node *n = &node[i];
                double dc0 = y[0] - n->alpha * MU[0][0], dc1 = y[1] - n->alpha * MU[0][1];
                double do0 = y[0] - n->alpha * MU[1][0], do1 = y[1] - n->alpha * MU[1][1];
                /* logit p_t(c | y), equal class weights */
                double logit = -0.5 * (dc0 * dc0 + dc1 * dc1 - do0 * do0 - do1 * do1) * n->inv_v;
                double rc = 1.0 / (1.0 + exp(-logit));
                double sc0 = -dc0 * n->inv_v, sc1 = -dc1 * n->inv_v;
                double su0 = rc * sc0 + (1.0 - rc) * (-do0 * n->inv_v);
                double su1 = rc * sc1 + (1.0 - rc) * (-do1 * n->inv_v);
                double g0 = (1.0 + W) * sc0 - W * su0, g1 = (1.0 + W) * sc1 - W * su1;
                normals(seed, (uint64_t) p, (uint32_t) (i + 1), z);
                y[0] = n->a * y[0] + n->b * g0 + n->c * z[0];
                y[1] = n->a * y[1] + n->b * g1 + n->c * z[1];
            }
            double dc0 = y[0] - MU[0][0], dc1 = y[1] - MU[0][1];
            double do0 = y[0] - MU[1][0], do1 = y[1] - MU[1][1];
            double logit = -0.5 * (dc0 * dc0 + dc1 * dc1 - do0 * do0 - do1 * do1);
            double e = exp(-logit);
            double v[4] = {1.0 / (1.0 + e), y[0], y[1], 1.0 + e};
            for (int k = 0; k < 4; k++) {
                s[k] += v[k];
                q[k] += v[k] * v[k];
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
    printf("{\"peer\": \"c gcc %d.%d openmp\", \"particles\": %lld, \"steps\": %d, \"threads\": %d, "
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
