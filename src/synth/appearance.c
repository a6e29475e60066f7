/* appearance.c - the colours a clinic-like scene can wear: Fitzpatrick skin types I-VI
 * (skin=1..6) and clothing near the sticker colours (clothing=NAME).
 *
 * Skin. Fitzpatrick types are a questionnaire about tanning, not a colour, so the
 * renderer uses the colour scale that dermatology measures skin with: the individual
 * typology angle ITA = atan((L* - 50) / b*) of a CIELAB measurement, whose six
 * categories (very light > 55 deg, light 41-55, intermediate 28-41, tan 10-28,
 * brown -30..10, dark < -30) come from Chardon, Cretois & Hourseau 1991 (Int J
 * Cosmet Sci 13:191-208) and are tabulated against constitutive skin colour in
 * Del Bino & Bernerd 2013 (Br J Dermatol 169 Suppl 3:33-40). Type N is drawn with a
 * CIELAB colour inside the N-th category (ITA in the comment); a* 8-12 and b* 13-19
 * are within the ranges those papers report for each category. The mapping of
 * Fitzpatrick type to ITA category is an approximation (both papers say so): these
 * are six realistic skin colours from very light to dark, not a diagnosis.
 * CIELAB (D65) -> sRGB with the CIE 1976 inverse and the sRGB matrix and transfer
 * function of IEC 61966-2-1.
 *
 * Clothing. A shirt (capsule group 0: the trunk or the pelvis) in a sticker's hue
 * with half its saturation: the sticker colour mixed half and half with grey 118.
 */
#include <math.h>

#include "synth/synth_internal.h"

static const double skin_lab[6][3] = {
    {72, 8, 13},  /* I:   ITA  59 deg, very light */
    {66, 10, 16}, /* II:  ITA  45 deg, light */
    {61, 11, 16}, /* III: ITA  35 deg, intermediate */
    {56, 12, 18}, /* IV:  ITA  18 deg, tan */
    {45, 12, 19}, /* V:   ITA -15 deg, brown */
    {32, 10, 14}, /* VI:  ITA -52 deg, dark */
};

static double lab_finv(double t)
{
    const double d = 6.0 / 29.0;
    return t > d ? t * t * t : 3 * d * d * (t - 4.0 / 29.0);
}

static uint8_t srgb_encode(double c)
{
    c = c <= 0 ? 0 : c >= 1 ? 1 : c;
    double v = c <= 0.0031308 ? 12.92 * c : 1.055 * pow(c, 1 / 2.4) - 0.055;
    return (uint8_t)lround(255 * v);
}

void rc__synth_skin_rgb(int type, uint8_t rgb[3])
{
    if (type < 1 || type > 6) { /* the renderer's historic light skin */
        rgb[0] = 224, rgb[1] = 172, rgb[2] = 140;
        return;
    }
    const double *lab = skin_lab[type - 1];
    double fy = (lab[0] + 16) / 116, fx = fy + lab[1] / 500, fz = fy - lab[2] / 200;
    double X = 0.95047 * lab_finv(fx), Y = lab_finv(fy), Z = 1.08883 * lab_finv(fz);
    rgb[0] = srgb_encode(3.2406 * X - 1.5372 * Y - 0.4986 * Z);
    rgb[1] = srgb_encode(-0.9689 * X + 1.8758 * Y + 0.0415 * Z);
    rgb[2] = srgb_encode(0.0557 * X - 0.2040 * Y + 1.0570 * Z);
}

int rc__synth_clothing_rgb(int clothing, uint8_t rgb[3])
{
    static const uint8_t sticker[RC_SYNTH_CLOTHING_COUNT][3] = {
        {0, 0, 0}, {30, 170, 70}, {200, 40, 160}, {30, 80, 200}, {235, 200, 30}, {20, 170, 200}};
    if (clothing <= RC_SYNTH_CLOTHING_NONE || clothing >= RC_SYNTH_CLOTHING_COUNT)
        return 0;
    for (int k = 0; k < 3; k++)
        rgb[k] = (uint8_t)((sticker[clothing][k] + 118 + 1) / 2);
    return 1;
}
