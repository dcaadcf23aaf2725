/*
 * fl_names.c — place-name folding and edit distance (pure C).
 *
 * Folding makes lookup case-, accent- and punctuation-insensitive:
 * "Mazār-e Sharīf", "MAZAR-E SHARIF" and "mazare sharif" all fold to
 * "mazaresharif".  Latin letters with diacritics (Latin-1, Latin Extended-A
 * and the dotted/under-dot letters of transliterations) become their base
 * letters; ASCII punctuation, spaces and Unicode punctuation (U+2000..U+206F,
 * modifier apostrophes) are dropped.  Greek, Cyrillic, Armenian and Georgian
 * letters are lower-cased (Unicode simple case mapping), Greek tonos and
 * dialytika and Russian ё are dropped to their base letters, Arabic-script
 * diacritics, tatweel and punctuation are dropped and the alef, yeh and kaf
 * variants of Arabic and Persian spelling are unified.  Everything is a fixed
 * table: the fold does not depend on the database's locale, so it can back
 * an index.  Other scripts are kept as they are.
 */
#include "fl_names.h"

#include <string.h>

/* base letters for U+00C0..U+017F; '-' = drop, '*' = see special cases */
static const char latin_base[] =
	/* C0 */ "aaaaaa*ceeeeiiii" "dnooooo-ouuuuy**"
	/* E0 */ "aaaaaa*ceeeeiiii" "dnooooo-ouuuuy*y"
	/* 100 */ "aaaaaaccccccccdd" "ddeeeeeeeeeegggg"
	/* 120 */ "gggghhhhiiiiiiii" "ii**jjkkklllllll"
	/* 140 */ "lllnnnnnnnnnoooo" "oo**rrrrrrssssss"
	/* 160 */ "ssttttttuuuuuuuu" "uuuuwwyyyzzzzzzs";

static int
decode_utf8(const unsigned char *s, size_t len, size_t *pos, uint32_t *cp)
{
	unsigned char c = s[*pos];
	int			n;
	uint32_t	v;

	if (c < 0x80)
	{
		*cp = c;
		(*pos)++;
		return 0;
	}
	if ((c & 0xE0) == 0xC0)
	{
		n = 1;
		v = c & 0x1F;
	}
	else if ((c & 0xF0) == 0xE0)
	{
		n = 2;
		v = c & 0x0F;
	}
	else if ((c & 0xF8) == 0xF0)
	{
		n = 3;
		v = c & 0x07;
	}
	else
	{
		/* invalid lead byte: pass it through as a Latin-1 code point */
		*cp = c;
		(*pos)++;
		return -1;
	}
	if (len - *pos <= (size_t) n)
	{
		*cp = c;
		(*pos)++;
		return -1;
	}
	for (int i = 1; i <= n; i++)
	{
		unsigned char cc = s[*pos + i];

		if ((cc & 0xC0) != 0x80)
		{
			*cp = c;
			(*pos)++;
			return -1;
		}
		v = (v << 6) | (cc & 0x3F);
	}
	*cp = v;
	*pos += (size_t) n + 1;
	return 0;
}

static size_t
encode_utf8(uint32_t cp, char *out)
{
	if (cp < 0x80)
	{
		out[0] = (char) cp;
		return 1;
	}
	if (cp < 0x800)
	{
		out[0] = (char) (0xC0 | (cp >> 6));
		out[1] = (char) (0x80 | (cp & 0x3F));
		return 2;
	}
	if (cp < 0x10000)
	{
		out[0] = (char) (0xE0 | (cp >> 12));
		out[1] = (char) (0x80 | ((cp >> 6) & 0x3F));
		out[2] = (char) (0x80 | (cp & 0x3F));
		return 3;
	}
	out[0] = (char) (0xF0 | (cp >> 18));
	out[1] = (char) (0x80 | ((cp >> 12) & 0x3F));
	out[2] = (char) (0x80 | ((cp >> 6) & 0x3F));
	out[3] = (char) (0x80 | (cp & 0x3F));
	return 4;
}

/*
 * Greek, Cyrillic and Armenian (U+0370..U+058F): lower case, Greek accents
 * and ё dropped.  Returns 0 for a code point to drop (accent marks).
 */
static uint32_t
fold_greek_cyrillic(uint32_t cp)
{
	/* Greek: accented vowels to their base letters */
	switch (cp)
	{
		case 0x0384:
		case 0x0385:
			return 0;			/* tonos, dialytika tonos */
		case 0x0386:
		case 0x03AC:
			return 0x03B1;
		case 0x0388:
		case 0x03AD:
			return 0x03B5;
		case 0x0389:
		case 0x03AE:
			return 0x03B7;
		case 0x038A:
		case 0x03AF:
		case 0x0390:
		case 0x03AA:
		case 0x03CA:
			return 0x03B9;
		case 0x038C:
		case 0x03CC:
			return 0x03BF;
		case 0x038E:
		case 0x03CD:
		case 0x03B0:
		case 0x03AB:
		case 0x03CB:
			return 0x03C5;
		case 0x038F:
		case 0x03CE:
			return 0x03C9;
		case 0x03C2:
			return 0x03C3;		/* final sigma */
		/* Cyrillic: ѐ ё -> е, ѝ -> и (accent variants of Russian spelling) */
		case 0x0400:
		case 0x0401:
		case 0x0450:
		case 0x0451:
			return 0x0435;
		case 0x040D:
		case 0x045D:
			return 0x0438;
		case 0x04C0:
			return 0x04CF;
		default:
			break;
	}
	if (cp >= 0x0391 && cp <= 0x03A9)
		return cp + 0x20;		/* Greek capitals */
	if (cp >= 0x0402 && cp <= 0x040F)
		return cp + 0x50;
	if (cp >= 0x0410 && cp <= 0x042F)
		return cp + 0x20;		/* Cyrillic capitals */
	if ((cp >= 0x0460 && cp <= 0x0481) || (cp >= 0x048A && cp <= 0x04BF) ||
		(cp >= 0x04D0 && cp <= 0x052F))
		return cp | 1;			/* upper/lower pairs, capital even */
	if (cp >= 0x04C1 && cp <= 0x04CE)
		return (cp & 1) ? cp + 1 : cp;	/* pairs, capital odd */
	if (cp >= 0x0531 && cp <= 0x0556)
		return cp + 0x30;		/* Armenian capitals */
	if (cp >= 0x0483 && cp <= 0x0489)
		return 0;				/* Cyrillic combining marks */
	return cp;
}

/* Arabic script (U+0600..U+06FF); returns 0 for a code point to drop */
static uint32_t
fold_arabic(uint32_t cp)
{
	if ((cp >= 0x0610 && cp <= 0x061A) || (cp >= 0x064B && cp <= 0x065F) ||
		cp == 0x0670 || cp == 0x0640 || (cp >= 0x06D6 && cp <= 0x06ED))
		return 0;				/* diacritics, tatweel, Quranic marks */
	switch (cp)
	{
		case 0x060C:			/* comma */
		case 0x061B:			/* semicolon */
		case 0x061F:			/* question mark */
		case 0x066A:
		case 0x066B:
		case 0x066C:
		case 0x066D:
		case 0x06D4:			/* full stop */
			return 0;
		case 0x0622:			/* alef with madda, hamza above/below, wasla */
		case 0x0623:
		case 0x0625:
		case 0x0671:
			return 0x0627;
		case 0x064A:			/* Arabic yeh, alef maksura -> Persian yeh */
		case 0x0649:
			return 0x06CC;
		case 0x0643:			/* Arabic kaf -> Persian keheh */
			return 0x06A9;
		default:
			return cp;
	}
}

/* fold one code point; writes up to 4 bytes; returns bytes written */
static size_t
fold_cp(uint32_t cp, char *out)
{
	if (cp < 0x80)
	{
		if (cp >= 'A' && cp <= 'Z')
		{
			out[0] = (char) (cp - 'A' + 'a');
			return 1;
		}
		if ((cp >= 'a' && cp <= 'z') || (cp >= '0' && cp <= '9'))
		{
			out[0] = (char) cp;
			return 1;
		}
		return 0;				/* punctuation, space, control */
	}
	if (cp >= 0xC0 && cp <= 0x17F)
	{
		char		c = latin_base[cp - 0xC0];

		if (c == '-')
			return 0;
		if (c != '*')
		{
			out[0] = c;
			return 1;
		}
		switch (cp)
		{
			case 0xC6:
			case 0xE6:
				memcpy(out, "ae", 2);
				return 2;
			case 0xDE:
			case 0xFE:
				memcpy(out, "th", 2);
				return 2;
			case 0xDF:
				memcpy(out, "ss", 2);
				return 2;
			case 0x132:
			case 0x133:
				memcpy(out, "ij", 2);
				return 2;
			case 0x152:
			case 0x153:
				memcpy(out, "oe", 2);
				return 2;
			default:
				return 0;
		}
	}
	if (cp < 0xC0)
		return 0;				/* Latin-1 punctuation and symbols */
	if ((cp >= 0x2B0 && cp <= 0x2FF) || (cp >= 0x300 && cp <= 0x36F) ||
		(cp >= 0x2000 && cp <= 0x206F))
		return 0;				/* modifier letters (ʻ ʼ), combining marks, punctuation */
	if (cp >= 0x370 && cp <= 0x58F)
	{
		uint32_t	f = fold_greek_cyrillic(cp);

		return f ? encode_utf8(f, out) : 0;
	}
	if (cp >= 0x600 && cp <= 0x6FF)
	{
		uint32_t	f = fold_arabic(cp);

		return f ? encode_utf8(f, out) : 0;
	}
	if (cp >= 0x1C90 && cp <= 0x1CBF && cp != 0x1CBB && cp != 0x1CBC)
		return encode_utf8(cp - 0x1C90 + 0x10D0, out);	/* Georgian Mtavruli */
	if (cp >= 0x1E00 && cp <= 0x1EFF)
	{
		/* Latin Extended Additional: the letters of transliterations */
		static const struct
		{
			uint16_t	lo,
						hi;
			char		c;
		}			r[] = {
			{0x1E00, 0x1E01, 'a'}, {0x1E02, 0x1E07, 'b'}, {0x1E08, 0x1E09, 'c'},
			{0x1E0A, 0x1E13, 'd'}, {0x1E14, 0x1E1D, 'e'}, {0x1E1E, 0x1E1F, 'f'},
			{0x1E20, 0x1E21, 'g'}, {0x1E22, 0x1E2B, 'h'}, {0x1E2C, 0x1E2F, 'i'},
			{0x1E30, 0x1E35, 'k'}, {0x1E36, 0x1E3D, 'l'}, {0x1E3E, 0x1E43, 'm'},
			{0x1E44, 0x1E4B, 'n'}, {0x1E4C, 0x1E53, 'o'}, {0x1E54, 0x1E57, 'p'},
			{0x1E58, 0x1E5F, 'r'}, {0x1E60, 0x1E69, 's'}, {0x1E6A, 0x1E71, 't'},
			{0x1E72, 0x1E7B, 'u'}, {0x1E7C, 0x1E7F, 'v'}, {0x1E80, 0x1E89, 'w'},
			{0x1E8A, 0x1E8D, 'x'}, {0x1E8E, 0x1E8F, 'y'}, {0x1E90, 0x1E95, 'z'},
			{0x1E96, 0x1E96, 'h'}, {0x1E97, 0x1E97, 't'}, {0x1E98, 0x1E98, 'w'},
			{0x1E99, 0x1E99, 'y'}, {0x1EA0, 0x1EB7, 'a'}, {0x1EB8, 0x1EC7, 'e'},
			{0x1EC8, 0x1ECB, 'i'}, {0x1ECC, 0x1EE3, 'o'}, {0x1EE4, 0x1EF1, 'u'},
			{0x1EF2, 0x1EF9, 'y'}
		};

		for (size_t i = 0; i < sizeof(r) / sizeof(r[0]); i++)
			if (cp >= r[i].lo && cp <= r[i].hi)
			{
				out[0] = r[i].c;
				return 1;
			}
		return 0;
	}
	return encode_utf8(cp, out);
}

char *
fl_fold_name(const fl_allocator *a, const char *s, size_t len, size_t *outlen)
{
	char	   *out = a->alloc(a->ctx, len * 2 + 1);
	size_t		pos = 0,
				o = 0;

	if (!out)
		return NULL;
	while (pos < len)
	{
		uint32_t	cp;

		decode_utf8((const unsigned char *) s, len, &pos, &cp);
		o += fold_cp(cp, out + o);
	}
	out[o] = '\0';
	*outlen = o;
	return out;
}

#define LEV_MAX 255

int
fl_levenshtein(const char *a, size_t alen, const char *b, size_t blen)
{
	uint32_t	x[LEV_MAX],
				y[LEV_MAX];
	int			n = 0,
				m = 0;
	int			row[LEV_MAX + 1];
	size_t		pos = 0;

	while (pos < alen && n < LEV_MAX)
		decode_utf8((const unsigned char *) a, alen, &pos, &x[n++]);
	pos = 0;
	while (pos < blen && m < LEV_MAX)
		decode_utf8((const unsigned char *) b, blen, &pos, &y[m++]);
	for (int j = 0; j <= m; j++)
		row[j] = j;
	for (int i = 1; i <= n; i++)
	{
		int			diag = row[0];

		row[0] = i;
		for (int j = 1; j <= m; j++)
		{
			int			up = row[j];
			int			best = diag + (x[i - 1] != y[j - 1]);

			if (up + 1 < best)
				best = up + 1;
			if (row[j - 1] + 1 < best)
				best = row[j - 1] + 1;
			row[j] = best;
			diag = up;
		}
	}
	return row[m];
}
