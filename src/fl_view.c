/*
 * fl_view.c — algorithms over one resolved history.  Pure C.  See
 * fl_view.h; unit tests in test/unit/test_view.c.
 */
#include "fl_view.h"

int
fl_view_same_controller(const fl_view *v, uint32_t i, uint32_t j)
{
	size_t		al,
				bl;
	const char *a = fl_view_controller(v, i, &al),
			   *b = fl_view_controller(v, j, &bl);

	return fl_same_controller(a, al, b, bl);
}

uint32_t
fl_view_tenure_start(const fl_view *v, uint32_t i)
{
	while (i > 0 && fl_view_same_controller(v, i, i - 1))
	{
		FL_CHECK_INTERRUPTS();
		i--;
	}
	return i;
}

uint32_t
fl_view_tenure_end(const fl_view *v, uint32_t i)
{
	uint32_t	j = i + 1;

	while (j < v->n && fl_view_same_controller(v, i, j))
	{
		FL_CHECK_INTERRUPTS();
		j++;
	}
	return j;
}

int
fl_view_next_tenure(const fl_view *v, uint32_t *pos, fl_tenure *out)
{
	uint32_t	i = *pos,
				j;

	if (i >= v->n)
		return 0;
	j = fl_view_tenure_end(v, i);
	out->controller = fl_view_controller(v, i, &out->len);
	out->from = fl_view_instant(v, i);
	out->open = j == v->n;
	out->to = out->open ? 0 : fl_view_instant(v, j);
	*pos = j;
	return 1;
}

int64_t
fl_view_first_held(const fl_view *v, const char *name, size_t len)
{
	for (uint32_t i = 0; i < v->n; i++)
	{
		const char *st;
		size_t		sl;

		FL_CHECK_INTERRUPTS();
		fl_view_state(v, fl_view_sidx(v, i), &st, &sl);
		if (fl_state_is(st, sl, name, len))
			return i;
	}
	return -1;
}

int
fl_view_time_held(const fl_view *v, const char *name, size_t len, fl_span span,
				  int64_t *total, fl_error *err)
{
	int64_t		sum = 0;

	for (uint32_t i = 0; i < v->n; i++)
	{
		const char *st;
		size_t		sl;
		int64_t		s = fl_view_instant(v, i),
					e;

		FL_CHECK_INTERRUPTS();
		fl_view_state(v, fl_view_sidx(v, i), &st, &sl);
		if (!fl_state_is(st, sl, name, len))
			continue;
		if (s < span.lo)
			s = span.lo;
		if (i + 1 == v->n)
		{
			if (span.hi == INT64_MAX)
			{
				fl_seterr(err, FL_EVALUE, "\"%.*s\" still holds the place at the end of the history, so the time held in an unbounded range is infinite",
						  (int) (len > 200 ? 200 : len), name);
				return fl_errhint(err, "Give the range a finite upper bound, e.g. tstzrange(lower, now()).");
			}
			e = span.hi;
		}
		else
		{
			e = fl_view_instant(v, i + 1);
			if (e > span.hi)
				e = span.hi;
		}
		if (e > s)
			sum += e - s;
	}
	*total = sum;
	return 0;
}

/*
 * Does entry i change the controller?  Its controller differs from entry
 * i - 1's (from nothing, NULL, for the first): the one definition of a
 * change for changed_in and change_days.
 */
static int
changes_controller(const fl_view *v, uint32_t i)
{
	size_t		cl,
				pl = 0;
	const char *c = fl_view_controller(v, i, &cl);
	const char *p = i > 0 ? fl_view_controller(v, i - 1, &pl) : NULL;

	return !fl_same_controller(c, cl, p, pl);
}

int
fl_view_changed_in(const fl_view *v, fl_span span)
{
	for (uint32_t i = 0; i < v->n; i++)
	{
		int64_t		t = fl_view_instant(v, i);

		FL_CHECK_INTERRUPTS();
		if (t >= span.hi)
			break;
		if (t >= span.lo && changes_controller(v, i))
			return 1;
	}
	return 0;
}

uint32_t
fl_view_change_days(const fl_view *v, int32_t *out)
{
	const int64_t usecs_per_day = INT64_C(86400000000);
	uint32_t	n = 0;

	for (uint32_t i = 0; i < v->n; i++)
	{
		FL_CHECK_INTERRUPTS();
		if (changes_controller(v, i))
		{
			/* floor division; instants are within PostgreSQL's range, so
			 * the day fits in 32 bits */
			int64_t		t = fl_view_instant(v, i);
			int64_t		d = t >= 0 ? t / usecs_per_day : -((-(t + 1)) / usecs_per_day) - 1;

			FL_ASSERT(d >= INT32_MIN && d <= INT32_MAX);
			if (n == 0 || out[n - 1] != (int32_t) d)
				out[n++] = (int32_t) d;
		}
	}
	return n;
}

int
fl_view_held_during(const fl_view *v, const char *name, size_t len, fl_span span)
{
	int64_t		i;

	if (v->n == 0 || span.lo >= span.hi)
		return 0;
	/* the entry in force at span.lo, then every entry that starts inside */
	i = fl_view_find(v, span.lo);
	if (i < 0)
		i = 0;
	for (; (uint32_t) i < v->n && fl_view_instant(v, (uint32_t) i) < span.hi; i++)
	{
		size_t		cl;
		const char *c = fl_view_controller(v, (uint32_t) i, &cl);

		FL_CHECK_INTERRUPTS();
		if (c && cl == len && memcmp(c, name, len) == 0)
			return 1;
	}
	return 0;
}
