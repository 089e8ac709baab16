/*
 * Native baseline for the Backprop.Nano benchmarks: the same math as the C# library, in plain C.
 *
 * TrainStep is one function, written as tightly as a C programmer would (no per-call checks, no
 * calls, locals only); the others mirror src/Backprop.Nano (TwoLayerNetwork.Forward, Backward,
 * SgdOptimizer.Step / Update, Sgd.Descend / DescendWithMomentum, AdamOptimizer.Update / Adam.Descend
 * with FloatMath.Sqrt) for a ReLU hidden and identity
 * output layer. Every one does the same float operations in the same order as the C#, so the
 * weights after N steps are bit-identical to the C# ones. The initial weights, the 64 samples,
 * the learning rate, momentum and batch size are read from a file the C# program writes
 * (TwoLayerNetwork.Initialize and DeterministicRandom), so both sides start from the same bits.
 *
 * Build exactly as the benchmark program does (IEEE semantics, no -ffast-math, no -march):
 *   gcc -O2 -std=c11 -ffp-contract=off -o backprop backprop.c
 * (-ffp-contract=off changes nothing on baseline x86-64, which has no FMA; it stops gcc from
 * fusing a * b + c into one rounding on targets that have FMA, which the C# JIT never does.)
 *
 * Usage:
 *   backprop bench  DATA MS_PER_MEASUREMENT MEASUREMENTS [SHAPE [OPERATION]]
 *       prints "RESULT shape operation median_ns mean_ns min_ns finite steps ns,ns,..." per shape
 *       (or only SHAPE, e.g. 8-32-4) and operation (or only OPERATION, e.g. TrainStep); the list holds
 *       every measurement in ns per sample
 *   backprop verify DATA OUT STEPS
 *       runs STEPS TrainSteps, momentum steps, mini-batch steps and Adam steps per shape from the
 *       initial weights and writes, per shape and operation, the float sum of the losses, W1, B1, W2
 *       and B2 to OUT
 *
 * Like the C#, nothing here allocates after setup.
 */
#define _POSIX_C_SOURCE 199309L
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

typedef struct {
    int in, hidden, out;
    float *w1, *b1, *w2, *b2;
    float *grad_w1, *grad_b1, *grad_w2, *grad_b2;
    float *z1, *y, *delta1, *delta2;
} network;

typedef struct {
    network *net;
    float learning_rate, momentum;
    int batch_size, pending;
    float *velocity_w1, *velocity_b1, *velocity_w2, *velocity_b2; /* NULL without momentum */
    int adam;                                                      /* AdamOptimizer instead of SgdOptimizer */
    float *m_w1, *m_b1, *m_w2, *m_b2, *v_w1, *v_b1, *v_w2, *v_b2;  /* Adam's moments, NULL for SGD */
    float power1, power2;                                          /* beta1^t, beta2^t */
} optimizer;

/* AdamOptimizer.Default*, which Workload uses: the paper's beta1, beta2 and epsilon. */
#define ADAM_BETA1 0.9f
#define ADAM_BETA2 0.999f
#define ADAM_EPSILON 1e-8f
#define ADAM_POWER_FLOOR 2.98023224e-8f /* 2^-25 */

typedef struct {
    int in, hidden, out;
    float *w1, *b1, *w2, *b2; /* initial weights */
    float *x, *d;             /* sample_count samples, row after row */
} shape_data;

static float g_learning_rate, g_momentum;
static int g_batch_size, g_sample_count, g_shape_count;
static shape_data *g_shapes;

static void *checked_calloc(size_t count, size_t size)
{
    void *p = calloc(count ? count : 1, size);
    if (!p) { fprintf(stderr, "out of memory\n"); exit(2); }
    return p;
}

/* ---------------------------------------------------------------- the math (mirrors the C#) */

/* TwoLayerNetwork.Forward, ReLU hidden, identity output ("not greater than 0" also maps NaN to 0). */
static float *forward(network *n, const float *x)
{
    const int input_count = n->in, hidden_count = n->hidden, output_count = n->out;
    const float *w1 = n->w1, *b1 = n->b1, *w2 = n->w2, *b2 = n->b2;
    float *z1 = n->z1, *y = n->y;

    for (int j = 0; j < hidden_count; j++) {
        const float *row = w1 + j * input_count;
        float u = b1[j];
        for (int i = 0; i < input_count; i++) u += row[i] * x[i];
        z1[j] = u > 0.0f ? u : 0.0f;
    }
    for (int j = 0; j < output_count; j++) {
        const float *row = w2 + j * hidden_count;
        float u = b2[j];
        for (int i = 0; i < hidden_count; i++) u += row[i] * z1[i];
        y[j] = u;
    }
    return y;
}

/*
 * TwoLayerNetwork.TrainStep, written as one function the way a C programmer would: forward,
 * delta2 and E, then one pass per hidden unit i that reads column i of W2 for delta1_i and updates
 * it, then updates row i of W1. Dead ReLU units are skipped (their updates would add exactly zero).
 */
static float train_step(network *n, const float *x, const float *d, float eta)
{
    const int input_count = n->in, hidden_count = n->hidden, output_count = n->out;
    float *w1 = n->w1, *b1 = n->b1, *w2 = n->w2, *b2 = n->b2, *z1 = n->z1, *delta2 = n->delta2;

    for (int j = 0; j < hidden_count; j++) {
        const float *row = w1 + j * input_count;
        float u = b1[j];
        for (int i = 0; i < input_count; i++) u += row[i] * x[i];
        z1[j] = u > 0.0f ? u : 0.0f;
    }
    float sum_of_squares = 0.0f;
    for (int j = 0; j < output_count; j++) {
        const float *row = w2 + j * hidden_count;
        float u = b2[j];
        for (int i = 0; i < hidden_count; i++) u += row[i] * z1[i];
        float difference = u - d[j];
        delta2[j] = difference;
        sum_of_squares += difference * difference;
    }
    for (int j = 0; j < output_count; j++) b2[j] -= eta * delta2[j];
    for (int i = 0; i < hidden_count; i++) {
        float z = z1[i];
        if (!(z > 0.0f)) continue;
        float delta1 = 0.0f;
        float *w = w2 + i;
        for (int j = 0; j < output_count; j++, w += hidden_count) {
            float delta = delta2[j], old = *w;
            delta1 += old * delta;
            *w = old - eta * (delta * z);
        }
        if (delta1 == 0.0f) continue;
        b1[i] -= eta * delta1;
        float *row = w1 + i * input_count;
        for (int k = 0; k < input_count; k++) row[k] -= eta * (delta1 * x[k]);
    }
    return 0.5f * sum_of_squares;
}

/* TwoLayerNetwork.Backward: forward done; adds this sample's gradients into the Grad buffers; returns E. */
static float backward(network *n, const float *x, const float *d)
{
    const int input_count = n->in, hidden_count = n->hidden, output_count = n->out;
    const float *w2 = n->w2, *z1 = n->z1, *y = n->y;
    float *delta2 = n->delta2;
    float *grad_w1 = n->grad_w1, *grad_b1 = n->grad_b1, *grad_w2 = n->grad_w2, *grad_b2 = n->grad_b2;

    float sum_of_squares = 0.0f;
    for (int j = 0; j < output_count; j++) {
        float difference = y[j] - d[j];
        delta2[j] = difference;
        sum_of_squares += difference * difference;
    }
    for (int j = 0; j < output_count; j++) grad_b2[j] += delta2[j];
    for (int i = 0; i < hidden_count; i++) {
        float z = z1[i];
        if (!(z > 0.0f)) continue;
        float delta1 = 0.0f;
        for (int j = 0, k = i; j < output_count; j++, k += hidden_count) {
            float delta = delta2[j];
            delta1 += w2[k] * delta;
            grad_w2[k] += delta * z;
        }
        if (delta1 == 0.0f) continue;
        grad_b1[i] += delta1;
        float *row = grad_w1 + i * input_count;
        for (int k = 0; k < input_count; k++) row[k] += delta1 * x[k];
    }
    return 0.5f * sum_of_squares;
}

/* SgdOptimizer: the gradients are zeroed when a batch starts */
static void zero_gradients(network *n)
{
    memset(n->grad_w1, 0, (size_t)n->hidden * n->in * sizeof(float));
    memset(n->grad_b1, 0, (size_t)n->hidden * sizeof(float));
    memset(n->grad_w2, 0, (size_t)n->out * n->hidden * sizeof(float));
    memset(n->grad_b2, 0, (size_t)n->out * sizeof(float));
}

/* Sgd.Descend */
static void descend(float *weights, const float *gradient, int length, float step)
{
    for (int k = 0; k < length; k++) weights[k] -= step * gradient[k];
}

/* Sgd.DescendWithMomentum */
static void descend_with_momentum(float *weights, const float *gradient, float *velocity, int length,
                                  float step, float momentum)
{
    for (int k = 0; k < length; k++) {
        float v = momentum * velocity[k] - step * gradient[k];
        velocity[k] = v;
        weights[k] += v;
    }
}

/* SgdOptimizer.Update */
static void optimizer_update(optimizer *o)
{
    network *n = o->net;
    float step = o->learning_rate / (float)o->pending;
    int w1 = n->hidden * n->in, w2 = n->out * n->hidden;
    if (o->velocity_w1 == NULL) {
        descend(n->w1, n->grad_w1, w1, step);
        descend(n->b1, n->grad_b1, n->hidden, step);
        descend(n->w2, n->grad_w2, w2, step);
        descend(n->b2, n->grad_b2, n->out, step);
    } else {
        float momentum = o->momentum;
        descend_with_momentum(n->w1, n->grad_w1, o->velocity_w1, w1, step, momentum);
        descend_with_momentum(n->b1, n->grad_b1, o->velocity_b1, n->hidden, step, momentum);
        descend_with_momentum(n->w2, n->grad_w2, o->velocity_w2, w2, step, momentum);
        descend_with_momentum(n->b2, n->grad_b2, o->velocity_b2, n->out, step, momentum);
    }
    o->pending = 0;
}

/* FloatMath.Sqrt: exact reduction into [0.25, 1) by powers of 4, three Newton steps from a linear start. */
static float float_math_sqrt(float x)
{
    if (!(0.0f <= x)) return NAN;
    if (x == 0.0f || x == INFINITY) return x;
    float scale = 1.0f;
    if (x < 0.25f) {
        if (x < 5.42101086e-20f) { x *= 1.84467441e19f; scale *= 2.32830644e-10f; }
        if (x < 5.42101086e-20f) { x *= 1.84467441e19f; scale *= 2.32830644e-10f; }
        if (x < 2.32830644e-10f) { x *= 4294967296.0f; scale *= 1.52587891e-5f; }
        if (x < 1.52587891e-5f) { x *= 65536.0f; scale *= 0.00390625f; }
        if (x < 0.00390625f) { x *= 256.0f; scale *= 0.0625f; }
        if (x < 0.0625f) { x *= 16.0f; scale *= 0.25f; }
        if (x < 0.25f) { x *= 4.0f; scale *= 0.5f; }
    } else if (1.0f <= x) {
        if (1.84467441e19f <= x) { x *= 5.42101086e-20f; scale *= 4294967296.0f; }
        if (4294967296.0f <= x) { x *= 2.32830644e-10f; scale *= 65536.0f; }
        if (65536.0f <= x) { x *= 1.52587891e-5f; scale *= 256.0f; }
        if (256.0f <= x) { x *= 0.00390625f; scale *= 16.0f; }
        if (16.0f <= x) { x *= 0.0625f; scale *= 4.0f; }
        if (4.0f <= x) { x *= 0.25f; scale *= 2.0f; }
        if (1.0f <= x) { x *= 0.25f; scale *= 2.0f; }
    }
    float y = 0.343146f + 0.686292f * x;
    y = 0.5f * (y + x / y);
    y = 0.5f * (y + x / y);
    y = 0.5f * (y + x / y);
    return y * scale;
}

/* Adam.Descend */
static void adam_descend(float *weights, const float *gradient, float *m, float *v, int length, float mean_scale,
                         float beta1, float beta2, float step_scale, float c2, float epsilon)
{
    float one_minus_beta1 = 1.0f - beta1, one_minus_beta2 = 1.0f - beta2;
    for (int k = 0; k < length; k++) {
        float g = gradient[k] * mean_scale;
        float mk = beta1 * m[k] + one_minus_beta1 * g;
        float vk = beta2 * v[k] + one_minus_beta2 * (g * g);
        m[k] = mk;
        v[k] = vk;
        weights[k] -= step_scale * mk / (float_math_sqrt(vk * c2) + epsilon);
    }
}

/* AdamOptimizer.Update */
static void adam_update(optimizer *o)
{
    network *n = o->net;
    const float beta1 = ADAM_BETA1, beta2 = ADAM_BETA2;
    float power1 = o->power1 * beta1, power2 = o->power2 * beta2;
    if (!(power1 <= beta1)) power1 = beta1;
    if (!(power2 <= beta2)) power2 = beta2;
    if (power1 < ADAM_POWER_FLOOR) power1 = 0.0f;
    if (power2 < ADAM_POWER_FLOOR) power2 = 0.0f;
    o->power1 = power1;
    o->power2 = power2;
    float c1 = 1.0f / (1.0f - power1), c2 = 1.0f / (1.0f - power2);
    float mean_scale = 1.0f / (float)o->pending;
    float step_scale = o->learning_rate * c1;
    int w1 = n->hidden * n->in, w2 = n->out * n->hidden;
    adam_descend(n->w1, n->grad_w1, o->m_w1, o->v_w1, w1, mean_scale, beta1, beta2, step_scale, c2, ADAM_EPSILON);
    adam_descend(n->b1, n->grad_b1, o->m_b1, o->v_b1, n->hidden, mean_scale, beta1, beta2, step_scale, c2, ADAM_EPSILON);
    adam_descend(n->w2, n->grad_w2, o->m_w2, o->v_w2, w2, mean_scale, beta1, beta2, step_scale, c2, ADAM_EPSILON);
    adam_descend(n->b2, n->grad_b2, o->m_b2, o->v_b2, n->out, mean_scale, beta1, beta2, step_scale, c2, ADAM_EPSILON);
    o->pending = 0;
}

/* SgdOptimizer.Step with momentum and a batch of one (TwoLayerNetwork.MomentumStepCore), forward done:
   g = 0 + dE/dw, v = mu v - eta g, w = w + v for every parameter, inside the backward pass; for a dead
   unit g is exactly +0 (finite E and x), so v = mu v without the products. */
static float momentum_step(optimizer *o, const float *x, const float *d)
{
    network *n = o->net;
    const int input_count = n->in, hidden_count = n->hidden, output_count = n->out;
    const float step = o->learning_rate, momentum = o->momentum;
    float *w1 = n->w1, *b1 = n->b1, *w2 = n->w2, *b2 = n->b2, *z1 = n->z1, *y = n->y, *delta2 = n->delta2;
    float *v1 = o->velocity_w1, *vb1 = o->velocity_b1, *v2 = o->velocity_w2, *vb2 = o->velocity_b2;

    float sum_of_squares = 0.0f;
    for (int j = 0; j < output_count; j++) {
        float difference = y[j] - d[j];
        delta2[j] = difference;
        sum_of_squares += difference * difference;
    }
    for (int j = 0; j < output_count; j++) {
        float v = momentum * vb2[j] - step * (0.0f + delta2[j]);
        vb2[j] = v;
        b2[j] += v;
    }
    /* A dead unit only decays (v = mu v exactly) when E and every x_k are finite, as in the C#. */
    const float loss = 0.5f * sum_of_squares;
    int decay_dead = loss - loss == 0.0f;
    for (int k = 0; k < input_count; k++) if (!(x[k] - x[k] == 0.0f)) decay_dead = 0;
    for (int i = 0; i < hidden_count; i++) {
        float z = z1[i], delta1 = 0.0f;
        if (decay_dead && !(z > 0.0f)) {
            for (int j = 0, k = i; j < output_count; j++, k += hidden_count) {
                float v = v2[k] * momentum;
                v2[k] = v;
                w2[k] += v;
            }
            float vb = vb1[i] * momentum;
            vb1[i] = vb;
            b1[i] += vb;
            float *row = w1 + i * input_count, *velocity = v1 + i * input_count;
            for (int k = 0; k < input_count; k++) {
                float v = velocity[k] * momentum;
                velocity[k] = v;
                row[k] += v;
            }
            continue;
        }
        for (int j = 0, k = i; j < output_count; j++, k += hidden_count) {
            float delta = delta2[j], w = w2[k];
            delta1 += w * delta;
            float v = momentum * v2[k] - step * (0.0f + delta * z);
            v2[k] = v;
            w2[k] = w + v;
        }
        if (!(z > 0.0f)) delta1 = 0.0f;
        float vb = momentum * vb1[i] - step * (0.0f + delta1);
        vb1[i] = vb;
        b1[i] += vb;
        float *row = w1 + i * input_count, *velocity = v1 + i * input_count;
        for (int k = 0; k < input_count; k++) {
            float v = momentum * velocity[k] - step * (0.0f + delta1 * x[k]);
            velocity[k] = v;
            row[k] += v;
        }
    }
    return loss;
}

/* SgdOptimizer.Step, and AdamOptimizer.Step (the same but for the update) */
static float optimizer_step(optimizer *o, const float *x, const float *d)
{
    network *n = o->net;
    if (o->batch_size == 1 && o->velocity_w1 != NULL) {
        forward(n, x);
        return momentum_step(o, x, d);
    }
    if (o->pending == 0) zero_gradients(n);
    forward(n, x);
    float loss = backward(n, x, d);
    o->pending++;
    if (o->pending == o->batch_size) {
        if (o->adam) adam_update(o);
        else optimizer_update(o);
    }
    return loss;
}

/* ---------------------------------------------------------------- setup */

static network *network_create(const shape_data *s)
{
    network *n = checked_calloc(1, sizeof(network));
    n->in = s->in; n->hidden = s->hidden; n->out = s->out;
    int w1 = s->hidden * s->in, w2 = s->out * s->hidden;
    n->w1 = checked_calloc(w1, sizeof(float));
    n->b1 = checked_calloc(s->hidden, sizeof(float));
    n->w2 = checked_calloc(w2, sizeof(float));
    n->b2 = checked_calloc(s->out, sizeof(float));
    n->grad_w1 = checked_calloc(w1, sizeof(float));
    n->grad_b1 = checked_calloc(s->hidden, sizeof(float));
    n->grad_w2 = checked_calloc(w2, sizeof(float));
    n->grad_b2 = checked_calloc(s->out, sizeof(float));
    n->z1 = checked_calloc(s->hidden, sizeof(float));
    n->y = checked_calloc(s->out, sizeof(float));
    n->delta1 = checked_calloc(s->hidden, sizeof(float));
    n->delta2 = checked_calloc(s->out, sizeof(float));
    memcpy(n->w1, s->w1, (size_t)w1 * sizeof(float));
    memcpy(n->b1, s->b1, (size_t)s->hidden * sizeof(float));
    memcpy(n->w2, s->w2, (size_t)w2 * sizeof(float));
    memcpy(n->b2, s->b2, (size_t)s->out * sizeof(float));
    return n;
}

static void network_free(network *n)
{
    free(n->w1); free(n->b1); free(n->w2); free(n->b2);
    free(n->grad_w1); free(n->grad_b1); free(n->grad_w2); free(n->grad_b2);
    free(n->z1); free(n->y); free(n->delta1); free(n->delta2);
    free(n);
}

static optimizer *optimizer_create(network *n, float learning_rate, float momentum, int batch_size)
{
    optimizer *o = checked_calloc(1, sizeof(optimizer));
    o->net = n; o->learning_rate = learning_rate; o->momentum = momentum; o->batch_size = batch_size;
    if (momentum != 0.0f) {
        o->velocity_w1 = checked_calloc((size_t)n->hidden * n->in, sizeof(float));
        o->velocity_b1 = checked_calloc(n->hidden, sizeof(float));
        o->velocity_w2 = checked_calloc((size_t)n->out * n->hidden, sizeof(float));
        o->velocity_b2 = checked_calloc(n->out, sizeof(float));
    }
    return o;
}

static optimizer *adam_create(network *n, float learning_rate, int batch_size)
{
    optimizer *o = optimizer_create(n, learning_rate, 0.0f, batch_size);
    size_t w1 = (size_t)n->hidden * n->in, w2 = (size_t)n->out * n->hidden;
    o->adam = 1;
    o->m_w1 = checked_calloc(w1, sizeof(float)); o->v_w1 = checked_calloc(w1, sizeof(float));
    o->m_b1 = checked_calloc(n->hidden, sizeof(float)); o->v_b1 = checked_calloc(n->hidden, sizeof(float));
    o->m_w2 = checked_calloc(w2, sizeof(float)); o->v_w2 = checked_calloc(w2, sizeof(float));
    o->m_b2 = checked_calloc(n->out, sizeof(float)); o->v_b2 = checked_calloc(n->out, sizeof(float));
    o->power1 = 1.0f;
    o->power2 = 1.0f;
    return o;
}

static void optimizer_free(optimizer *o)
{
    free(o->velocity_w1); free(o->velocity_b1); free(o->velocity_w2); free(o->velocity_b2);
    free(o->m_w1); free(o->m_b1); free(o->m_w2); free(o->m_b2);
    free(o->v_w1); free(o->v_b1); free(o->v_w2); free(o->v_b2);
    free(o);
}

static void read_exact(FILE *f, void *buffer, size_t bytes)
{
    if (fread(buffer, 1, bytes, f) != bytes) { fprintf(stderr, "data file is truncated\n"); exit(2); }
}

static int32_t read_int(FILE *f) { int32_t v; read_exact(f, &v, sizeof v); return v; }
static float read_float(FILE *f) { float v; read_exact(f, &v, sizeof v); return v; }

static float *read_floats(FILE *f, int count)
{
    float *p = checked_calloc(count, sizeof(float));
    read_exact(f, p, (size_t)count * sizeof(float));
    return p;
}

/* Layout (little-endian): "BPND", int32 version 1, float learning rate, float momentum,
   int32 batch size, int32 sample count, int32 shape count, then per shape int32 in, hidden, out
   and floats W1, B1, W2, B2, X (samples x in), D (samples x out). */
static void load(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f) { perror(path); exit(2); }
    char magic[4];
    read_exact(f, magic, 4);
    if (memcmp(magic, "BPND", 4) != 0 || read_int(f) != 1) { fprintf(stderr, "%s: not a version 1 data file\n", path); exit(2); }
    g_learning_rate = read_float(f);
    g_momentum = read_float(f);
    g_batch_size = read_int(f);
    g_sample_count = read_int(f);
    g_shape_count = read_int(f);
    g_shapes = checked_calloc(g_shape_count, sizeof(shape_data));
    for (int s = 0; s < g_shape_count; s++) {
        shape_data *sd = &g_shapes[s];
        sd->in = read_int(f); sd->hidden = read_int(f); sd->out = read_int(f);
        sd->w1 = read_floats(f, sd->hidden * sd->in);
        sd->b1 = read_floats(f, sd->hidden);
        sd->w2 = read_floats(f, sd->out * sd->hidden);
        sd->b2 = read_floats(f, sd->out);
        sd->x = read_floats(f, g_sample_count * sd->in);
        sd->d = read_floats(f, g_sample_count * sd->out);
    }
    fclose(f);
}

/* ---------------------------------------------------------------- the operations timed */

enum { OP_TRAIN_STEP, OP_FORWARD, OP_MOMENTUM_STEP, OP_BATCH8_STEP, OP_ADAM_STEP, OP_COUNT };
static const char *const OP_NAMES[OP_COUNT] = { "TrainStep", "Forward", "MomentumStep", "Batch8Step", "AdamStep" };

typedef struct {
    const shape_data *shape;
    network *net;
    optimizer *opt; /* NULL for TrainStep and Forward */
    int op;
} context;

static volatile float g_sink;

/* One round = each of the samples once, as one invocation of the C# benchmark method
   (OperationsPerInvoke = sample count); returns the sum the C# method returns. */
static float run_round(const context *c)
{
    const shape_data *s = c->shape;
    int samples = g_sample_count;
    float sum = 0.0f;
    switch (c->op) {
    case OP_TRAIN_STEP:
        for (int k = 0; k < samples; k++) sum += train_step(c->net, s->x + k * s->in, s->d + k * s->out, g_learning_rate);
        break;
    case OP_FORWARD:
        for (int k = 0; k < samples; k++) sum += forward(c->net, s->x + k * s->in)[0];
        break;
    default:
        for (int k = 0; k < samples; k++) sum += optimizer_step(c->opt, s->x + k * s->in, s->d + k * s->out);
        break;
    }
    return sum;
}

static double now_ns(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec * 1e9 + (double)t.tv_nsec;
}

static double time_rounds(const context *c, long rounds)
{
    float sum = 0.0f;
    double start = now_ns();
    for (long r = 0; r < rounds; r++) {
        sum += run_round(c);
        __asm__ volatile("" ::: "memory"); /* keep every round's stores: nothing is hoisted or dropped */
    }
    double elapsed = now_ns() - start;
    g_sink = sum;
    return elapsed;
}

static int compare_doubles(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static int all_finite(const float *p, int length)
{
    for (int k = 0; k < length; k++) {
        if (!(p[k] - p[k] == 0.0f)) return 0; /* FloatMath.IsFinite */
    }
    return 1;
}

static int network_finite(const network *n)
{
    return all_finite(n->w1, n->hidden * n->in) && all_finite(n->b1, n->hidden)
        && all_finite(n->w2, n->out * n->hidden) && all_finite(n->b2, n->out);
}

static void make_context(context *c, const shape_data *s, int op)
{
    c->shape = s;
    c->op = op;
    c->net = network_create(s);
    c->opt = NULL;
    if (op == OP_MOMENTUM_STEP) c->opt = optimizer_create(c->net, g_learning_rate, g_momentum, 1);
    if (op == OP_BATCH8_STEP) c->opt = optimizer_create(c->net, g_learning_rate, 0.0f, g_batch_size);
    if (op == OP_ADAM_STEP) c->opt = adam_create(c->net, g_learning_rate, 1);
}

static void free_context(context *c)
{
    if (c->opt) optimizer_free(c->opt);
    network_free(c->net);
}

static int bench(double ms_per_measurement, int measurements, const char *only_shape, const char *only_op)
{
    double target = ms_per_measurement * 1e6;
    double *ns_per_op = checked_calloc(measurements, sizeof(double));
    double *sorted = checked_calloc(measurements, sizeof(double));
    int found = 0;
    for (int s = 0; s < g_shape_count; s++) {
        const shape_data *sd = &g_shapes[s];
        char name[64];
        snprintf(name, sizeof name, "%d-%d-%d", sd->in, sd->hidden, sd->out);
        if (only_shape && strcmp(only_shape, name) != 0) continue;
        for (int op = 0; op < OP_COUNT; op++) {
            if (only_op && strcmp(only_op, OP_NAMES[op]) != 0) continue;
            found = 1;
            context c;
            make_context(&c, sd, op);
            long steps = 0;
            /* Warm-up and calibration: double the rounds until one measurement takes the target time. */
            long rounds = 1;
            double elapsed;
            for (;;) {
                elapsed = time_rounds(&c, rounds);
                steps += rounds * g_sample_count;
                if (elapsed >= target / 4 || rounds > (1L << 40)) break;
                rounds *= 2;
            }
            rounds = (long)(rounds * (target / (elapsed > 1 ? elapsed : 1)));
            if (rounds < 1) rounds = 1;
            time_rounds(&c, rounds); /* one more warm-up at full length */
            steps += rounds * g_sample_count;
            double total = 0;
            for (int m = 0; m < measurements; m++) {
                ns_per_op[m] = time_rounds(&c, rounds) / ((double)rounds * g_sample_count);
                steps += rounds * g_sample_count;
                total += ns_per_op[m];
            }
            memcpy(sorted, ns_per_op, (size_t)measurements * sizeof(double));
            qsort(sorted, measurements, sizeof(double), compare_doubles);
            double median = measurements % 2 ? sorted[measurements / 2]
                                             : 0.5 * (sorted[measurements / 2 - 1] + sorted[measurements / 2]);
            printf("RESULT %s %s %.4f %.4f %.4f %d %ld ", name, OP_NAMES[op],
                   median, total / measurements, sorted[0], network_finite(c.net), steps);
            for (int m = 0; m < measurements; m++) printf(m ? ",%.4f" : "%.4f", ns_per_op[m]);
            printf("\n");
            fflush(stdout);
            free_context(&c);
        }
    }
    free(ns_per_op);
    free(sorted);
    if (!found) { fprintf(stderr, "no shape %s, operation %s\n", only_shape, only_op ? only_op : "(any)"); return 2; }
    return 0;
}

static void write_floats(FILE *f, const float *p, int count)
{
    if (fwrite(p, sizeof(float), (size_t)count, f) != (size_t)count) { fprintf(stderr, "write failed\n"); exit(2); }
}

/* Per shape, for TrainStep, MomentumStep, Batch8Step and AdamStep in that order: float loss sum, W1, B1, W2, B2. */
static int verify(const char *out_path, long steps)
{
    FILE *f = fopen(out_path, "wb");
    if (!f) { perror(out_path); return 2; }
    static const int ops[] = { OP_TRAIN_STEP, OP_MOMENTUM_STEP, OP_BATCH8_STEP, OP_ADAM_STEP };
    for (int s = 0; s < g_shape_count; s++) {
        const shape_data *sd = &g_shapes[s];
        for (int o = 0; o < (int)(sizeof ops / sizeof ops[0]); o++) {
            context c;
            make_context(&c, sd, ops[o]);
            float sum = 0.0f;
            for (long step = 0; step < steps; step++) {
                int k = (int)(step % g_sample_count);
                const float *x = sd->x + k * sd->in, *d = sd->d + k * sd->out;
                sum += c.opt ? optimizer_step(c.opt, x, d) : train_step(c.net, x, d, g_learning_rate);
            }
            write_floats(f, &sum, 1);
            write_floats(f, c.net->w1, sd->hidden * sd->in);
            write_floats(f, c.net->b1, sd->hidden);
            write_floats(f, c.net->w2, sd->out * sd->hidden);
            write_floats(f, c.net->b2, sd->out);
            free_context(&c);
        }
    }
    fclose(f);
    return 0;
}

#ifdef BACKPROP_SHARED
/*
 * Built as a shared library (-shared -fPIC -DBACKPROP_SHARED) for the interleaved A/B timing: the C#
 * program loads it and alternates short blocks of C rounds and C# rounds in one process, so that a
 * noisy machine slows both sides alike.
 */
int bp_load(const char *path) { load(path); return g_shape_count; }

void *bp_create(int shape, const char *operation)
{
    for (int op = 0; op < OP_COUNT; op++) {
        if (shape < 0 || shape >= g_shape_count || strcmp(operation, OP_NAMES[op]) != 0) continue;
        context *c = checked_calloc(1, sizeof(context));
        make_context(c, &g_shapes[shape], op);
        return c;
    }
    return NULL;
}

float bp_rounds(void *c, long rounds)
{
    float sum = 0.0f;
    for (long r = 0; r < rounds; r++) {
        sum += run_round((const context *)c);
        __asm__ volatile("" ::: "memory");
    }
    return sum;
}

int bp_finite(void *c) { return network_finite(((context *)c)->net); }

/* CPU time of the calling thread: what both sides are timed with, so that time spent descheduled
   by other processes is not counted for either. */
double bp_thread_cpu_ns(void)
{
    struct timespec t;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
    return (double)t.tv_sec * 1e9 + (double)t.tv_nsec;
}

void bp_free(void *c) { free_context((context *)c); free(c); }
#else
int main(int argc, char **argv)
{
    if (argc >= 5 && argc <= 7 && strcmp(argv[1], "bench") == 0) {
        load(argv[2]);
        int measurements = atoi(argv[4]);
        if (measurements < 1) measurements = 1;
        return bench(atof(argv[3]), measurements, argc >= 6 ? argv[5] : NULL, argc == 7 ? argv[6] : NULL);
    }
    if (argc == 5 && strcmp(argv[1], "verify") == 0) {
        load(argv[2]);
        return verify(argv[3], atol(argv[4]));
    }
    fprintf(stderr, "usage: %s bench DATA MS_PER_MEASUREMENT MEASUREMENTS [SHAPE [OPERATION]]\n"
                    "       %s verify DATA OUT STEPS\n", argv[0], argv[0]);
    return 2;
}
#endif
