/* detect_classify_avx2.c - the AVX2 twin of rc__detect_row_scalar.
 *
 * Sixteen blocks per step: two bounds that follow from the per-block rule (a
 * coloured block has enough chroma for its luma, a BRIGHT one enough luma) are
 * tested on all sixteen at once. Almost every step passes none and stores sixteen
 * zero codes; the few that pass go through the (Cb, Cr) table and the exact rule,
 * as in the scalar kernel, so both give the same codes. The
 * functions carry target("avx2") so the rest of the library stays portable; the
 * detector calls this kernel only after rc__detect_have_avx2() said yes.
 */
#include "detect_internal.h"

#if (defined(__x86_64__) || defined(__i386__)) && (defined(__GNUC__) || defined(__clang__))
#include <immintrin.h>

int rc__detect_have_avx2(void)
{
    __builtin_cpu_init();
    return __builtin_cpu_supports("avx2");
}

/* Classifies the blocks of `m` (bit k: block i + k) with the table and the exact
 * rule; returns the OR of their codes. */
static int slow_blocks(const rc_detector *d, const uint8_t *ya, const uint8_t *yb, const uint8_t *u,
                       const uint8_t *v, int i, unsigned m, uint8_t *codes)
{
    int any = 0;
    while (m) {
        int x = i + __builtin_ctz(m);
        m &= m - 1;
        int s = ya[2 * x] + ya[2 * x + 1] + yb[2 * x] + yb[2 * x + 1];
        uint32_t e = d->lut[(u[x] << 8) | v[x]];
        uint8_t code = 0;
        if ((s >= (int)(e & 0xFFFFu) && s <= (int)(e >> 16)) || s >= d->bright_min)
            code = rc__detect_classify_slow(d, s, u[x], v[x]);
        codes[x] = code;
        any |= code;
    }
    return any;
}

__attribute__((target("avx2"))) int rc__detect_row_avx2(const rc_detector *d, const uint8_t *ya,
                                                        const uint8_t *yb, const uint8_t *u,
                                                        const uint8_t *v, int x0, int x1,
                                                        uint8_t *codes)
{
    /* Sixteen blocks per step, in 16-bit lanes: luma sums (pmaddubsw of the two
     * rows), the chroma L1 norm |Cb-128| + |Cr-128|, and two tests that no class
     * can fail: a coloured block has L1 * 64 >= (m_q6 * sum) / 4, a BRIGHT block
     * sum >= bright_min. Blocks passing neither are 0 (nearly all of a frame);
     * the rest go through the table and the exact rule. */
    const __m256i ones = _mm256_set1_epi8(1);
    const __m256i c128 = _mm256_set1_epi16(128);
    const __m256i mq = _mm256_set1_epi16((short)d->m_q6);
    const int bm = d->bright_min - 1 < 32767 ? d->bright_min - 1 : 32767;
    const __m256i bmin = _mm256_set1_epi16((short)bm);
    const __m256i colour_on = _mm256_set1_epi16(d->n_color ? -1 : 0);
    int any = 0, i = x0;
    for (; i + 16 <= x1 && 2 * i + 32 <= d->w; i += 16) {
        __m256i a = _mm256_loadu_si256((const __m256i *)(const void *)(ya + 2 * i));
        __m256i b = _mm256_loadu_si256((const __m256i *)(const void *)(yb + 2 * i));
        __m256i sum =
            _mm256_add_epi16(_mm256_maddubs_epi16(a, ones), _mm256_maddubs_epi16(b, ones));
        __m256i cb = _mm256_cvtepu8_epi16(_mm_loadu_si128((const __m128i *)(const void *)(u + i)));
        __m256i cr = _mm256_cvtepu8_epi16(_mm_loadu_si128((const __m128i *)(const void *)(v + i)));
        __m256i l1 = _mm256_add_epi16(_mm256_abs_epi16(_mm256_sub_epi16(cb, c128)),
                                      _mm256_abs_epi16(_mm256_sub_epi16(cr, c128)));
        __m256i lhs = _mm256_slli_epi16(l1, 6);
        __m256i rhs = _mm256_srli_epi16(_mm256_mullo_epi16(mq, sum), 2);
        __m256i colour = _mm256_andnot_si256(_mm256_cmpgt_epi16(rhs, lhs), colour_on);
        __m256i cand = _mm256_or_si256(colour, _mm256_cmpgt_epi16(sum, bmin));
        _mm_storeu_si128((__m128i *)(void *)(codes + i), _mm_setzero_si128());
        if (_mm256_testz_si256(cand, cand))
            continue;
        /* One mask bit per block: pack the 16-bit lanes to bytes (per 128-bit
         * half), bring the halves' low quadwords together, take the byte signs. */
        __m256i packed = _mm256_permute4x64_epi64(_mm256_packs_epi16(cand, cand), 0xD8);
        unsigned lanes = (unsigned)_mm_movemask_epi8(_mm256_castsi256_si128(packed));
        any |= slow_blocks(d, ya, yb, u, v, i, lanes, codes);
    }
    if (i < x1)
        any |= rc__detect_row_scalar(d, ya, yb, u, v, i, x1, codes);
    return any;
}

#else

int rc__detect_have_avx2(void)
{
    return 0;
}

int rc__detect_row_avx2(const rc_detector *d, const uint8_t *ya, const uint8_t *yb,
                        const uint8_t *u, const uint8_t *v, int x0, int x1, uint8_t *codes)
{
    return rc__detect_row_scalar(d, ya, yb, u, v, x0, x1, codes);
}

#endif
