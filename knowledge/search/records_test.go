package search

import (
	"math/rand"
	"os"
	"path/filepath"
	"testing"
)

func testRec(id, hash string, texts ...string) *artRec {
	r := &artRec{id: id, Hash: hash, Title: "T " + id, Tags: []string{"x"}, Language: "en", Version: 2}
	for i, t := range texts {
		r.Passages = append(r.Passages, passRec{Headings: []string{"H", string(rune('a' + i))}, Text: t})
	}
	return r
}

func mustOpenRecords(t *testing.T, dir string) (*recordStore, map[string]*artRec) {
	t.Helper()
	rs, recs, err := openRecords(dir)
	if err != nil {
		t.Fatal(err)
	}
	return rs, recs
}

func TestRecordsCommitDeleteAndTexts(t *testing.T) {
	dir := t.TempDir()
	rs, recs := mustOpenRecords(t, dir)
	if len(recs) != 0 {
		t.Fatalf("fresh store has %d records", len(recs))
	}
	seq1, err := rs.put([]*artRec{testRec("a", "h1", "alpha text", "beta"), testRec("b", "h1", "bee")})
	if err != nil {
		t.Fatal(err)
	}
	rs.commit(seq1)
	seq2, _ := rs.put([]*artRec{testRec("a", "h2", "alpha two")}) // never committed: Bleve lost it
	rs.put([]*artRec{testRec("c", "h1", "sea")})
	rs.commit(seq2 + 1)
	rs.remove([]string{"b"})
	rs.close()

	rs, recs = mustOpenRecords(t, dir)
	defer rs.close()
	if len(recs) != 1 || recs["c"] == nil {
		t.Fatalf("records after reopen: %v", keys(recs))
	}
	c := recs["c"]
	if c.Hash != "h1" || c.Title != "T c" || c.Version != 2 || len(c.Tags) != 1 || c.Passages[0].Headings[1] != "a" {
		t.Errorf("record %+v", c)
	}
	if got, err := rs.text(c.Passages[0]); err != nil || got != "sea" {
		t.Errorf("text %q %v", got, err)
	}
	// "a": its committed version was replaced by an uncommitted one, so
	// the store no longer vouches for any version: it must be re-indexed.
	if recs["a"] != nil {
		t.Error("uncommitted record survived")
	}
}

func TestRecordsWithLostTextsAreDropped(t *testing.T) {
	dir := t.TempDir()
	rs, _ := mustOpenRecords(t, dir)
	a, b := testRec("a", "h", "short"), testRec("b", "h", "a much longer text at the end")
	seq, _ := rs.put([]*artRec{a, b})
	rs.commit(seq)
	rs.close()
	ts, _ := filepath.Glob(filepath.Join(dir, textsPrefix+"*"))
	os.Truncate(ts[0], a.Passages[0].off+a.textBytes()+1) // b's block is cut
	rs, recs := mustOpenRecords(t, dir)
	rs.close()
	if recs["a"] == nil || recs["b"] != nil {
		t.Errorf("records %v", keys(recs))
	}
}

func TestRecordsCompaction(t *testing.T) {
	dir := t.TempDir()
	rs, recs := mustOpenRecords(t, dir)
	noise := make([]byte, 1<<20) // incompressible: packed, still 1 MiB
	rand.New(rand.NewSource(1)).Read(noise)
	big := string(noise)
	for i := 0; i < 40; i++ { // 40 versions of "a", 1 MiB each
		r := testRec("a", "h", big, "tail")
		seq, err := rs.put([]*artRec{r})
		if err != nil {
			t.Fatal(err)
		}
		rs.commit(seq)
		rs.replaced(recs["a"])
		recs["a"] = r
	}
	if !rs.compactable() {
		t.Fatal("39 dead versions should call for compaction")
	}
	if err := rs.compact(recs); err != nil {
		t.Fatal(err)
	}
	if got, _ := rs.text(recs["a"].Passages[1]); got != "tail" {
		t.Errorf("text after compaction %q", got)
	}
	rs.close()
	ts, _ := filepath.Glob(filepath.Join(dir, textsPrefix+"*"))
	if fi, err := os.Stat(ts[0]); len(ts) != 1 || err != nil || fi.Size() != recs["a"].textBytes() || fi.Size() > 1<<20+1<<10 {
		t.Fatalf("texts files after compaction: %v (%d bytes of live texts)", ts, recs["a"].textBytes())
	}
	rs, recs = mustOpenRecords(t, dir)
	defer rs.close()
	if got, _ := rs.text(recs["a"].Passages[1]); len(recs) != 1 || got != "tail" {
		t.Errorf("after reopen: %v %q", keys(recs), got)
	}
}

func keys(m map[string]*artRec) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	return out
}
