/*
 * fl_text.c — the control_history literal: instants, names, states.
 * Pure C: no postgres.h.  The syntax is documented in docs/control_history.md.
 *
 *   {2021-08-14T19:30:00Z=Taliban, 2021-08-15T00:00:00Z=contested(Taliban,"Afghan government")}
 */
#include "fl_core.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define USECS_PER_DAY INT64_C(86400000000)
#define UNIX_TO_PG_DAYS 10957	/* 1970-01-01 .. 2000-01-01 */

/* ---------------------------------------------------------------- calendar */

/* days since 1970-01-01 of a proleptic Gregorian date (era-based arithmetic) */
static int64_t
days_from_ymd(int64_t y, int m, int d)
{
	int64_t		era,
				yoe,
				doy,
				doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

static void
ymd_from_days(int64_t z, int64_t *y, int *m, int *d)
{
	int64_t		era,
				doe,
				yoe,
				doy,
				mp;

	z += 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	*d = (int) (doy - (153 * mp + 2) / 5 + 1);
	*m = (int) (mp < 10 ? mp + 3 : mp - 9);
	*y = yoe + era * 400 + (*m <= 2);
}

static int
days_in_month(int64_t y, int m)
{
	static const int dm[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};

	if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
		return 29;
	return dm[m - 1];
}

static int
digits(const char *s, size_t len, size_t pos, int n, int *out)
{
	int			v = 0;

	if (len - pos < (size_t) n || pos > len)
		return -1;
	for (int i = 0; i < n; i++)
	{
		char		c = s[pos + i];

		if (c < '0' || c > '9')
			return -1;
		v = v * 10 + (c - '0');
	}
	*out = v;
	return 0;
}

size_t
fl_parse_instant(const char *s, size_t len, int64_t *out, fl_error *err)
{
	int			y,
				mo,
				d,
				h,
				mi,
				se = 0,
				oh = 0,
				om = 0,
				sign = 0;
	int64_t		frac = 0;
	size_t		p = 0;
	int64_t		t;

#define BAD(what) do { fl_seterr(err, FL_ETIME, "invalid instant \"%.*s\": %s", \
		(int) (len - p > 40 ? 40 : len), s, what); return 0; } while (0)

	if (digits(s, len, p, 4, &y) || len - p < 5 || s[p + 4] != '-')
		BAD("expected YYYY-MM-DD");
	p += 5;
	if (digits(s, len, p, 2, &mo) || len - p < 3 || s[p + 2] != '-')
		BAD("expected YYYY-MM-DD");
	p += 3;
	if (digits(s, len, p, 2, &d))
		BAD("expected YYYY-MM-DD");
	p += 2;
	if (y < 1 || mo < 1 || mo > 12 || d < 1 || d > days_in_month(y, mo))
		BAD("date out of range (years 0001..9999)");
	if (p >= len || (s[p] != 'T' && s[p] != 't' && s[p] != ' '))
		BAD("expected a time after the date (YYYY-MM-DDTHH:MM[:SS[.ffffff]] and a UTC offset)");
	p++;
	if (digits(s, len, p, 2, &h) || len - p < 5 || s[p + 2] != ':' || digits(s, len, p + 3, 2, &mi))
		BAD("expected HH:MM");
	p += 5;
	if (p < len && s[p] == ':')
	{
		if (digits(s, len, p + 1, 2, &se))
			BAD("expected seconds as SS");
		p += 3;
		if (p < len && s[p] == '.')
		{
			int			nd = 0;

			p++;
			while (p < len && s[p] >= '0' && s[p] <= '9')
			{
				if (++nd > 6)
					BAD("more than 6 fractional digits (microseconds are the resolution)");
				frac = frac * 10 + (s[p] - '0');
				p++;
			}
			if (nd == 0)
				BAD("expected digits after the decimal point");
			for (; nd < 6; nd++)
				frac *= 10;
		}
	}
	if (h > 23 || mi > 59 || se > 59)
		BAD("time out of range");
	if (p < len && (s[p] == 'Z' || s[p] == 'z'))
		p++;
	else if (p < len && (s[p] == '+' || s[p] == '-'))
	{
		sign = s[p] == '-' ? -1 : 1;
		p++;
		if (digits(s, len, p, 2, &oh))
			BAD("expected a UTC offset as +HH[:MM]");
		p += 2;
		if (p < len && s[p] == ':')
		{
			if (digits(s, len, p + 1, 2, &om))
				BAD("expected a UTC offset as +HH:MM");
			p += 3;
		}
		else if (p + 1 < len && s[p] >= '0' && s[p] <= '9')
		{
			if (digits(s, len, p, 2, &om))
				BAD("expected a UTC offset as +HHMM");
			p += 2;
		}
		if (oh > 15 || om > 59)
			BAD("UTC offset out of range");
	}
	else
		BAD("a UTC offset is required (Z, +HH:MM or -HH:MM)");

	t = (days_from_ymd(y, mo, d) - UNIX_TO_PG_DAYS) * USECS_PER_DAY
		+ ((int64_t) h * 3600 + mi * 60 + se) * INT64_C(1000000) + frac
		- (int64_t) sign * ((int64_t) oh * 3600 + om * 60) * INT64_C(1000000);
	if (t < FL_MIN_INSTANT || t > FL_MAX_INSTANT)
		BAD("instant out of range (years 0001..9999 UTC)");
#undef BAD
	*out = t;
	return p;
}

int
fl_format_instant(int64_t t, char *buf)
{
	int64_t		days = t / USECS_PER_DAY,
				rem = t % USECS_PER_DAY,
				y;
	int			m,
				d,
				n;
	int64_t		secs,
				us;

	if (rem < 0)
	{
		rem += USECS_PER_DAY;
		days--;
	}
	ymd_from_days(days + UNIX_TO_PG_DAYS, &y, &m, &d);
	secs = rem / 1000000;
	us = rem % 1000000;
	n = snprintf(buf, 32, "%04d-%02d-%02dT%02d:%02d:%02d", (int) y, m, d,
				 (int) (secs / 3600), (int) (secs / 60 % 60), (int) (secs % 60));
	if (us)
	{
		int			nd = 6;

		while (us % 10 == 0)
		{
			us /= 10;
			nd--;
		}
		n += snprintf(buf + n, 32 - (size_t) n, ".%0*d", nd, (int) us);
	}
	buf[n++] = 'Z';
	buf[n] = '\0';
	return n;
}

/* ---------------------------------------------------------------- names */

static int
ieq(const char *s, size_t len, const char *word)
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
	if (ieq(s, len, "contested") || ieq(s, len, "unknown"))
		return fl_seterr(err, FL_EVALUE, "\"%.*s\" is a reserved word, not an actor name", (int) len, s);
	return 0;
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

/* ---------------------------------------------------------------- parser */

typedef struct parser
{
	const fl_allocator *a;
	const char *s;
	size_t		len,
				pos;
	fl_error   *err;
	/* scratch for a decoded name */
	char	   *buf;
	size_t		buflen,
				bufcap;
} parser;

static int
is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

static int
is_special(unsigned char c)
{
	return c <= 0x20 || c == 0x7f || c == '{' || c == '}' || c == '(' || c == ')' ||
		c == ',' || c == '=' || c == '"' || c == '\\';
}

static void
skip_ws(parser *ps)
{
	while (ps->pos < ps->len && is_space(ps->s[ps->pos]))
		ps->pos++;
}

static int
syntax(parser *ps, const char *what)
{
	size_t		show = ps->len - ps->pos > 30 ? 30 : ps->len - ps->pos;

	if (ps->pos >= ps->len)
		return fl_seterr(ps->err, FL_ESYNTAX, "malformed control_history literal: %s at end of input", what);
	return fl_seterr(ps->err, FL_ESYNTAX, "malformed control_history literal: %s at position %zu, near \"%.*s\"",
					 what, ps->pos + 1, (int) show, ps->s + ps->pos);
}

static int
buf_put(parser *ps, const char *src, size_t n)
{
	if (ps->buflen + n > ps->bufcap)
	{
		size_t		nc = ps->bufcap ? ps->bufcap * 2 : 64;
		char	   *nb;

		while (nc < ps->buflen + n)
			nc *= 2;
		nb = ps->buf ? ps->a->realloc(ps->a->ctx, ps->buf, nc) : ps->a->alloc(ps->a->ctx, nc);
		if (!nb)
			return fl_seterr(ps->err, FL_ENOMEM, "out of memory");
		ps->buf = nb;
		ps->bufcap = nc;
	}
	memcpy(ps->buf + ps->buflen, src, n);
	ps->buflen += n;
	return 0;
}

/* read a bare or quoted name into ps->buf (replacing it); *quoted set */
static int
read_name(parser *ps, int *quoted)
{
	ps->buflen = 0;
	*quoted = 0;
	if (ps->pos < ps->len && ps->s[ps->pos] == '"')
	{
		*quoted = 1;
		ps->pos++;
		for (;;)
		{
			char		c;

			if (ps->pos >= ps->len)
				return syntax(ps, "unterminated quoted name");
			c = ps->s[ps->pos];
			if (c == '"')
			{
				ps->pos++;
				break;
			}
			if (c == '\\')
			{
				if (ps->pos + 1 >= ps->len)
					return syntax(ps, "unterminated quoted name");
				c = ps->s[ps->pos + 1];
				if (c != '"' && c != '\\')
					return syntax(ps, "only \\\" and \\\\ are allowed escapes");
				ps->pos++;
			}
			if (ps->buflen >= FL_MAX_NAME_BYTES + 1)
				return fl_seterr(ps->err, FL_EVALUE, "actor name longer than %d bytes at position %zu",
								 FL_MAX_NAME_BYTES, ps->pos + 1);
			if (buf_put(ps, &c, 1))
				return -1;
			ps->pos++;
		}
		return 0;
	}
	{
		size_t		st = ps->pos;

		while (ps->pos < ps->len && !is_special((unsigned char) ps->s[ps->pos]))
			ps->pos++;
		if (ps->pos == st)
			return syntax(ps, "expected a state (an actor name, contested or unknown)");
		return buf_put(ps, ps->s + st, ps->pos - st);
	}
}

/* after "contested(": names separated by commas, then ')' */
static int
read_contenders(parser *ps, char **out, size_t *outlen)
{
	/* collect names into a growing concatenation with offsets */
	size_t		cap = 8,
				n = 0;
	size_t	   *offs = NULL,
			   *lens = NULL;
	char	   *all = NULL;
	size_t		alllen = 0,
				allcap = 0;
	const char **names = NULL;
	int			rc = -1;
	const fl_allocator *a = ps->a;

	offs = a->alloc(a->ctx, cap * sizeof(size_t));
	lens = a->alloc(a->ctx, cap * sizeof(size_t));
	if (!offs || !lens)
	{
		fl_seterr(ps->err, FL_ENOMEM, "out of memory");
		goto done;
	}
	for (;;)
	{
		int			quoted;

		skip_ws(ps);
		if (read_name(ps, &quoted))
			goto done;
		if (n == cap)
		{
			size_t	   *no,
					   *nl;

			if (cap >= FL_MAX_CONTENDERS)
			{
				fl_seterr(ps->err, FL_ELIMIT, "contested has more than %d contenders", FL_MAX_CONTENDERS);
				goto done;
			}
			cap *= 2;
			no = a->realloc(a->ctx, offs, cap * sizeof(size_t));
			if (no)
				offs = no;
			nl = a->realloc(a->ctx, lens, cap * sizeof(size_t));
			if (nl)
				lens = nl;
			if (!no || !nl)
			{
				fl_seterr(ps->err, FL_ENOMEM, "out of memory");
				goto done;
			}
		}
		if (alllen + ps->buflen + 1 > allcap)
		{
			size_t		nc = allcap ? allcap * 2 : 128;
			char	   *na;

			while (nc < alllen + ps->buflen + 1)
				nc *= 2;
			na = all ? a->realloc(a->ctx, all, nc) : a->alloc(a->ctx, nc);
			if (!na)
			{
				fl_seterr(ps->err, FL_ENOMEM, "out of memory");
				goto done;
			}
			all = na;
			allcap = nc;
		}
		offs[n] = alllen;
		lens[n] = ps->buflen;
		memcpy(all + alllen, ps->buf, ps->buflen);
		alllen += ps->buflen;
		n++;
		skip_ws(ps);
		if (ps->pos < ps->len && ps->s[ps->pos] == ',')
		{
			ps->pos++;
			continue;
		}
		if (ps->pos < ps->len && ps->s[ps->pos] == ')')
		{
			ps->pos++;
			break;
		}
		syntax(ps, "expected \",\" or \")\" in the contender list");
		goto done;
	}
	names = a->alloc(a->ctx, n * sizeof(char *));
	if (!names)
	{
		fl_seterr(ps->err, FL_ENOMEM, "out of memory");
		goto done;
	}
	for (size_t i = 0; i < n; i++)
		names[i] = all + offs[i];
	rc = fl_make_contested(a, names, lens, n, out, outlen, ps->err);
done:
	if (offs)
		a->free(a->ctx, offs);
	if (lens)
		a->free(a->ctx, lens);
	if (all)
		a->free(a->ctx, all);
	if (names)
		a->free(a->ctx, names);
	return rc;
}

/* parse one state at ps->pos; serialized state into *out */
static int
read_state(parser *ps, char **out, size_t *outlen)
{
	int			quoted;
	const fl_allocator *a = ps->a;

	if (read_name(ps, &quoted))
		return -1;
	if (!quoted && ieq(ps->buf, ps->buflen, "unknown"))
	{
		*out = a->alloc(a->ctx, 1);
		if (!*out)
			return fl_seterr(ps->err, FL_ENOMEM, "out of memory");
		(*out)[0] = FL_KIND_UNKNOWN;
		*outlen = 1;
		return 0;
	}
	if (!quoted && ieq(ps->buf, ps->buflen, "contested"))
	{
		skip_ws(ps);
		if (ps->pos < ps->len && ps->s[ps->pos] == '(')
		{
			ps->pos++;
			return read_contenders(ps, out, outlen);
		}
		return fl_make_contested(a, NULL, NULL, 0, out, outlen, ps->err);
	}
	if (fl_check_name(ps->buf, ps->buflen, ps->err))
		return -1;
	*out = a->alloc(a->ctx, ps->buflen + 1);
	if (!*out)
		return fl_seterr(ps->err, FL_ENOMEM, "out of memory");
	(*out)[0] = FL_KIND_ACTOR;
	memcpy(*out + 1, ps->buf, ps->buflen);
	*outlen = ps->buflen + 1;
	return 0;
}

int
fl_parse_history(fl_builder *b, const char *s, size_t len, fl_error *err)
{
	parser		ps = {b->a, s, len, 0, err, NULL, 0, 0};
	int			rc = -1;

	skip_ws(&ps);
	if (ps.pos >= ps.len || s[ps.pos] != '{')
	{
		syntax(&ps, "expected \"{\"");
		goto done;
	}
	ps.pos++;
	skip_ws(&ps);
	if (ps.pos < ps.len && s[ps.pos] == '}')
		ps.pos++;
	else
	{
		for (;;)
		{
			int64_t		t;
			size_t		used;
			char	   *st;
			size_t		sl;
			int64_t		sidx;
			FL_CHECK_INTERRUPTS();

			skip_ws(&ps);
			if (ps.pos >= ps.len)
			{
				syntax(&ps, "expected an instant or \"}\"");
				goto done;
			}
			used = fl_parse_instant(s + ps.pos, len - ps.pos, &t, err);
			if (used == 0)
			{
				/* say where */
				char		m[sizeof(err->msg)];

				memcpy(m, err->msg, sizeof(m));
				snprintf(err->msg, sizeof(err->msg), "%.200s (at position %zu)", m, ps.pos + 1);
				goto done;
			}
			ps.pos += used;
			skip_ws(&ps);
			if (ps.pos >= ps.len || s[ps.pos] != '=')
			{
				syntax(&ps, "expected \"=\" after the instant");
				goto done;
			}
			ps.pos++;
			skip_ws(&ps);
			if (read_state(&ps, &st, &sl))
				goto done;
			sidx = fl_builder_intern(b, st, sl, err);
			b->a->free(b->a->ctx, st);
			if (sidx < 0)
				goto done;
			if (b->n > 0 && t <= b->t[b->n - 1])
			{
				char		buf[32];

				fl_format_instant(t, buf);
				fl_seterr(err, FL_EORDER, "instants must be strictly increasing: %s (at position %zu) is not after the previous instant",
						  buf, ps.pos);
				goto done;
			}
			if (fl_builder_push(b, t, (uint32_t) sidx, err))
				goto done;
			skip_ws(&ps);
			if (ps.pos < ps.len && s[ps.pos] == ',')
			{
				ps.pos++;
				continue;
			}
			if (ps.pos < ps.len && s[ps.pos] == '}')
			{
				ps.pos++;
				break;
			}
			syntax(&ps, "expected \",\" or \"}\"");
			goto done;
		}
	}
	skip_ws(&ps);
	if (ps.pos != ps.len)
	{
		syntax(&ps, "unexpected text after \"}\"");
		goto done;
	}
	rc = fl_builder_canonicalize(b, 0, err);
done:
	if (ps.buf)
		b->a->free(b->a->ctx, ps.buf);
	return rc;
}

int
fl_parse_state_value(const fl_allocator *a, const char *s, size_t len,
					 char **out, size_t *outlen, fl_error *err)
{
	if (s == NULL || ieq(s, len, "unknown"))
	{
		*out = a->alloc(a->ctx, 1);
		if (!*out)
			return fl_seterr(err, FL_ENOMEM, "out of memory");
		(*out)[0] = FL_KIND_UNKNOWN;
		*outlen = 1;
		return 0;
	}
	if (ieq(s, len, "contested"))
		return fl_make_contested(a, NULL, NULL, 0, out, outlen, err);
	if (len >= 10 && ieq(s, 10, "contested("))
	{
		parser		ps = {a, s, len, 10, err, NULL, 0, 0};
		int			rc = read_contenders(&ps, out, outlen);

		if (rc == 0)
		{
			skip_ws(&ps);
			if (ps.pos != ps.len)
			{
				a->free(a->ctx, *out);
				rc = syntax(&ps, "unexpected text after the contender list");
			}
		}
		if (ps.buf)
			a->free(a->ctx, ps.buf);
		return rc;
	}
	if (fl_check_name(s, len, err))
		return -1;
	*out = a->alloc(a->ctx, len + 1);
	if (!*out)
		return fl_seterr(err, FL_ENOMEM, "out of memory");
	(*out)[0] = FL_KIND_ACTOR;
	memcpy(*out + 1, s, len);
	*outlen = len + 1;
	return 0;
}

/* ---------------------------------------------------------------- printer */

static int
needs_quotes(const char *s, size_t len)
{
	if (len == 0 || ieq(s, len, "contested") || ieq(s, len, "unknown"))
		return 1;
	for (size_t i = 0; i < len; i++)
		if (is_special((unsigned char) s[i]))
			return 1;
	return 0;
}

static int
ob_name(const fl_allocator *a, char **p, size_t *len, size_t *cap, const char *s, size_t n, fl_error *err);

static int
ob_raw(const fl_allocator *a, char **p, size_t *len, size_t *cap, const char *s, size_t n, fl_error *err)
{
	if (*len + n + 1 > *cap)
	{
		size_t		nc = *cap ? *cap * 2 : 128;
		char	   *np;

		while (nc < *len + n + 1)
			nc *= 2;
		np = *p ? a->realloc(a->ctx, *p, nc) : a->alloc(a->ctx, nc);
		if (!np)
			return fl_seterr(err, FL_ENOMEM, "out of memory printing control_history");
		*p = np;
		*cap = nc;
	}
	memcpy(*p + *len, s, n);
	*len += n;
	(*p)[*len] = '\0';
	return 0;
}

static int
ob_name(const fl_allocator *a, char **p, size_t *len, size_t *cap, const char *s, size_t n, fl_error *err)
{
	if (!needs_quotes(s, n))
		return ob_raw(a, p, len, cap, s, n, err);
	if (ob_raw(a, p, len, cap, "\"", 1, err))
		return -1;
	for (size_t i = 0; i < n; i++)
	{
		FL_CHECK_INTERRUPTS();
		if ((s[i] == '"' || s[i] == '\\') && ob_raw(a, p, len, cap, "\\", 1, err))
			return -1;
		if (ob_raw(a, p, len, cap, s + i, 1, err))
			return -1;
	}
	return ob_raw(a, p, len, cap, "\"", 1, err);
}

static int
ob_state(const fl_allocator *a, char **p, size_t *len, size_t *cap, const char *st, size_t sl, fl_error *err)
{
	if (sl == 0 || st[0] == FL_KIND_UNKNOWN)
		return ob_raw(a, p, len, cap, "unknown", 7, err);
	if (st[0] == FL_KIND_ACTOR)
		return ob_name(a, p, len, cap, st + 1, sl - 1, err);
	if (ob_raw(a, p, len, cap, "contested", 9, err))
		return -1;
	if (sl > 1)
	{
		size_t		pos = 1;

		if (ob_raw(a, p, len, cap, "(", 1, err))
			return -1;
		while (pos < sl)
		{
			size_t		e = pos;

			while (e < sl && st[e] != '\0')
				e++;
			if (pos > 1 && ob_raw(a, p, len, cap, ",", 1, err))
				return -1;
			if (ob_name(a, p, len, cap, st + pos, e - pos, err))
				return -1;
			pos = e + 1;
		}
		if (ob_raw(a, p, len, cap, ")", 1, err))
			return -1;
	}
	return 0;
}

char *
fl_print_state(const fl_allocator *a, const char *state, size_t len, size_t *outlen, fl_error *err)
{
	char	   *p = NULL;
	size_t		l = 0,
				cap = 0;

	if (ob_raw(a, &p, &l, &cap, "", 0, err) || ob_state(a, &p, &l, &cap, state, len, err))
	{
		if (p)
			a->free(a->ctx, p);
		return NULL;
	}
	*outlen = l;
	return p;
}

char *
fl_print_history(const fl_allocator *a, const fl_view *v, size_t *outlen, fl_error *err)
{
	char	   *p = NULL;
	size_t		l = 0,
				cap = 0;

	if (ob_raw(a, &p, &l, &cap, "{", 1, err))
		return NULL;
	for (uint32_t i = 0; i < v->n; i++)
	{
		char		buf[40];
		int			n = fl_format_instant(fl_view_instant(v, i), buf);
		const char *st;
		size_t		sl;
		FL_CHECK_INTERRUPTS();

		buf[n++] = '=';
		if ((i > 0 && ob_raw(a, &p, &l, &cap, ", ", 2, err)) ||
			ob_raw(a, &p, &l, &cap, buf, (size_t) n, err))
			goto fail;
		fl_view_state(v, fl_view_sidx(v, i), &st, &sl);
		if (ob_state(a, &p, &l, &cap, st, sl, err))
			goto fail;
	}
	if (ob_raw(a, &p, &l, &cap, "}", 1, err))
		goto fail;
	*outlen = l;
	return p;
fail:
	if (p)
		a->free(a->ctx, p);
	return NULL;
}
