/*
 * fl_state.c — actor names, contested states and controllers.  Pure C.
 * See fl_state.h.
 */
#include "fl_state.h"

#include <stdlib.h>

/* ASCII case-insensitive equality with a lower-case word */
int
fl_ieq(const char *s, size_t len, const char *word)
{
	size_t		wl = strlen(word);

	if (len != wl)
		return 0;
	for (size_t i = 0; i < len; i++)
	{
		char		c = s[i];

		if (c >= 'A' && c <= 'Z')
			c = (char) (c - 'A' + 'a');
		if (c != word[i])
			return 0;
	}
	return 1;
}

int
fl_check_name(const char *s, size_t len, fl_error *err)
{
	if (len == 0)
		return fl_seterr(err, FL_EVALUE, "an actor name must not be empty");
	if (len > FL_MAX_NAME_BYTES)
		return fl_seterr(err, FL_EVALUE, "actor name \"%.40s...\" is longer than %d bytes", s, FL_MAX_NAME_BYTES);
	for (size_t i = 0; i < len; i++)
	{
		unsigned char c = (unsigned char) s[i];

		if (c < 0x20 || c == 0x7f)
			return fl_seterr(err, FL_EVALUE, "actor name \"%.*s\" contains a control character",
							 (int) (len > 60 ? 60 : len), s);
	}
	if (s[0] == ' ' || s[len - 1] == ' ')
		return fl_seterr(err, FL_EVALUE, "actor name \"%.*s\" has leading or trailing spaces",
						 (int) (len > 60 ? 60 : len), s);
	if (fl_ieq(s, len, "contested") || fl_ieq(s, len, "unknown"))
		return fl_seterr(err, FL_EVALUE, "\"%.*s\" is a reserved word, not an actor name", (int) len, s);
	return 0;
}

int
fl_is_reserved(const char *s, size_t len)
{
	return fl_ieq(s, len, "contested") || fl_ieq(s, len, "unknown");
}

typedef struct namelen
{
	const char *s;
	size_t		len;
} namelen;

static int
cmp_name(const void *x, const void *y)
{
	const namelen *a = x,
			   *b = y;
	size_t		m = a->len < b->len ? a->len : b->len;
	int			c = memcmp(a->s, b->s, m);

	if (c)
		return c;
	return a->len < b->len ? -1 : a->len > b->len;
}

int
fl_make_contested(const fl_allocator *a, const char **names, const size_t *lens,
				  size_t n, char **out, size_t *outlen, fl_error *err)
{
	namelen    *v;
	size_t		total = 1;
	char	   *p;

	if (n == 1)
		return fl_seterr(err, FL_EVALUE, "contested needs at least two contenders, or none (\"%.*s\" alone is control)",
						 (int) (lens[0] > 60 ? 60 : lens[0]), names[0]);
	if (n > FL_MAX_CONTENDERS)
		return fl_seterr(err, FL_ELIMIT, "contested has more than %d contenders", FL_MAX_CONTENDERS);
	v = a->alloc(a->ctx, (n ? n : 1) * sizeof(namelen));
	if (!v)
		return fl_seterr(err, FL_ENOMEM, "out of memory");
	for (size_t i = 0; i < n; i++)
	{
		if (fl_check_name(names[i], lens[i], err))
		{
			a->free(a->ctx, v);
			return -1;
		}
		v[i].s = names[i];
		v[i].len = lens[i];
		total += lens[i] + 1;
	}
	qsort(v, n, sizeof(namelen), cmp_name);
	for (size_t i = 1; i < n; i++)
		if (cmp_name(&v[i - 1], &v[i]) == 0)
		{
			fl_seterr(err, FL_EVALUE, "contender \"%.*s\" is listed twice", (int) (v[i].len > 60 ? 60 : v[i].len), v[i].s);
			a->free(a->ctx, v);
			return -1;
		}
	p = a->alloc(a->ctx, total);
	if (!p)
	{
		a->free(a->ctx, v);
		return fl_seterr(err, FL_ENOMEM, "out of memory");
	}
	*out = p;
	*p++ = FL_KIND_CONTESTED;
	for (size_t i = 0; i < n; i++)
	{
		if (i > 0)
			*p++ = '\0';
		memcpy(p, v[i].s, v[i].len);
		p += v[i].len;
	}
	*outlen = (size_t) (p - *out);
	a->free(a->ctx, v);
	return 0;
}


const char *
fl_state_controller(const char *state, size_t len, size_t *outlen)
{
	if (len == 0 || state[0] == FL_KIND_UNKNOWN)
	{
		*outlen = 0;
		return NULL;
	}
	if (state[0] == FL_KIND_CONTESTED)
	{
		*outlen = 9;
		return "contested";
	}
	*outlen = len - 1;
	return state + 1;
}

int
fl_state_is(const char *state, size_t len, const char *name, size_t namelen)
{
	size_t		cl;
	const char *c = fl_state_controller(state, len, &cl);

	return c != NULL && cl == namelen && memcmp(c, name, namelen) == 0;
}

