/*
 * fl_codec.c — binary send/recv of a control_history.  Pure C.  See
 * fl_codec.h.
 */
#include "fl_codec.h"

/* ---------------------------------------------------------------- binary */

static int
ob_be32(fl_buf *o, uint32_t v, fl_error *err)
{
	unsigned char b[4] = {(unsigned char) (v >> 24), (unsigned char) (v >> 16),
	(unsigned char) (v >> 8), (unsigned char) v};

	return fl_buf_put(o, b, 4, err);
}

static int
ob_be64(fl_buf *o, uint64_t v, fl_error *err)
{
	if (ob_be32(o, (uint32_t) (v >> 32), err))
		return -1;
	return ob_be32(o, (uint32_t) v, err);
}

unsigned char *
fl_send(const fl_allocator *a, const fl_view *v, size_t *outlen, fl_error *err)
{
	fl_buf		o;
	unsigned char ver = FL_FORMAT_VERSION;

	fl_buf_init(&o, a);

	if (fl_buf_put(&o, &ver, 1, err) || ob_be32(&o, v->n, err))
		goto fail;
	for (uint32_t i = 0; i < v->n; i++)
	{
		const char *st;
		size_t		sl;
		FL_CHECK_INTERRUPTS();

		fl_view_state(v, fl_view_sidx(v, i), &st, &sl);
		if (ob_be64(&o, (uint64_t) fl_view_instant(v, i), err) || fl_buf_put(&o, st, 1, err))
			goto fail;
		if (st[0] == FL_KIND_ACTOR)
		{
			if (ob_be32(&o, (uint32_t) (sl - 1), err) || fl_buf_put(&o, st + 1, sl - 1, err))
				goto fail;
		}
		else if (st[0] == FL_KIND_CONTESTED)
		{
			uint32_t	cnt = 0;
			size_t		pos;

			for (pos = 1; pos < sl; pos++)
				if (st[pos] == '\0')
					cnt++;
			if (sl > 1)
				cnt++;
			if (ob_be32(&o, cnt, err))
				goto fail;
			pos = 1;
			while (pos < sl)
			{
				size_t		e = pos;

				while (e < sl && st[e] != '\0')
					e++;
				if (ob_be32(&o, (uint32_t) (e - pos), err) || fl_buf_put(&o, st + pos, e - pos, err))
					goto fail;
				pos = e + 1;
			}
		}
	}
	*outlen = o.len;
	return (unsigned char *) o.data;
fail:
	fl_buf_free(&o);
	return NULL;
}

static uint32_t
rd_be32(const unsigned char *p)
{
	return ((uint32_t) p[0] << 24) | ((uint32_t) p[1] << 16) | ((uint32_t) p[2] << 8) | p[3];
}

int
fl_recv(fl_builder *b, const unsigned char *p, size_t len, fl_error *err)
{
	size_t		pos = 0;
	uint32_t	n;
	const fl_allocator *a = b->a;

#define NEED(k) do { if (len - pos < (size_t) (k)) \
		return fl_seterr(err, FL_EBINARY, "truncated control_history binary value at byte %zu", pos); } while (0)

	NEED(5);
	if (p[0] != FL_FORMAT_VERSION)
		return fl_seterr(err, FL_EBINARY, "unsupported control_history binary format version %d", p[0]);
	n = rd_be32(p + 1);
	pos = 5;
	if (n > (uint32_t) FL_MAX_ENTRIES)
		return fl_seterr(err, FL_ELIMIT, "control_history binary value claims %u transitions", n);
	for (uint32_t i = 0; i < n; i++)
	{
		int64_t		t;
		unsigned char kind;
		int64_t		sidx;
		FL_CHECK_INTERRUPTS();

		NEED(9);
		t = (int64_t) (((uint64_t) rd_be32(p + pos) << 32) | rd_be32(p + pos + 4));
		kind = p[pos + 8];
		pos += 9;
		if (t < FL_MIN_INSTANT || t > FL_MAX_INSTANT)
			return fl_seterr(err, FL_ETIME, "control_history binary value has an instant out of range (entry %u)", i);
		if (kind == FL_KIND_UNKNOWN)
		{
			char		u = FL_KIND_UNKNOWN;

			sidx = fl_builder_intern(b, &u, 1, err);
		}
		else if (kind == FL_KIND_ACTOR)
		{
			uint32_t	l;
			char	   *st;

			NEED(4);
			l = rd_be32(p + pos);
			pos += 4;
			NEED(l);
			if (fl_check_name((const char *) p + pos, l, err))
				return -1;
			st = a->alloc(a->ctx, (size_t) l + 1);
			if (!st)
				return fl_seterr(err, FL_ENOMEM, "out of memory");
			st[0] = FL_KIND_ACTOR;
			memcpy(st + 1, p + pos, l);
			pos += l;
			sidx = fl_builder_intern(b, st, (size_t) l + 1, err);
			a->free(a->ctx, st);
		}
		else if (kind == FL_KIND_CONTESTED)
		{
			uint32_t	cnt;
			const char **names;
			size_t	   *lens;
			char	   *st;
			size_t		sl;
			int			rc;

			NEED(4);
			cnt = rd_be32(p + pos);
			pos += 4;
			if (cnt > FL_MAX_CONTENDERS || cnt > (len - pos) / 4)
				return fl_seterr(err, FL_EBINARY, "control_history binary value has an invalid contender count %u", cnt);
			names = a->alloc(a->ctx, (cnt ? cnt : 1) * sizeof(char *));
			lens = a->alloc(a->ctx, (cnt ? cnt : 1) * sizeof(size_t));
			if (!names || !lens)
				return fl_seterr(err, FL_ENOMEM, "out of memory");
			for (uint32_t k = 0; k < cnt; k++)
			{
				uint32_t	l;

				if (len - pos < 4 || len - pos - 4 < rd_be32(p + pos))
				{
					a->free(a->ctx, names);
					a->free(a->ctx, lens);
					return fl_seterr(err, FL_EBINARY, "truncated control_history binary value at byte %zu", pos);
				}
				l = rd_be32(p + pos);
				pos += 4;
				names[k] = (const char *) p + pos;
				lens[k] = l;
				pos += l;
			}
			rc = fl_make_contested(a, names, lens, cnt, &st, &sl, err);
			a->free(a->ctx, names);
			a->free(a->ctx, lens);
			if (rc)
				return -1;
			sidx = fl_builder_intern(b, st, sl, err);
			a->free(a->ctx, st);
		}
		else
			return fl_seterr(err, FL_EBINARY, "control_history binary value has an unknown state kind %d", kind);
		if (sidx < 0)
			return -1;
		if (b->n > 0 && t <= b->t[b->n - 1])
			return fl_seterr(err, FL_EORDER, "control_history binary value: instants are not strictly increasing (entry %u)", i);
		if (fl_builder_push(b, t, (uint32_t) sidx, err))
			return -1;
	}
	if (pos != len)
		return fl_seterr(err, FL_EBINARY, "control_history binary value has %zu trailing bytes", len - pos);
#undef NEED
	return fl_builder_canonicalize(b, 0, err);
}

