package sqlitestore

import (
	"context"
	"errors"
	"testing"
	"time"

	"concierge/knowledge"
)

func putArticle(t *testing.T, s *Store, id, body string) knowledge.Article {
	t.Helper()
	res, err := s.Put(context.Background(), knowledge.Article{ID: id, Title: "Title of " + id, Body: body, Owner: "Billing team"}, knowledge.PutOptions{})
	if err != nil {
		t.Fatal(err)
	}
	return res.Article
}

func rate(t *testing.T, s *Store, r knowledge.ArticleRating) knowledge.ArticleRating {
	t.Helper()
	got, err := s.RateArticle(context.Background(), r)
	if err != nil {
		t.Fatalf("RateArticle(%+v): %v", r, err)
	}
	return got
}

func TestRateArticle(t *testing.T) {
	s, _ := newTestStore(t)
	ctx := context.Background()
	putArticle(t, s, "refunds", "v1")
	putArticle(t, s, "refunds", "v2")
	r := rate(t, s, knowledge.ArticleRating{ArticleID: "refunds", Agent: "Sam", Verdict: knowledge.VerdictHelpful, RequestID: "req-1"})
	if r.ArticleVersion != 2 || r.ID == "" || r.At.IsZero() {
		t.Errorf("rating = %+v, want version 2 and an id and time", r)
	}
	old := rate(t, s, knowledge.ArticleRating{ArticleID: "refunds", ArticleVersion: 1, Agent: "Kim", Verdict: knowledge.VerdictOutdated, Comment: "fee changed"})
	if _, err := s.RateArticle(ctx, knowledge.ArticleRating{ArticleID: "refunds", ArticleVersion: 3, Agent: "Kim", Verdict: knowledge.VerdictWrong}); !errors.Is(err, knowledge.ErrInvalid) {
		t.Errorf("future version: %v, want ErrInvalid", err)
	}
	if _, err := s.RateArticle(ctx, knowledge.ArticleRating{ArticleID: "ghost", Agent: "Kim", Verdict: knowledge.VerdictWrong}); !errors.Is(err, knowledge.ErrNotFound) {
		t.Errorf("missing article: %v, want ErrNotFound", err)
	}
	if _, err := s.RateArticle(ctx, knowledge.ArticleRating{ArticleID: "refunds", Agent: "Kim", Verdict: "great"}); !errors.Is(err, knowledge.ErrInvalid) {
		t.Errorf("bad verdict: %v, want ErrInvalid", err)
	}
	got, err := s.RatingsFor(ctx, "refunds")
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 || got[0] != old || got[1] != r {
		t.Errorf("RatingsFor = %+v\nwant [%+v %+v]", got, old, r)
	}
	if none, err := s.RatingsFor(ctx, "vpn"); err != nil || none == nil || len(none) != 0 {
		t.Errorf("RatingsFor(no ratings) = %#v, %v; want an empty list", none, err)
	}
}

func TestFlagged(t *testing.T) {
	s, _ := newTestStore(t)
	ctx := context.Background()
	putArticle(t, s, "refunds", "v1")
	putArticle(t, s, "vpn", "v1")
	putArticle(t, s, "parking", "v1")
	t0 := time.Date(2027, 1, 1, 0, 0, 0, 0, time.UTC) // after every clock tick used here
	at := func(m int) time.Time { return t0.Add(time.Duration(m) * time.Minute) }

	rate(t, s, knowledge.ArticleRating{ArticleID: "refunds", Agent: "Sam", Verdict: knowledge.VerdictOutdated, Comment: "fee is 10 now", At: at(1)})
	rate(t, s, knowledge.ArticleRating{ArticleID: "refunds", Agent: "Kim", Verdict: knowledge.VerdictWrong, At: at(3)})
	rate(t, s, knowledge.ArticleRating{ArticleID: "refunds", Agent: "Lee", Verdict: knowledge.VerdictHelpful, Comment: "fine", At: at(4)})
	rate(t, s, knowledge.ArticleRating{ArticleID: "vpn", Agent: "Sam", Verdict: knowledge.VerdictWrong, Comment: "new client", At: at(2)})
	rate(t, s, knowledge.ArticleRating{ArticleID: "parking", Agent: "Sam", Verdict: knowledge.VerdictHelpful, At: at(5)})

	got, err := s.Flagged(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 || got[0].ArticleID != "refunds" || got[1].ArticleID != "vpn" {
		t.Fatalf("Flagged = %+v, want refunds then vpn", got)
	}
	f := got[0]
	if f.Outdated != 1 || f.Wrong != 1 || f.Title != "Title of refunds" || f.Owner != "Billing team" || f.Version != 1 || !f.LastFlaggedAt.Equal(at(3)) {
		t.Errorf("refunds = %+v", f)
	}
	if len(f.Latest) != 2 || f.Latest[0].Comment != "fee is 10 now" || f.Latest[1].Agent != "Kim" {
		t.Errorf("refunds latest = %+v, want the commented rating first", f.Latest)
	}

	// A new version of the article clears its flags; an unchanged save does not.
	if res, err := s.Put(ctx, knowledge.Article{ID: "vpn", Title: "Title of vpn", Body: "v1", Owner: "Billing team"}, knowledge.PutOptions{}); err != nil || res.Changed {
		t.Fatalf("unchanged Put: %+v, %v", res, err)
	}
	if got, _ = s.Flagged(ctx); len(got) != 2 {
		t.Errorf("an unchanged save cleared flags: %+v", got)
	}
	putArticle(t, s, "vpn", "v2 with the new client")
	got, _ = s.Flagged(ctx)
	if len(got) != 1 || got[0].ArticleID != "refunds" {
		t.Errorf("after fixing vpn: %+v, want only refunds", got)
	}
	// A new flag on the new version shows it again.
	rate(t, s, knowledge.ArticleRating{ArticleID: "vpn", Agent: "Kim", Verdict: knowledge.VerdictOutdated, At: at(10)})
	got, _ = s.Flagged(ctx)
	if len(got) != 2 || got[0].ArticleID != "vpn" || got[0].Outdated != 1 || got[0].Wrong != 0 || got[0].Version != 2 {
		t.Errorf("after re-flagging vpn: %+v", got)
	}
}

func TestFlaggedLatestIsCapped(t *testing.T) {
	s, _ := newTestStore(t)
	putArticle(t, s, "refunds", "v1")
	for range knowledge.MaxFlaggedLatest + 3 {
		rate(t, s, knowledge.ArticleRating{ArticleID: "refunds", Agent: "Sam", Verdict: knowledge.VerdictWrong})
	}
	got, err := s.Flagged(context.Background())
	if err != nil || len(got) != 1 {
		t.Fatalf("Flagged = %+v, %v", got, err)
	}
	if got[0].Wrong != knowledge.MaxFlaggedLatest+3 || len(got[0].Latest) != knowledge.MaxFlaggedLatest {
		t.Errorf("wrong = %d, latest = %d", got[0].Wrong, len(got[0].Latest))
	}
	if !got[0].Latest[0].At.After(got[0].Latest[1].At) {
		t.Errorf("latest not newest first: %v then %v", got[0].Latest[0].At, got[0].Latest[1].At)
	}
}
