/* detect_classify_avx2.c - the AVX2 twin of rc__detect_row_scalar.
 *
 * Eight blocks per step: the luma sums of the 2x2 blocks come from two 16-byte
 * loads and pairwise adds (pmaddubsw), the eight (Cb, Cr) table entries from one
 * gather, and two compares leave a mask of the blocks that may belong to a class.
 * Almost every step finds none and stores eight zero codes; the few candidates
 * get the exact rule, as in the scalar kernel, so both give the same codes. The
 * functions carry target("avx2") so the rest of the library stays portable; the
 * detector calls this kernel only after rc__detect_have_avx2() said yes.
 */
#include "detect_internal.h"

#include <string.h>

#if (defined(__x86_64__) || defined(__i386__)) && (defined(__GNUC__) || defined(__clang__))
#include <immintrin.h>

int rc__detect_have_avx2(void)
{
    __builtin_cpu_init();
    return __builtin_cpu_supports("avx2");
}

__attribute__((target("avx2"))) int rc__detect_row_avx2(const rc_detector *d, const uint8_t *ya,
                                                        const uint8_t *yb, const uint8_t *u,
                                                        const uint8_t *v, int x0, int x1,
                                                        uint8_t *codes)
{
    const __m128i ones = _mm_set1_epi8(1);
    const __m256i lomask = _mm256_set1_epi32(0xFFFF);
    const __m256i bmin = _mm256_set1_epi32(d->bright_min - 1);
    const int *lut = (const int *)d->lut;
    int any = 0, i = x0;
    for (; i + 8 <= x1 && 2 * i + 16 <= d->w; i += 8) {
        __m128i a = _mm_loadu_si128((const __m128i *)(const void *)(ya + 2 * i));
        __m128i b = _mm_loadu_si128((const __m128i *)(const void *)(yb + 2 * i));
        __m128i s16 = _mm_add_epi16(_mm_maddubs_epi16(a, ones), _mm_maddubs_epi16(b, ones));
        __m256i sum = _mm256_cvtepu16_epi32(s16);
        __m256i cb = _mm256_cvtepu8_epi32(_mm_loadl_epi64((const __m128i *)(const void *)(u + i)));
        __m256i cr = _mm256_cvtepu8_epi32(_mm_loadl_epi64((const __m128i *)(const void *)(v + i)));
        __m256i e = _mm256_i32gather_epi32(lut, _mm256_or_si256(_mm256_slli_epi32(cb, 8), cr), 4);
        __m256i lo = _mm256_and_si256(e, lomask), hi = _mm256_srli_epi32(e, 16);
        __m256i out = _mm256_or_si256(_mm256_cmpgt_epi32(lo, sum), _mm256_cmpgt_epi32(sum, hi));
        __m256i cand = _mm256_or_si256(_mm256_andnot_si256(out, _mm256_set1_epi32(-1)),
                                       _mm256_cmpgt_epi32(sum, bmin));
        unsigned m = (unsigned)_mm256_movemask_ps(_mm256_castsi256_ps(cand));
        memset(codes + i, 0, 8);
        while (m) {
            int k = __builtin_ctz(m), x = i + k;
            m &= m - 1;
            int s = ya[2 * x] + ya[2 * x + 1] + yb[2 * x] + yb[2 * x + 1];
            uint8_t code = rc__detect_classify_exact(d, s, u[x], v[x]);
            codes[x] = code;
            any |= code;
        }
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
