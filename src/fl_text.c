/*
 * fl_text.c — the control_history literal: parser and printer.  Pure C.
 * See fl_text.h.
 */
#include "fl_text.h"

#include <stdio.h>
#include <stdlib.h>

/* ---------------------------------------------------------------- parser */

typedef struct parser
{
	const fl_allocator *a;
	const char *s;
	size_t		len,
				pos;
	fl_error   *err;
	fl_buf		name;			/* scratch for a decoded name */
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
		fl_seterr(ps->err, FL_ESYNTAX, "malformed control_history literal: %s at end of input", what);
	else
		fl_seterr(ps->err, FL_ESYNTAX, "malformed control_history literal: %s at position %zu, near \"%.*s\"",
				  what, ps->pos + 1, (int) show, ps->s + ps->pos);
	return fl_errhint(ps->err, "For example: {2021-08-15T00:00:00Z=Taliban, 2021-08-16T00:00:00Z=contested}.");
}

static int
buf_put(parser *ps, const char *src, size_t n)
{
	return fl_buf_put(&ps->name, src, n, ps->err);
}

/* read a bare or quoted name into ps->buf (replacing it); *quoted set */
static int
read_name(parser *ps, int *quoted)
{
	ps->name.len = 0;
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
			if (ps->name.len >= FL_MAX_NAME_BYTES + 1)
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
	/* the names, concatenated, with their offsets and lengths */
	size_t		n = 0,
				cap = 0,
				lcap = 0;
	size_t	   *offs = NULL,
			   *lens = NULL;
	fl_buf		all;
	const char **names = NULL;
	int			rc = -1;
	const fl_allocator *a = ps->a;

	fl_buf_init(&all, a);
	for (;;)
	{
		int			quoted;

		FL_CHECK_INTERRUPTS();
		skip_ws(ps);
		if (read_name(ps, &quoted))
			goto done;
		if (n >= FL_MAX_CONTENDERS)
		{
			fl_seterr(ps->err, FL_ELIMIT, "contested has more than %d contenders", FL_MAX_CONTENDERS);
			goto done;
		}
		if (fl_grow(a, (void **) &offs, &cap, n + 1, sizeof(size_t), ps->err) ||
			fl_grow(a, (void **) &lens, &lcap, n + 1, sizeof(size_t), ps->err))
			goto done;
		offs[n] = all.len;
		lens[n] = ps->name.len;
		if (fl_buf_put(&all, ps->name.data, ps->name.len, ps->err))
			goto done;
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
		names[i] = all.data + offs[i];
	rc = fl_make_contested(a, names, lens, n, out, outlen, ps->err);
done:
	if (offs)
		a->free(a->ctx, offs);
	if (lens)
		a->free(a->ctx, lens);
	fl_buf_free(&all);
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
	if (!quoted && fl_ieq(ps->name.data, ps->name.len, "unknown"))
	{
		*out = a->alloc(a->ctx, 1);
		if (!*out)
			return fl_seterr(ps->err, FL_ENOMEM, "out of memory");
		(*out)[0] = FL_KIND_UNKNOWN;
		*outlen = 1;
		return 0;
	}
	if (!quoted && fl_ieq(ps->name.data, ps->name.len, "contested"))
	{
		skip_ws(ps);
		if (ps->pos < ps->len && ps->s[ps->pos] == '(')
		{
			ps->pos++;
			return read_contenders(ps, out, outlen);
		}
		return fl_make_contested(a, NULL, NULL, 0, out, outlen, ps->err);
	}
	if (fl_check_name(ps->name.data, ps->name.len, ps->err))
		return -1;
	*out = a->alloc(a->ctx, ps->name.len + 1);
	if (!*out)
		return fl_seterr(ps->err, FL_ENOMEM, "out of memory");
	(*out)[0] = FL_KIND_ACTOR;
	memcpy(*out + 1, ps->name.data, ps->name.len);
	*outlen = ps->name.len + 1;
	return 0;
}

int
fl_parse_history(fl_builder *b, const char *s, size_t len, fl_error *err)
{
	parser		ps = {b->a, s, len, 0, err, {b->a, NULL, 0, 0}};
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
			size_t		tpos;

			FL_CHECK_INTERRUPTS();

			skip_ws(&ps);
			if (ps.pos >= ps.len)
			{
				syntax(&ps, "expected an instant or \"}\"");
				goto done;
			}
			tpos = ps.pos;
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
				char		buf[32],
							prev[32];

				fl_format_instant(t, buf);
				fl_format_instant(b->t[b->n - 1], prev);
				fl_seterr(err, FL_EORDER, "instants must be strictly increasing: %s (at position %zu) is not after the previous instant",
						  buf, tpos + 1);
				fl_errdetail(err, "The previous transition is at %s.", prev);
				fl_errhint(err, "Write the transitions in time order, one per instant; control_history_agg takes claims in any order.");
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
	fl_buf_free(&ps.name);
	return rc;
}

int
fl_parse_state_value(const fl_allocator *a, const char *s, size_t len,
					 char **out, size_t *outlen, fl_error *err)
{
	if (s == NULL || fl_ieq(s, len, "unknown"))
	{
		*out = a->alloc(a->ctx, 1);
		if (!*out)
			return fl_seterr(err, FL_ENOMEM, "out of memory");
		(*out)[0] = FL_KIND_UNKNOWN;
		*outlen = 1;
		return 0;
	}
	if (fl_ieq(s, len, "contested"))
		return fl_make_contested(a, NULL, NULL, 0, out, outlen, err);
	if (len >= 10 && fl_ieq(s, 10, "contested("))
	{
		parser		ps = {a, s, len, 10, err, {a, NULL, 0, 0}};
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
		fl_buf_free(&ps.name);
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
	if (len == 0 || fl_is_reserved(s, len))
		return 1;
	for (size_t i = 0; i < len; i++)
		if (is_special((unsigned char) s[i]))
			return 1;
	return 0;
}

static int
ob_raw(fl_buf *o, const char *s, size_t n, fl_error *err)
{
	return fl_buf_put(o, s, n, err);
}

static int
ob_name(fl_buf *o, const char *s, size_t n, fl_error *err)
{
	if (!needs_quotes(s, n))
		return ob_raw(o, s, n, err);
	if (ob_raw(o, "\"", 1, err))
		return -1;
	for (size_t i = 0; i < n; i++)
	{
		FL_CHECK_INTERRUPTS();
		if ((s[i] == '"' || s[i] == '\\') && ob_raw(o, "\\", 1, err))
			return -1;
		if (ob_raw(o, s + i, 1, err))
			return -1;
	}
	return ob_raw(o, "\"", 1, err);
}

static int
ob_state(fl_buf *o, const char *st, size_t sl, fl_error *err)
{
	if (sl == 0 || st[0] == FL_KIND_UNKNOWN)
		return ob_raw(o, "unknown", 7, err);
	if (st[0] == FL_KIND_ACTOR)
		return ob_name(o, st + 1, sl - 1, err);
	if (ob_raw(o, "contested", 9, err))
		return -1;
	if (sl > 1)
	{
		size_t		pos = 1;

		if (ob_raw(o, "(", 1, err))
			return -1;
		while (pos < sl)
		{
			size_t		e = pos;

			while (e < sl && st[e] != '\0')
				e++;
			if (pos > 1 && ob_raw(o, ",", 1, err))
				return -1;
			if (ob_name(o, st + pos, e - pos, err))
				return -1;
			pos = e + 1;
		}
		if (ob_raw(o, ")", 1, err))
			return -1;
	}
	return 0;
}

char *
fl_print_state(const fl_allocator *a, const char *state, size_t len, size_t *outlen, fl_error *err)
{
	fl_buf		o;

	fl_buf_init(&o, a);
	if (ob_raw(&o, "", 0, err) || ob_state(&o, state, len, err))
	{
		fl_buf_free(&o);
		return NULL;
	}
	*outlen = o.len;
	return o.data;
}

char *
fl_print_history(const fl_allocator *a, const fl_view *v, size_t *outlen, fl_error *err)
{
	fl_buf		o;

	fl_buf_init(&o, a);
	if (ob_raw(&o, "{", 1, err))
		goto fail;
	for (uint32_t i = 0; i < v->n; i++)
	{
		char		buf[40];
		int			n = fl_format_instant(fl_view_instant(v, i), buf);
		const char *st;
		size_t		sl;

		FL_CHECK_INTERRUPTS();
		buf[n++] = '=';
		if ((i > 0 && ob_raw(&o, ", ", 2, err)) ||
			ob_raw(&o, buf, (size_t) n, err))
			goto fail;
		fl_view_state(v, fl_view_sidx(v, i), &st, &sl);
		if (ob_state(&o, st, sl, err))
			goto fail;
	}
	if (ob_raw(&o, "}", 1, err))
		goto fail;
	*outlen = o.len;
	return o.data;
fail:
	fl_buf_free(&o);
	return NULL;
}
