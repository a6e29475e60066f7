/* detect_internal.h - state and helpers shared by the files of the detect stage.
 *
 * detect.c owns the detector (create/destroy, frame checks, ROI spans, shape
 * filters, sorting); detect_classify.c decides the class of each 2x2 block (the
 * exact per-block rule, the (Cb, Cr) look-up table that skips blocks no class can
 * take, the plain C row kernel and the BRIGHT threshold); detect_classify_avx2.c
 * is the AVX2 twin of the row kernel; detect_label.c labels runs of equal class
 * with a union-find in one pass over the rows, summing each component's moments as
 * it goes; detect_refine.c computes the sub-pixel centroid of one blob on the
 * full-resolution planes. Nothing here is public.
 */
#ifndef ROMCAP_DETECT_INTERNAL_H
#define ROMCAP_DETECT_INTERNAL_H

#include <stdint.h>

#include "romcap/detect.h"

/* TUNABLE: smallest |Cb-128, Cr-128| a coloured pixel may have (8-bit units); below
 * it, sensor noise dominates the hue. Palette stickers are 40..110. */
#define MIN_CHROMA 10.0f
/* TUNABLE: the luma below which the normalisation is clamped (very dark pixels). */
#define LUMA_FLOOR 24.0f
/* TUNABLE: BRIGHT pixels must have |chroma| <= BRIGHT_CHROMA_K * Y + 6. */
#define BRIGHT_CHROMA_K 0.08f

/* Moments of one connected component, half-resolution pixel units. */
typedef struct rc__cand {
    int cls;
    double n, sx, sy, sxx, syy, sxy;
    int x0, y0, x1, y1; /* inclusive bounding box */
} rc__cand;

/* A union-find node: one per component start. Only roots carry valid sums.
 * Integer sums are exact (n*x^2 < 2^63 for any frame up to 16384 wide). */
typedef struct rc__node {
    int parent, cls;
    int x0, y0, x1, y1; /* inclusive bounding box, half-res */
    int64_t n, sx, sy, sxx, syy, sxy;
} rc__node;

/* A run of equal class on one half-res row. */
typedef struct rc__run {
    int x0, x1; /* inclusive columns */
    int node;   /* union-find node, -1 if the node pool was full */
    int code;   /* class code: 1 + class index */
} rc__run;

/* Per-class constants derived from the configuration. */
typedef struct rc__class_ref {
    rc_class_kind kind;
    float y, cb, cr; /* reference colour, JFIF YCbCr */
    float nb, nr;    /* centre in normalised chroma (Cb-128, Cr-128) / Y */
    /* The class is q00 db^2 + 2 q01 db dr + q11 dr^2 <= 1 with (db, dr) the offset
     * from the centre: a disc of radius tolerance * |n| (q00 = q11, q01 = 0) or a
     * learnt ellipse. */
    float q00, q01, q11;
    float tol; /* the ellipse's longest semi-axis */
} rc__class_ref;

/* A row kernel: writes the class code of blocks [x0, x1) of one half-res row to
 * codes[x0..x1) from the two luma rows `ya`, `yb` (equal on a last odd row) and the
 * chroma rows `u`, `v`. Returns nonzero if any code is nonzero. */
/* Pass 2 of the refinement over n pixels (n a multiple of 8), see detect_refine.c. */
typedef void (*rc__lanes_kernel)(const float *qa, const float *qk, const uint8_t *qy, int n,
                                 float d0, float lw[8], float lx[8]);
void rc__detect_lanes_scalar(const float *qa, const float *qk, const uint8_t *qy, int n, float d0,
                             float lw[8], float lx[8]);
void rc__detect_lanes_sse2(const float *qa, const float *qk, const uint8_t *qy, int n, float d0,
                           float lw[8], float lx[8]);
int rc__detect_have_sse2(void);

typedef int (*rc__row_kernel)(const struct rc_detector *d, const uint8_t *ya, const uint8_t *yb,
                              const uint8_t *u, const uint8_t *v, int x0, int x1, uint8_t *codes);

/* Colour that follows the light (detect_adapt.c): the configured centres, the
 * log gains on gamma-encoded R and B now applied to them, and counts. */
typedef struct rc__adapt {
    float bound;                   /* largest centre move, class units (0: off) */
    float home[RC_MAX_CLASSES][2]; /* configured centres (nb, nr) */
    double g[2];                   /* log gains of R and B */
    float shift_max;
    long long updates, refused, limited;
} rc__adapt;

struct rc_detector {
    rc_detect_config cfg;
    int w, h;                 /* full resolution */
    int w2, h2;               /* half resolution (chroma planes) */
    int n_color, bright_code; /* bright_code: 1 + index of the BRIGHT class, or 0 */
    rc__class_ref ref[RC_MAX_CLASSES];
    float min_area, max_area; /* full-res pixels */

    /* lut[(Cb << 8) | Cr]: luma-sum range [lo (bits 0..15), hi (bits 16..31)] of a
     * 2x2 block (sum of its four luma samples, 0..1020) inside which some COLOR
     * class may match; lo > hi when none can. Conservative: blocks inside get the
     * exact rule. */
    uint32_t *lut;
    /* lut_in[(Cb << 8) | Cr]: where exactly one COLOR class can match, the luma-sum
     * range inside which it certainly does: code (bits 0..7), lo (8..19), hi
     * (20..31); lo > hi when there is none. Spares most marker blocks the exact
     * rule. */
    uint32_t *lut_in;
    /* Coloured blocks need |Cb-128| + |Cr-128| >= m * Y with m the smallest
     * |n_ref| - tol over the colour classes (their centres now); m_q6 = floor(64 m),
     * shaded down (0 when a tolerance reaches |n_ref|: no such bound). SIMD
     * pre-filter. */
    int m_q6;
    rc__row_kernel row_kernel;
    rc__lanes_kernel lanes;
    const char *kernel_name;

    uint8_t *codes;   /* one half-res row of class codes (w2 + padding) */
    float *ablk;      /* refine, pass 2: per-pixel membership offset and luma
                         factor of one block row (2 x (w + 2)), then the same per
                         block (2 x (w2 + 1)) */
    rc__run *runs[2]; /* previous and current row's runs */
    int max_row_runs;
    rc__node *node; /* union-find pool */
    int n_nodes, max_nodes;
    int n_prev, prev_row; /* runs of the previous labelled row, and its index */
    rc_blob *accepted;    /* scratch before sorting */
    int max_accepted;

    rc__adapt adapt; /* light adaptation; the tables cover every allowed centre */

    float bright_thr; /* luma threshold used for the current frame (256: none) */
    int bright_min;   /* smallest block luma sum that may be BRIGHT (conservative) */
};

/* Light adaptation at create: the configured centres kept, the bound set from
 * cfg.adapt_light (before the tables are built). */
void rc__detect_adapt_init(rc_detector *d);

/* Luma threshold for BRIGHT classes on this frame (configured or automatic), from
 * every `row_step`-th block row. */
float rc__detect_bright_threshold(const rc_detector *d, const rc_image *frame, int row_step);

/* Builds d->lut and d->lut_in from d->ref (at create), each class widened (lut) and
 * narrowed (lut_in) by d->adapt.bound so that they hold for any centre within it. */
void rc__detect_build_lut(rc_detector *d);

/* How far the mean chroma of a COLOR blob's core (blocks 2 px inside its edge, or
 * within 1 px of the centre of a small one) is from its class centre, in class
 * sizes (1 = the class's edge); 0 when it cannot be told (no core, BRIGHT). */
double rc__detect_core_distance(const rc_detector *d, const rc_image *frame, const rc_blob *b);

/* Sets d->m_q6 (the SIMD pre-filter's bound) from the class centres as they are. */
void rc__detect_prefilter(rc_detector *d);

/* The exact per-block rule (the specification of every kernel): class code of a
 * block with luma sum `sum` (four samples) and chroma cb, cr. */
uint8_t rc__detect_classify_exact(const rc_detector *d, int sum, int cb, int cr);

/* What the row kernels call for a block the table could not rule out: the class
 * read from d->lut_in where only one class is possible and the luma is safely
 * inside its range, else the exact rule. Same answer as rc__detect_classify_exact. */
uint8_t rc__detect_classify_slow(const rc_detector *d, int sum, int cb, int cr);

/* Class code of half-res block (i, j) of `frame` (same answer as the row kernels). */
uint8_t rc__detect_block_code(const rc_detector *d, const rc_image *frame, int i, int j);

/* Row kernels: plain C (uses the table), the reference without the table (tests),
 * and AVX2 (only where the CPU has it; see rc__detect_have_avx2). */
int rc__detect_row_scalar(const rc_detector *d, const uint8_t *ya, const uint8_t *yb,
                          const uint8_t *u, const uint8_t *v, int x0, int x1, uint8_t *codes);
int rc__detect_row_reference(const rc_detector *d, const uint8_t *ya, const uint8_t *yb,
                             const uint8_t *u, const uint8_t *v, int x0, int x1, uint8_t *codes);
int rc__detect_row_avx2(const rc_detector *d, const uint8_t *ya, const uint8_t *yb,
                        const uint8_t *u, const uint8_t *v, int x0, int x1, uint8_t *codes);
int rc__detect_have_avx2(void);

/* Labelling: begin a frame, then feed rows in increasing order with their sorted,
 * disjoint half-res column intervals iv[2k] .. iv[2k+1] (exclusive end). */
void rc__detect_label_begin(rc_detector *d);
void rc__detect_label_row(rc_detector *d, const rc_image *frame, int j, const int *iv, int n_iv);

/* Refines a candidate on the full-resolution planes. Fills x_px, y_px, area_px and
 * score of `out`; returns 0 if the blob has no usable contrast (then `out` keeps
 * the hard-mask values). */
int rc__detect_refine(const rc_detector *d, const rc_image *frame, const rc__cand *c, rc_blob *out);

#endif
