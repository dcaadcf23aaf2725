/*
 * fl_names.h — place names, pure C: folding for lookup and edit distance.
 * The fmgr twin is fl_names_sql.c.
 */
#ifndef FL_NAMES_H
#define FL_NAMES_H

#include "fl_base.h"

/* fold a place name for lookup: lower case, Latin diacritics removed,
 * punctuation and spaces dropped.  Returns allocated NUL-terminated UTF-8. */
char	   *fl_fold_name(const fl_allocator *a, const char *s, size_t len, size_t *outlen);

/* Levenshtein distance between two UTF-8 strings, in code points; long
 * inputs are capped at 255 code points. */
int			fl_levenshtein(const char *a, size_t alen, const char *b, size_t blen);

#endif							/* FL_NAMES_H */
