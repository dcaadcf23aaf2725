/*
 * Unit tests of place-name folding and edit distance (fl_names.c).
 */
#include "fl_names.h"
#include "check.h"

#include <stdlib.h>
#include <string.h>

static const fl_allocator *A = &fl_std_allocator;

void
test_names(void)
{
	size_t		l;
	char	   *f = fl_fold_name(A, "Mazār-e Sharīf", strlen("Mazār-e Sharīf"), &l);

	CHECK(strcmp(f, "mazaresharif") == 0, "fold: %s", f);
	free(f);
	f = fl_fold_name(A, "Pul-e \xe2\x80\x98" "Alam", strlen("Pul-e \xe2\x80\x98" "Alam"), &l);
	CHECK(strcmp(f, "pulealam") == 0, "fold apostrophe: %s", f);
	free(f);
	f = fl_fold_name(A, "\xff\xfe\xc3", 3, &l);		/* invalid UTF-8 does not crash */
	CHECK(f != NULL, "fold invalid utf8");
	free(f);
	{
		/* every script folds case; accents and punctuation drop; a key can be empty */
		static const char *const pairs[][2] = {
			{"Херсон", "херсон"}, {"ХАРКІВ", "харків"}, {"Їжакевичі", "їжакевичі"},
			{"Ґорґани", "ґорґани"}, {"Ёлки", "елки"}, {"ΑΘΗΝΑ", "αθηνα"}, {"Αθήνα", "αθηνα"},
			{"ΘΕΣΣΑΛΟΝΊΚΗ", "θεσσαλονικη"}, {"Πειραιάς", "πειραιασ"}, {"ԵՐԵՎԱՆ", "երեվան"},
			{"مَزار شریف", "مزارشریف"}, {"مزار شريف", "مزارشریف"}, {"أفغانستان", "افغانستان"},
			{"!!!", ""}, {"\t", ""}, {"\xc2\xa0", ""}, {"", ""}
		};

		for (size_t i = 0; i < sizeof(pairs) / sizeof(pairs[0]); i++)
		{
			f = fl_fold_name(A, pairs[i][0], strlen(pairs[i][0]), &l);
			CHECK(strcmp(f, pairs[i][1]) == 0, "fold %s: %s, expected %s", pairs[i][0], f, pairs[i][1]);
			free(f);
		}
	}
	CHECK(fl_levenshtein("kabul", 5, "kabol", 5) == 1, "levenshtein");
	CHECK(fl_levenshtein("", 0, "abc", 3) == 3, "levenshtein empty");
}

