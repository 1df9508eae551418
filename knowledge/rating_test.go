package knowledge

import (
	"errors"
	"strings"
	"testing"
)

func TestRatingValidation(t *testing.T) {
	r, err := ArticleRating{ArticleID: "refunds", Agent: " Sam ", Verdict: VerdictWrong, Comment: " fee is now 10 "}.Normalized()
	if err != nil {
		t.Fatal(err)
	}
	if r.Agent != "Sam" || r.Comment != "fee is now 10" {
		t.Errorf("not trimmed: %+v", r)
	}
	bad := []struct {
		r    ArticleRating
		want string
	}{
		{ArticleRating{Agent: "Sam", Verdict: VerdictHelpful}, "names no article"},
		{ArticleRating{ArticleID: "a", Verdict: VerdictHelpful}, "no agent"},
		{ArticleRating{ArticleID: "a", Agent: "Sam", Verdict: "meh"}, `verdict "meh"`},
		{ArticleRating{ArticleID: "a", Agent: "Sam", Verdict: VerdictWrong, ArticleVersion: -2}, "negative"},
		{ArticleRating{ArticleID: "a", Agent: "Sam", Verdict: VerdictWrong, Comment: strings.Repeat("x", MaxRatingCommentLen+1)}, "more than the 2000 allowed"},
		{ArticleRating{ArticleID: "a", Agent: "Sam", Verdict: VerdictWrong, Comment: "\xff"}, "not valid UTF-8"},
	}
	for _, tc := range bad {
		_, err := tc.r.Normalized()
		if !errors.Is(err, ErrInvalid) || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%+v: err = %v, want ErrInvalid mentioning %q", tc.r, err, tc.want)
		}
	}
	if VerdictHelpful.Flags() || !VerdictOutdated.Flags() || !VerdictWrong.Flags() {
		t.Error("Flags: only outdated and wrong should flag")
	}
}
