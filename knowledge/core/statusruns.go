package core

import (
	"context"
	"sync"
	"time"

	"concierge/knowledge"
)

// statusRuns remembers, per article, since which version (by whom, when)
// its status has been what it is, so that showing an article in the editor
// costs reading the versions added since the last time, not its whole
// history: reading and decoding every version at each load, save and
// publish made those slower with every edit (found by the soak). Versions
// are append-only, so what was read stays true.
type statusRuns struct {
	mu   sync.Mutex
	runs map[string]statusRun
}

// statusRun: up to version upTo, the status has been status since at (by).
type statusRun struct {
	upTo   int
	status knowledge.Status
	by     string
	at     time.Time
}

// since returns who set a's current status and when, reading only the
// versions newer than those seen before (all of them the first time).
func (s *statusRuns) since(ctx context.Context, store knowledge.ArticleStore, a knowledge.Article) (string, time.Time) {
	s.mu.Lock()
	run, ok := s.runs[a.ID]
	s.mu.Unlock()
	if !ok || run.upTo > a.Version {
		list, err := store.Versions(ctx, a.ID)
		if err != nil || len(list) == 0 {
			return "", time.Time{}
		}
		run = statusRun{upTo: list[0].Version, status: list[0].Article.Status}
		var by string
		var at time.Time
		for _, v := range list { // newest first
			if v.Article.Status != run.status {
				break
			}
			run.by, run.at = v.Author, v.At
		}
		if run.upTo > a.Version { // an older copy of the article: as before, from the newest version
			for _, v := range list {
				if v.Article.Status != a.Status {
					break
				}
				by, at = v.Author, v.At
			}
			return by, at
		}
	}
	for n := run.upTo + 1; n <= a.Version; n++ {
		v, err := store.GetVersion(ctx, a.ID, n)
		if err != nil {
			return "", time.Time{}
		}
		if v.Article.Status != run.status {
			run.status, run.by, run.at = v.Article.Status, v.Author, v.At
		}
		run.upTo = n
	}
	s.mu.Lock()
	if s.runs == nil {
		s.runs = map[string]statusRun{}
	}
	if cur, ok := s.runs[a.ID]; !ok || cur.upTo <= run.upTo {
		s.runs[a.ID] = run
	}
	s.mu.Unlock()
	if run.upTo != a.Version || run.status != a.Status {
		return "", time.Time{}
	}
	return run.by, run.at
}
