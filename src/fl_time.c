/*
 * fl_time.c — the calendar (proleptic Gregorian, era-based arithmetic) and
 * ISO-8601 instants.  Pure C.  See fl_time.h.
 */
#include "fl_time.h"

#include <stdio.h>

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

