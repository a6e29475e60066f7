/* calib_args.c - the board and the vertical as `romcap calibrate` is given them
 * (calib.h rc_board_parse, rc_calib_vertical_parse). */
#include <stdio.h>
#include <string.h>

#include "romcap/calib.h"

rc_status rc_board_parse(const char *s, rc_board *b, rc_err *err)
{
    char x;
    int end = 0;
    if (sscanf(s, "%d%c%d%n", &b->cols, &x, &b->rows, &end) != 3 || s[end] ||
        (x != 'x' && x != 'X') || b->cols < 2 || b->rows < 2)
        return rc_err_set(err, RC_E_ARG, "expected CxR like 9x6, got '%s'", s);
    return RC_OK;
}

rc_status rc_calib_vertical_parse(const char *s, rc_calib_request *rq, rc_err *err)
{
    int end = 0;
    rq->vertical_board = rq->vertical_plumb = false; /* the last --vertical counts */
    if (!strcmp(s, "board"))
        rq->vertical_board = true;
    else if (sscanf(s, "%lf,%lf,%lf,%lf%n", &rq->plumb[0], &rq->plumb[1], &rq->plumb[2],
                    &rq->plumb[3], &end) == 4 &&
             !s[end])
        rq->vertical_plumb = true;
    else
        return rc_err_set(err, RC_E_ARG, "expected 'board' or X1,Y1,X2,Y2, got '%s'", s);
    return RC_OK;
}
