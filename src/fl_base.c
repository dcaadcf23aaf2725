/*
 * fl_base.c — errors, the malloc allocator and the growable array of the
 * pure-C core.  See fl_base.h.
 */
#include "fl_base.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

static void *
std_alloc(void *ctx, size_t size)
{
	(void) ctx;
	return malloc(size ? size : 1);
}

static void *
std_realloc(void *ctx, void *p, size_t size)
{
	(void) ctx;
	return realloc(p, size ? size : 1);
}

static void
std_free(void *ctx, void *p)
{
	(void) ctx;
	free(p);
}

const fl_allocator fl_std_allocator = {std_alloc, std_realloc, std_free, NULL};

void		(*fl_interrupt_hook) (void) = NULL;

#ifdef FL_ASSERTS
void
fl_assert_fail(const char *expr, const char *file, int line)
{
	fprintf(stderr, "frontline: assertion \"%s\" failed at %s:%d\n", expr, file, line);
	abort();
}
#endif

int
fl_seterr(fl_error *err, fl_errcode code, const char *fmt,...)
{
	va_list		ap;

	if (err)
	{
		err->code = code;
		va_start(ap, fmt);
		vsnprintf(err->msg, sizeof(err->msg), fmt, ap);
		va_end(ap);
		err->detail[0] = '\0';
		err->hint[0] = '\0';
	}
	return -1;
}

int
fl_errdetail(fl_error *err, const char *fmt,...)
{
	va_list		ap;

	if (err)
	{
		va_start(ap, fmt);
		vsnprintf(err->detail, sizeof(err->detail), fmt, ap);
		va_end(ap);
	}
	return -1;
}

int
fl_errhint(fl_error *err, const char *fmt,...)
{
	va_list		ap;

	if (err)
	{
		va_start(ap, fmt);
		vsnprintf(err->hint, sizeof(err->hint), fmt, ap);
		va_end(ap);
	}
	return -1;
}

int
fl_grow(const fl_allocator *a, void **p, size_t *cap, size_t need, size_t elem, fl_error *err)
{
	size_t		ncap;
	void	   *np;

	if (need <= *cap)
		return 0;
	ncap = *cap ? *cap : 16;
	while (ncap < need)
	{
		if (ncap > FL_MAX_ALLOC / elem / 2)
		{
			fl_seterr(err, FL_ELIMIT, "value is too large");
			return fl_errdetail(err, "%zu elements of %zu bytes exceed the limit of %zu bytes.",
								need, elem, FL_MAX_ALLOC);
		}
		ncap *= 2;
	}
	np = *p ? a->realloc(a->ctx, *p, ncap * elem) : a->alloc(a->ctx, ncap * elem);
	if (!np)
	{
		fl_seterr(err, FL_ENOMEM, "out of memory");
		return fl_errdetail(err, "Failed on request of size %zu.", ncap * elem);
	}
	*p = np;
	*cap = ncap;
	return 0;
}

int
fl_buf_put(fl_buf *b, const void *src, size_t n, fl_error *err)
{
	if (fl_grow(b->a, (void **) &b->data, &b->cap, b->len + n + 1, 1, err))
		return -1;
	if (n)
		memcpy(b->data + b->len, src, n);
	b->len += n;
	b->data[b->len] = '\0';
	return 0;
}

void
fl_buf_free(fl_buf *b)
{
	if (b->data)
		b->a->free(b->a->ctx, b->data);
	b->data = NULL;
	b->len = b->cap = 0;
}
