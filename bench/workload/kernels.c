/* The benchmark kernels in C: the physical limit the compiled backends are measured against.
 *
 * Each kernel follows its Python twin in bench/workload/pwbench/ operation for operation (the
 * same float operations in the same order), so all implementations return the same value.
 *
 * Usage: kernels NAME N REPEATS
 * Prints one JSON object: {"result": <value of the last run>, "seconds": [<each run>]}.
 * Timing happens here, around the kernel alone, so process start-up is not counted.
 */
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static long fib(long n) { return n < 2 ? n : fib(n - 1) + fib(n - 2); }

static long mandelbrot(long size) {
    long inside = 0;
    for (long y = 0; y < size; y++) {
        double ci = 2.0 * y / size - 1.0;
        for (long x = 0; x < size; x++) {
            double cr = 2.0 * x / size - 1.5;
            double zr = 0.0, zi = 0.0;
            bool bounded = true;
            for (int k = 0; k < 50; k++) {
                double next_zr = zr * zr - zi * zi + cr;
                zi = 2.0 * zr * zi + ci;
                zr = next_zr;
                if (zr * zr + zi * zi > 4.0) {
                    bounded = false;
                    break;
                }
            }
            if (bounded) inside++;
        }
    }
    return inside;
}

static long sieve(long limit) {
    bool *flags = malloc((size_t)limit + 1);
    if (flags == NULL) abort();
    memset(flags, true, (size_t)limit + 1);
    long count = 0;
    for (long i = 2; i <= limit; i++) {
        if (flags[i]) {
            count++;
            for (long j = i * i; j <= limit; j += i) flags[j] = false;
        }
    }
    free(flags);
    return count;
}

static double matrix_entry(long i, long j) { return 1.0 / ((i + j) * (i + j + 1) / 2 + i + 1); }

static double spectral_norm(long n) {
    double *u = malloc(sizeof(double) * n), *v = malloc(sizeof(double) * n);
    double *tmp = malloc(sizeof(double) * n);
    if (u == NULL || v == NULL || tmp == NULL) abort();
    for (long i = 0; i < n; i++) u[i] = 1.0, v[i] = 0.0, tmp[i] = 0.0;
    for (int iteration = 0; iteration < 10; iteration++) {
        for (int step = 0; step < 2; step++) {
            double *in = step == 0 ? u : v, *out = step == 0 ? v : u;
            for (long i = 0; i < n; i++) {
                double total = 0.0;
                for (long j = 0; j < n; j++) total += matrix_entry(i, j) * in[j];
                tmp[i] = total;
            }
            for (long i = 0; i < n; i++) {
                double total = 0.0;
                for (long j = 0; j < n; j++) total += matrix_entry(j, i) * tmp[j];
                out[i] = total;
            }
        }
    }
    double vbv = 0.0, vv = 0.0;
    for (long i = 0; i < n; i++) {
        vbv += u[i] * v[i];
        vv += v[i] * v[i];
    }
    free(u), free(v), free(tmp);
    return sqrt(vbv / vv);
}

#define BODIES 5

static double nbody(long steps) {
    const double pi = 3.141592653589793, solar_mass = 4.0 * pi * pi, days_per_year = 365.24;
    double x[BODIES] = {0.0, 4.84143144246472090e00, 8.34336671824457987e00,
                        1.28943695621391310e01, 1.53796971148509165e01};
    double y[BODIES] = {0.0, -1.16032004402742839e00, 4.12479856412430479e00,
                        -1.51111514016986312e01, -2.59193146099879641e01};
    double z[BODIES] = {0.0, -1.03622044471123109e-01, -4.03523417114321381e-01,
                        -2.23307578892655734e-01, 1.79258772950371181e-01};
    double vx[BODIES] = {0.0, 1.66007664274403694e-03, -2.76742510726862411e-03,
                         2.96460137564761618e-03, 2.68067772490389322e-03};
    double vy[BODIES] = {0.0, 7.69901118419740425e-03, 4.99852801234917238e-03,
                         2.37847173959480950e-03, 1.62824170038242295e-03};
    double vz[BODIES] = {0.0, -6.90460016972063023e-05, 2.30417297573763929e-05,
                         -2.96589568540237556e-05, -9.51592254519715870e-05};
    double mass[BODIES] = {1.0, 9.54791938424326609e-04, 2.85885980666130812e-04,
                           4.36624404335156298e-05, 5.15138902046611451e-05};
    for (int i = 0; i < BODIES; i++) {
        vx[i] = vx[i] * days_per_year;
        vy[i] = vy[i] * days_per_year;
        vz[i] = vz[i] * days_per_year;
        mass[i] = mass[i] * solar_mass;
    }
    double px = 0.0, py = 0.0, pz = 0.0;
    for (int i = 0; i < BODIES; i++) {
        px += vx[i] * mass[i];
        py += vy[i] * mass[i];
        pz += vz[i] * mass[i];
    }
    vx[0] = -px / solar_mass;
    vy[0] = -py / solar_mass;
    vz[0] = -pz / solar_mass;
    const double dt = 0.01;
    for (long s = 0; s < steps; s++) {
        for (int i = 0; i < BODIES; i++) {
            for (int j = i + 1; j < BODIES; j++) {
                double dx = x[i] - x[j], dy = y[i] - y[j], dz = z[i] - z[j];
                double distance2 = dx * dx + dy * dy + dz * dz;
                double magnitude = dt / (distance2 * sqrt(distance2));
                double mi = mass[i] * magnitude, mj = mass[j] * magnitude;
                vx[i] -= dx * mj;
                vy[i] -= dy * mj;
                vz[i] -= dz * mj;
                vx[j] += dx * mi;
                vy[j] += dy * mi;
                vz[j] += dz * mi;
            }
        }
        for (int i = 0; i < BODIES; i++) {
            x[i] += dt * vx[i];
            y[i] += dt * vy[i];
            z[i] += dt * vz[i];
        }
    }
    double energy = 0.0;
    for (int i = 0; i < BODIES; i++) {
        energy += 0.5 * mass[i] * (vx[i] * vx[i] + vy[i] * vy[i] + vz[i] * vz[i]);
        for (int j = i + 1; j < BODIES; j++) {
            double dx = x[i] - x[j], dy = y[i] - y[j], dz = z[i] - z[j];
            energy -= mass[i] * mass[j] / sqrt(dx * dx + dy * dy + dz * dz);
        }
    }
    return energy;
}

/* One run behind a wall the optimiser cannot see through, so repeated runs are not merged. */
__attribute__((noipa)) static double run(const char *name, long n, bool *is_float) {
    *is_float = false;
    if (strcmp(name, "fib") == 0) return (double)fib(n);
    if (strcmp(name, "mandelbrot") == 0) return (double)mandelbrot(n);
    if (strcmp(name, "sieve") == 0) return (double)sieve(n);
    *is_float = true;
    if (strcmp(name, "spectral_norm") == 0) return spectral_norm(n);
    if (strcmp(name, "nbody") == 0) return nbody(n);
    fprintf(stderr, "unknown kernel: %s\n", name);
    exit(2);
}

int main(int argc, char **argv) {
    if (argc != 4) {
        fprintf(stderr, "usage: %s NAME N REPEATS\n", argv[0]);
        return 2;
    }
    long n = atol(argv[2]), repeats = atol(argv[3]);
    double result = 0.0;
    bool is_float = false;
    printf("{\"seconds\": [");
    for (long r = 0; r < repeats; r++) {
        struct timespec start, end;
        clock_gettime(CLOCK_MONOTONIC, &start);
        result = run(argv[1], n, &is_float);
        clock_gettime(CLOCK_MONOTONIC, &end);
        printf("%s%.9f", r ? ", " : "", (end.tv_sec - start.tv_sec) + 1e-9 * (end.tv_nsec - start.tv_nsec));
    }
    if (is_float)
        printf("], \"result\": %.17g}\n", result);
    else
        printf("], \"result\": %ld}\n", (long)result);
    return 0;
}
