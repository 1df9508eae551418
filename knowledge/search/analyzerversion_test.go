package search_test

import (
	"bytes"
	"path/filepath"
	"testing"

	"concierge/knowledge/analysis"
	"concierge/knowledge/embed"
	"concierge/knowledge/search"

	"github.com/blevesearch/bleve/v2"
)

// An index built by a version whose analyzers had other names (here: the
// Thai analyzer of version 2, bigrams only) names analyzers this build does
// not register, so its stored mapping no longer validates: Open moves it
// aside and starts empty, and Reconcile re-indexes every article with the
// current analysis, without anyone deleting the data folder.
func TestIndexOfFormerAnalyzersIsRebuilt(t *testing.T) {
	dir := t.TempDir()
	s, e := openIndexed(t, dir)
	e.Close()

	// Rewrite the stored mapping as the former version wrote it (a durable
	// batch: the engine's unsafe batches would be lost at Close).
	bpath := filepath.Join(dir, "bleve")
	idx, err := bleve.OpenUsing(bpath, map[string]interface{}{"unsafe_batch": false})
	if err != nil {
		t.Fatal(err)
	}
	key := []byte("_mapping") // bleve/v2/util.MappingInternalKey
	m, err := idx.GetInternal(key)
	if err != nil || !bytes.Contains(m, []byte(analysis.Thai)) {
		idx.Close()
		t.Fatalf("stored mapping %.200q does not name %s (%v)", m, analysis.Thai, err)
	}
	if err := idx.SetInternal(key, bytes.ReplaceAll(m, []byte(analysis.Thai), []byte("concierge_th2"))); err != nil {
		idx.Close()
		t.Fatal(err)
	}
	if err := idx.Close(); err != nil {
		t.Fatal(err)
	}

	e = open(t, dir, embed.NewBuiltin())
	defer e.Close()
	if st := e.Stats(); st.Articles != 0 {
		t.Fatalf("an index of former analyzers was kept: %+v", st)
	}
	if rep := reconcile(t, e, s); rep.Reindexed != len(s) {
		t.Fatalf("reconcile re-indexed %d of %d articles", rep.Reindexed, len(s))
	}
	r := mustSearch(t, e, search.Request{Query: "คืนเงิน", Mode: search.ModeBM25})
	if len(r.Results) == 0 || r.Results[0].ArticleID != "khuen-ngoen" {
		t.Errorf("thai after rebuild: %v", ids(r))
	}
	assertConsistent(t, e, s)
}
