package storetest

import (
	"errors"
	"strings"
	"testing"
	"time"

	"concierge/knowledge"
)

var ratingTests = map[string]func(*testing.T, knowledge.Stores){
	"Rate":                    testRateArticle,
	"FlaggedClearedByVersion": testFlagged,
	"FlaggedLatestIsCapped":   testFlaggedLatestCapped,
}

func testRateArticle(t *testing.T, s knowledge.Stores) {
	a := article("refunds", "v1")
	mustPut(t, s, a)
	a.Body = "v2"
	mustPut(t, s, a)
	r, err := s.RateArticle(ctx(t), knowledge.ArticleRating{ArticleID: "refunds", Agent: " Sam ", Verdict: knowledge.VerdictHelpful, Comment: " clear ", RequestID: "req-1"})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(r.ID, "rat-") || r.ArticleVersion != 2 || r.Agent != "Sam" || r.Comment != "clear" || r.At.IsZero() {
		t.Errorf("rating = %+v", r)
	}
	old, err := s.RateArticle(ctx(t), knowledge.ArticleRating{ArticleID: "refunds", ArticleVersion: 1, Agent: "Kim", Verdict: knowledge.VerdictOutdated, At: base})
	if err != nil || old.ArticleVersion != 1 || !old.At.Equal(base) {
		t.Errorf("rating of version 1 = %+v, %v", old, err)
	}
	if _, err := s.RateArticle(ctx(t), knowledge.ArticleRating{ArticleID: "refunds", ArticleVersion: 3, Agent: "Kim", Verdict: knowledge.VerdictWrong}); !errors.Is(err, knowledge.ErrInvalid) {
		t.Errorf("rating of a future version: %v", err)
	}
	if _, err := s.RateArticle(ctx(t), knowledge.ArticleRating{ArticleID: "ghost", Agent: "Kim", Verdict: knowledge.VerdictWrong}); !errors.Is(err, knowledge.ErrNotFound) {
		t.Errorf("rating of a missing article: %v", err)
	}
	if _, err := s.RateArticle(ctx(t), knowledge.ArticleRating{ArticleID: "refunds", Agent: "Kim", Verdict: "meh"}); !errors.Is(err, knowledge.ErrInvalid) {
		t.Errorf("unknown verdict: %v", err)
	}
	rs, err := s.RatingsFor(ctx(t), "refunds")
	if err != nil || len(rs) != 2 || rs[0].ID != r.ID || rs[1].ID != old.ID || rs[0].RequestID != "req-1" {
		t.Errorf("RatingsFor = %+v, %v", rs, err)
	}
	if none, err := s.RatingsFor(ctx(t), "ghost"); err != nil || none == nil || len(none) != 0 {
		t.Errorf("RatingsFor an unrated article = %#v, %v (want empty, non-nil)", none, err)
	}
}

func testFlagged(t *testing.T, s knowledge.Stores) {
	a := article("refunds", "v1")
	mustPut(t, s, a)
	mustPut(t, s, article("vpn", "v1"))
	rate := func(id string, v knowledge.Verdict, at time.Time, comment string) {
		t.Helper()
		if _, err := s.RateArticle(ctx(t), knowledge.ArticleRating{ArticleID: id, Agent: "Sam", Verdict: v, At: at, Comment: comment}); err != nil {
			t.Fatal(err)
		}
	}
	rate("refunds", knowledge.VerdictOutdated, base, "")
	rate("refunds", knowledge.VerdictWrong, base.Add(time.Minute), "wrong fee")
	rate("refunds", knowledge.VerdictHelpful, base.Add(2*time.Minute), "")
	rate("vpn", knowledge.VerdictWrong, base.Add(3*time.Minute), "")
	fl, err := s.Flagged(ctx(t))
	if err != nil {
		t.Fatal(err)
	}
	if len(fl) != 2 || fl[0].ArticleID != "vpn" || fl[1].ArticleID != "refunds" {
		t.Fatalf("Flagged = %+v", fl)
	}
	r := fl[1]
	if r.Outdated != 1 || r.Wrong != 1 || r.Version != 1 || r.Title != "Title of refunds" || !r.LastFlaggedAt.Equal(base.Add(time.Minute)) ||
		len(r.Latest) != 2 || r.Latest[0].Comment != "wrong fee" || r.UpdatedAt.IsZero() {
		t.Errorf("flagged refunds = %+v", r)
	}
	a.Body = "v2"
	mustPut(t, s, a)
	fl, _ = s.Flagged(ctx(t))
	if len(fl) != 1 || fl[0].ArticleID != "vpn" {
		t.Errorf("a new version did not clear the flags: %+v", fl)
	}
}

func testFlaggedLatestCapped(t *testing.T, s knowledge.Stores) {
	mustPut(t, s, article("refunds", "v1"))
	for i := 0; i < knowledge.MaxFlaggedLatest+3; i++ {
		if _, err := s.RateArticle(ctx(t), knowledge.ArticleRating{ArticleID: "refunds", Agent: "Sam", Verdict: knowledge.VerdictWrong, At: base.Add(time.Duration(i) * time.Second)}); err != nil {
			t.Fatal(err)
		}
	}
	fl, err := s.Flagged(ctx(t))
	if err != nil || len(fl) != 1 || fl[0].Wrong != knowledge.MaxFlaggedLatest+3 || len(fl[0].Latest) != knowledge.MaxFlaggedLatest ||
		!fl[0].Latest[0].At.Equal(base.Add(time.Duration(knowledge.MaxFlaggedLatest+2)*time.Second)) {
		t.Errorf("Flagged = %+v, %v", fl, err)
	}
}
