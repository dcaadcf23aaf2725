/*
 * Unit tests of the time sweeps (fl_sweep.c), no server: the front sweep
 * over claims and the series/front sweeps over resolved histories, each
 * against a naive per-step scan on random data.
 */
#include "fl_sweep.h"
#include "fl_view.h"
#include "check.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static const fl_allocator *A = &fl_std_allocator;

static uint64_t rs = 0x13198A2E03707344ULL;
static uint64_t
rnd(void)
{
	return xorshift64(&rs);
}

static double
urand(double lo, double hi)
{
	return lo + (hi - lo) * ((double) (rnd() >> 11) / 9007199254740992.0);
}

static void
test_front(void)
{
	int			round;

	for (round = 0; round < 200; round++)
	{
		int			nplaces = 1 + (int) (rnd() % 30),
					nclaims = (int) (rnd() % 300),
					nsteps = 1 + (int) (rnd() % 40),
					i,
					j;
		int64_t    *at = malloc(sizeof(int64_t) * (nclaims + 1));
		int32_t    *pl = malloc(sizeof(int32_t) * (nclaims + 1));
		int		   *held = malloc(sizeof(int) * (nclaims + 1));
		double	   *km = malloc(sizeof(double) * nplaces);
		int64_t    *steps = malloc(sizeof(int64_t) * nsteps);
		fl_front   *f;
		const int32_t *res;
		const uint8_t *has;
		fl_error	err;
		int			bad = 0;

		for (i = 0; i < nplaces; i++)
			km[i] = (rnd() % 4 == 0) ? 10.0 : urand(0, 500);	/* ties on purpose */
		for (i = 0; i < nclaims; i++)
			at[i] = (int64_t) (rnd() % 100);
		for (i = 1; i < nclaims; i++)	/* insertion sort: claims in time order */
			for (j = i; j > 0 && at[j] < at[j - 1]; j--)
			{
				int64_t		t = at[j];

				at[j] = at[j - 1];
				at[j - 1] = t;
			}
		for (i = 0; i < nclaims; i++)
		{
			pl[i] = (int32_t) (rnd() % nplaces) * 7 - 50;	/* negative ids too */
			held[i] = (int) (rnd() % 2);
		}
		for (i = 0; i < nsteps; i++)
			steps[i] = (int64_t) (rnd() % 110) - 5;
		for (i = 1; i < nsteps; i++)
			for (j = i; j > 0 && steps[j] < steps[j - 1]; j--)
			{
				int64_t		t = steps[j];

				steps[j] = steps[j - 1];
				steps[j - 1] = t;
			}
		f = fl_front_new(A, steps, nsteps, &err);
		CHECK(f != NULL, "fl_front_new: %s", err.msg);
		for (i = 0; i < nclaims; i++)
			CHECK(fl_front_add(f, pl[i], at[i], held[i], km[(pl[i] + 50) / 7], &err) == 0, "add: %s", err.msg);
		fl_front_finish(f, &res, &has, &err);
		for (i = 0; i < nsteps; i++)
		{
			int			best = -1;
			int			p;

			for (p = 0; p < nplaces; p++)
			{
				int			h = 0;

				for (j = 0; j < nclaims && at[j] <= steps[i]; j++)
					if ((pl[j] + 50) / 7 == p)
						h = held[j];
				if (h && (best < 0 || km[p] < km[best] || (km[p] == km[best] && p < best)))
					best = p;
			}
			if ((best < 0) != !has[i] || (best >= 0 && res[i] != best * 7 - 50))
				bad++;
		}
		CHECK(bad == 0, "front sweep round %d: %d steps differ from the naive scan", round, bad);
		fl_front_free(f);
		free(at);
		free(pl);
		free(held);
		free(km);
		free(steps);
	}
	{
		int64_t		st[2] = {5, 1};
		fl_error	err;
		fl_front   *f = fl_front_new(A, st, 2, &err);

		CHECK(f == NULL && err.code == FL_EORDER, "decreasing steps accepted");
		st[0] = 0;
		st[1] = 10;
		f = fl_front_new(A, st, 2, &err);
		CHECK(fl_front_add(f, 1, 5, 1, 1.0, &err) == 0, "add");
		CHECK(fl_front_add(f, 1, 4, 1, 1.0, &err) == -1 && err.code == FL_EORDER, "claims out of order accepted");
		CHECK(fl_front_add(f, 2, 6, 1, NAN, &err) == -1, "held place without distance accepted");
		fl_front_free(f);
	}
}

static void
test_history_sweeps(void)
{
	static const char *names[] = {"A", "B", "C"};
	int			round;

	for (round = 0; round < 300; round++)
	{
		int			nplaces = 1 + (int) (rnd() % 25),
					nsteps = (int) (rnd() % 40),
					i,
					k;
		int64_t    *steps = malloc(sizeof(int64_t) * (nsteps + 1));
		unsigned char **flat = malloc(sizeof(unsigned char *) * nplaces);
		fl_view    *views = malloc(sizeof(fl_view) * nplaces);
		int64_t    *pop = malloc(sizeof(int64_t) * nplaces);
		double	   *km = malloc(sizeof(double) * nplaces);
		fl_tally   *t;
		fl_front_hist *f;
		const fl_series_row *rows;
		size_t		nrows;
		const int32_t *res;
		const uint8_t *has;
		fl_error	err;
		int			bad = 0,
					badf = 0;
		int64_t		total_pop = 0,
					total_popn = 0;

		for (k = 0; k < nsteps; k++)
			steps[k] = (k ? steps[k - 1] : (int64_t) (rnd() % 20)) + (int64_t) (rnd() % 8);
		for (i = 0; i < nplaces; i++)
		{
			fl_builder	b;
			int			n = (int) (rnd() % 12),
						j;
			size_t		len;

			fl_builder_init(&b, A);
			for (j = 0; j < n; j++)
			{
				int			kind = (int) (rnd() % 6);
				char		st[4];
				size_t		sl;
				int64_t		idx;

				if (kind < 3)
				{
					st[0] = FL_KIND_ACTOR;
					st[1] = names[kind][0];
					sl = 2;
				}
				else if (kind < 5)
				{
					st[0] = kind == 3 ? FL_KIND_CONTESTED : FL_KIND_UNKNOWN;
					sl = 1;
				}
				else
				{
					st[0] = FL_KIND_ACTOR;
					st[1] = 'A';
					sl = 2;
				}
				idx = fl_builder_intern(&b, st, sl, &err);
				CHECK(idx >= 0, "intern: %s", err.msg);
				/* distinct instants: j * 10 + jitter */
				fl_builder_push(&b, (int64_t) j * 10 + (int64_t) (rnd() % 10), (uint32_t) idx, &err);
			}
			CHECK(fl_builder_canonicalize(&b, 1, &err) == 0, "canonicalize: %s", err.msg);
			len = fl_flat_size(&b);
			flat[i] = malloc(len);
			fl_flat_write(&b, flat[i]);
			CHECK(fl_view_open(&views[i], flat[i], len, 1, &err) == 0, "view: %s", err.msg);
			fl_builder_free(&b);
			pop[i] = rnd() % 5 == 0 ? -1 : (int64_t) (rnd() % 1000);
			km[i] = rnd() % 4 == 0 ? 10.0 : urand(0, 500);
			if (pop[i] >= 0)
			{
				total_pop += pop[i];
				total_popn++;
			}
		}

		t = fl_tally_new(A, steps, nsteps, &err);
		CHECK(t != NULL, "fl_tally_new: %s", err.msg);
		f = fl_front_hist_new(A, steps, nsteps, &err);
		CHECK(f != NULL, "fl_front_hist_new: %s", err.msg);
		if (!t || !f)
			return;
		for (i = nplaces - 1; i >= 0; i--)	/* any order of places */
		{
			CHECK(fl_tally_add(t, &views[i], pop[i], &err) == 0, "tally add: %s", err.msg);
			CHECK(fl_front_hist_add(f, &views[i], "A", 1, i + 1,
									(nsteps && fl_view_held_during(&views[i], "A", 1,
																	fl_span_closed(steps[0], steps[nsteps - 1]))) ? km[i] : NAN,
									&err) == 0, "front add: %s", err.msg);
		}
		CHECK(fl_tally_finish(t, nplaces, total_pop, total_popn, &rows, &nrows, &err) == 0, "finish");
		CHECK(fl_front_hist_finish(f, &res, &has, &err) == 0, "front finish");

		for (k = 0; k < nsteps; k++)
		{
			/* naive: the state of every place at the step */
			int64_t		cnt[5] = {0},
						ps[5] = {0},
						pn[5] = {0};
			int			best = -1;
			size_t		r;

			for (i = 0; i < nplaces; i++)
			{
				int64_t		e = fl_view_find(&views[i], steps[k]);
				int			c = 4;	/* unknown */

				if (e >= 0)
				{
					const char *st;
					size_t		sl;

					fl_view_state(&views[i], fl_view_sidx(&views[i], (uint32_t) e), &st, &sl);
					c = st[0] == FL_KIND_ACTOR ? st[1] - 'A' : st[0] == FL_KIND_CONTESTED ? 3 : 4;
				}
				cnt[c]++;
				if (pop[i] >= 0)
				{
					ps[c] += pop[i];
					pn[c]++;
				}
				if (c == 0 && (best < 0 || km[i] < km[best] || (km[i] == km[best] && i < best)))
					best = i;
			}
			/* compare with the tally's rows of step k */
			for (r = 0; r < nrows; r++)
			{
				int			c;

				if (rows[r].step != (size_t) k)
					continue;
				if (rows[r].controller == NULL)
					c = 4;
				else if (rows[r].len == 9 && memcmp(rows[r].controller, "contested", 9) == 0)
					c = 3;
				else
					c = rows[r].controller[0] - 'A';
				if (rows[r].places != cnt[c] || rows[r].population != ps[c] || rows[r].with_population != pn[c])
					bad++;
				cnt[c] = -1;	/* seen */
			}
			for (i = 0; i < 4; i++)
				if (cnt[i] > 0)
					bad++;		/* a controller holding places without a row */
			if (cnt[4] > 0)
				bad++;			/* the unknown row is always emitted */
			if ((best >= 0) != (has[k] != 0) || (best >= 0 && res[k] != best + 1))
				badf++;
		}
		CHECK(bad == 0, "history tally round %d: %d rows differ from the naive scan", round, bad);
		CHECK(badf == 0, "history front round %d: %d steps differ from the naive scan", round, badf);
		fl_tally_free(t);
		fl_front_hist_free(f);
		for (i = 0; i < nplaces; i++)
			free(flat[i]);
		free(flat);
		free(views);
		free(pop);
		free(km);
		free(steps);
	}
	{
		/* steps out of order are refused; a held place without distance too */
		int64_t		st[2] = {5, 4};
		fl_error	err;

		CHECK(fl_tally_new(A, st, 2, &err) == NULL && err.code == FL_EORDER, "tally accepted unordered steps");
		CHECK(fl_front_hist_new(A, st, 2, &err) == NULL && err.code == FL_EORDER, "front accepted unordered steps");
	}
}

void
test_sweep(void)
{
	test_front();
	test_history_sweeps();
}
