/* test_csv.c - the core CSV reader (csv.h) on hand-made texts: quoting, empty cells,
 * CRLF, blank lines, numbers that must be refused, rows of the wrong width, line
 * numbers in messages (also after a quoted line break), and the limits. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "romcap/csv.h"
#include "test_util.h"

static rc_csv *open_text(const char *text, const rc_csv_limits *lim, rc_err *err)
{
    rc_csv *c = NULL;
    rc_status st = rc_csv_open_mem(text, strlen(text), "t.csv", lim, &c, err);
    CHECK((st == RC_OK) == (c != NULL));
    return c;
}

static void test_quoting_and_cells(void)
{
    rc_err err = {{0}};
    const char *text = "\"time\", value ,\"a, b\"\r\n"
                       "0,\"1e-3\",\"he said \"\"hi\"\"\"\r\n"
                       "\r\n"
                       "  0.5 , 2 ,\"two\nlines\"\r\n"
                       "1,,x"; /* no line end at the end */
    rc_csv *c = open_text(text, NULL, &err);
    CHECK_MSG(c != NULL, "%s", err.msg);
    if (!c)
        return;
    CHECK(rc_csv_columns(c) == 3);
    CHECK(!strcmp(rc_csv_column_name(c, 0), "time"));
    CHECK(!strcmp(rc_csv_column_name(c, 1), "value"));
    CHECK(!strcmp(rc_csv_column_name(c, 2), "a, b"));
    CHECK(rc_csv_column(c, "value") == 1 && rc_csv_column(c, "nope") == -1);
    CHECK(rc_csv_rows_max(c) >= 3);
    double v;
    CHECK(rc_csv_next(c, &err) == RC_OK && rc_csv_line(c) == 2);
    CHECK(rc_csv_double(c, 1, &v, &err) == RC_OK && v == 1e-3);
    CHECK(!strcmp(rc_csv_cell(c, 2), "he said \"hi\""));
    CHECK(rc_csv_next(c, &err) == RC_OK && rc_csv_line(c) == 4); /* line 3 is blank */
    CHECK(rc_csv_double(c, 0, &v, &err) == RC_OK && v == 0.5);
    CHECK(rc_csv_double(c, 1, &v, &err) == RC_OK && v == 2.0);
    CHECK(!strcmp(rc_csv_cell(c, 2), "two\nlines"));
    CHECK(rc_csv_next(c, &err) == RC_OK && rc_csv_line(c) == 6); /* after the quoted break */
    CHECK(rc_csv_double(c, 1, &v, &err) == RC_OK && isnan(v));   /* empty: missing */
    int64_t k;
    CHECK(rc_csv_int64(c, 0, &k, &err) == RC_OK && k == 1);
    CHECK(rc_csv_int64(c, 1, &k, &err) == RC_E_FORMAT); /* empty is not a whole number */
    CHECK(rc_csv_next(c, &err) == RC_E_EOF);
    CHECK(rc_csv_next(c, &err) == RC_E_EOF);
    rc_csv_close(c);
}

static void test_numbers_refused(void)
{
    static const char *bad[] = {"inf",  "-inf", "nan", "NaN", "1e999", "-1e999",
                                "0x10", "1.5x", "--1", "abc", "1 2"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        char text[128];
        snprintf(text, sizeof text, "t,value\n0,1\n1,\"%s\"\n", bad[i]);
        rc_err err = {{0}};
        rc_csv *c = open_text(text, NULL, &err);
        double v = 0;
        CHECK(c && rc_csv_next(c, &err) == RC_OK && rc_csv_next(c, &err) == RC_OK);
        CHECK_MSG(c && rc_csv_double(c, 1, &v, &err) == RC_E_FORMAT, "'%s' accepted", bad[i]);
        CHECK_STR_CONTAINS(err.msg, "t.csv:3: ");
        CHECK_STR_CONTAINS(err.msg, "column 'value'");
        rc_csv_close(c);
    }
    rc_err err = {{0}};
    rc_csv *c = open_text("v\n1e999\n", NULL, &err);
    double v;
    CHECK(c && rc_csv_next(c, &err) == RC_OK && rc_csv_double(c, 0, &v, &err) == RC_E_FORMAT);
    CHECK_STR_CONTAINS(err.msg, "t.csv:2: 1e999 in column 'v' is not a finite number");
    rc_csv_close(c);
    c = open_text("v\n99999999999999999999\n-12\n", NULL, &err);
    int64_t k;
    CHECK(c && rc_csv_next(c, &err) == RC_OK && rc_csv_int64(c, 0, &k, &err) == RC_E_FORMAT);
    CHECK(rc_csv_double(c, 0, &v, &err) == RC_OK && v == 1e20);
    CHECK(rc_csv_next(c, &err) == RC_OK && rc_csv_int64(c, 0, &k, &err) == RC_OK && k == -12);
    rc_csv_close(c);
}

static void expect_row_error(const char *text, const char *msg)
{
    rc_err err = {{0}};
    rc_csv *c = open_text(text, NULL, &err);
    rc_status st = RC_OK;
    while (c && (st = rc_csv_next(c, &err)) == RC_OK)
        ;
    CHECK_MSG(c && st == RC_E_FORMAT, "no error for %s", msg);
    CHECK_STR_CONTAINS(err.msg, msg);
    CHECK(c && rc_csv_next(c, &err) == RC_E_EOF); /* stays at the end */
    rc_csv_close(c);
}

static void expect_open_error(const char *text, size_t len, const rc_csv_limits *lim,
                              const char *msg)
{
    rc_err err = {{0}};
    rc_csv *c = (rc_csv *)1;
    CHECK(rc_csv_open_mem(text, len, "t.csv", lim, &c, &err) != RC_OK && c == NULL);
    CHECK_STR_CONTAINS(err.msg, msg);
}

static void test_errors(void)
{
    expect_row_error("a,b\n1,2\n3\n", "t.csv:3: 1 field, the header has 2");
    expect_row_error("a,b\n1,2,3\n", "t.csv:2: 3 fields, the header has 2");
    expect_row_error("a,b\n\"x\ny\",2\n1,2,3\n", "t.csv:4: 3 fields");
    expect_row_error("a,b\n1,\"open\n", "t.csv:2: quote not closed");
    expect_row_error("a,b\n1,\"q\"x\n", "t.csv:2: text after a closing quote");
    const char nul[] = "a,b\n1,2\0\n";
    rc_err err = {{0}};
    rc_csv *c;
    CHECK(rc_csv_open_mem(nul, sizeof nul - 1, "t.csv", NULL, &c, &err) == RC_OK);
    CHECK(c && rc_csv_next(c, &err) == RC_E_FORMAT);
    CHECK_STR_CONTAINS(err.msg, "t.csv:2: NUL byte");
    rc_csv_close(c);
    expect_open_error("", 0, NULL, "t.csv: empty file (a header row is needed)");
    expect_open_error("\n\r\n  \n", 6, NULL, "empty file");
    rc_csv_limits lim = {.max_bytes = 16, .max_columns = 3};
    expect_open_error("a,b\n1,2\n3,4\n5,6\n7,8\n", 20, &lim, "20 bytes is too large (at most 16)");
    expect_open_error("a,b,c,d\n", 8, &lim, "t.csv:1: more than 3 columns");
    CHECK(rc_csv_open("/nonexistent/x.csv", NULL, &c, &err) == RC_E_NOT_FOUND && !c);
    CHECK_STR_CONTAINS(err.msg, "/nonexistent/x.csv");
}

/* The same text from a file, and a file over the size limit. */
static void test_file(void)
{
    char path[] = "/tmp/romcap_csv_XXXXXX";
    int fd = mkstemp(path);
    CHECK(fd >= 0);
    const char text[] = "frame,deg\n0,1.25\n1,\n";
    CHECK(write(fd, text, sizeof text - 1) == (ssize_t)(sizeof text - 1));
    close(fd);
    rc_err err = {{0}};
    rc_csv *c;
    CHECK(rc_csv_open(path, NULL, &c, &err) == RC_OK);
    double v;
    CHECK(c && !strcmp(rc_csv_name(c), path));
    CHECK(c && rc_csv_next(c, &err) == RC_OK && rc_csv_double(c, 1, &v, &err) == RC_OK &&
          v == 1.25);
    CHECK(c && rc_csv_next(c, &err) == RC_OK && rc_csv_double(c, 1, &v, &err) == RC_OK && isnan(v));
    rc_csv_close(c);
    rc_csv_limits lim = {.max_bytes = 8};
    CHECK(rc_csv_open(path, &lim, &c, &err) == RC_E_FORMAT && !c);
    CHECK_STR_CONTAINS(err.msg, "too large");
    unlink(path);
}

int main(void)
{
    test_quoting_and_cells();
    test_numbers_refused();
    test_errors();
    test_file();
    return TEST_RESULT();
}
