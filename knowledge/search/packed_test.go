package search

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestPassageTextsArePacked: an article's passage texts are stored as one
// compressed block, logged as a packed record, and read back exactly,
// before and after a reopen.
func TestPassageTextsArePacked(t *testing.T) {
	dir := t.TempDir()
	rs, _ := mustOpenRecords(t, dir)
	texts := []string{
		strings.Repeat("Refunds go to the card that paid, within five working days. ", 20),
		"",
		strings.Repeat("Cash refunds are made at the desk on the day. ", 20),
	}
	r := testRec("a", "h", texts...)
	seq, err := rs.put([]*artRec{r, testRec("b", "h", "bee")})
	if err != nil {
		t.Fatal(err)
	}
	rs.commit(seq)
	raw := len(texts[0]) + len(texts[2])
	if !r.packed() || r.textBytes() > int64(raw)/4 || rs.texts.len() > int64(raw)/4 {
		t.Fatalf("%d bytes of texts stored as %d (file %d bytes), packed %v", raw, r.textBytes(), rs.texts.len(), r.packed())
	}
	check := func(rs *recordStore, r *artRec) {
		t.Helper()
		for i, want := range texts {
			if got, err := rs.text(r.Passages[i]); err != nil || got != want {
				t.Errorf("passage %d: %q %v", i, got[:min(len(got), 20)], err)
			}
		}
	}
	check(rs, r)
	rs.close()
	rs, recs := mustOpenRecords(t, dir)
	defer rs.close()
	if recs["a"] == nil || !recs["a"].packed() {
		t.Fatalf("after reopen: %+v", recs["a"])
	}
	check(rs, recs["a"])
	if got, err := rs.text(recs["b"].Passages[0]); err != nil || got != "bee" {
		t.Errorf("b: %q %v", got, err)
	}
}

// TestUnpackedRecordsStillRead: a records log and texts file written
// before packing (entPut records, texts as they are) read as they were,
// and compaction packs them.
func TestUnpackedRecordsStillRead(t *testing.T) {
	dir := t.TempDir()
	// The former layout, written by hand: texts-0.dat holds the texts one
	// after another; a 'P' record gives each passage's offset and length.
	texts := []string{"Refunds go to the card.", "Cash at the desk."}
	if err := os.WriteFile(filepath.Join(dir, textsPrefix+"0.dat"), []byte(strings.Join(texts, "")), 0o644); err != nil {
		t.Fatal(err)
	}
	e := &encoder{}
	var log []byte
	log = frame(log, textsEntry(textsPrefix+"0.dat"))
	e.byte('P')
	e.uvarint(7)    // batch
	e.str("fees")   // id
	e.str("h")      // hash
	e.str("Fees")   // title
	e.str("")       // department
	e.uvarint(0)    // tags
	e.str("en")     // language
	e.str("public") // audience
	e.str("published")
	e.str("")    // owner
	e.uvarint(3) // version
	e.uvarint(2) // passages
	e.uvarint(1)
	e.str("Refunds")
	e.uvarint(0) // offset
	e.uvarint(uint64(len(texts[0])))
	e.uvarint(0)
	e.uvarint(uint64(len(texts[0])))
	e.uvarint(uint64(len(texts[1])))
	log = frame(log, e.b)
	log = frame(log, []byte{'C', 7})
	if err := os.WriteFile(filepath.Join(dir, recordsFile), log, 0o644); err != nil {
		t.Fatal(err)
	}

	rs, recs := mustOpenRecords(t, dir)
	r := recs["fees"]
	if r == nil || r.packed() || r.Version != 3 || len(r.Passages) != 2 || r.Passages[0].Headings[0] != "Refunds" {
		t.Fatalf("former record: %+v", r)
	}
	for i, want := range texts {
		if got, err := rs.text(r.Passages[i]); err != nil || got != want {
			t.Errorf("former passage %d: %q %v", i, got, err)
		}
	}
	if err := rs.compact(recs); err != nil {
		t.Fatal(err)
	}
	rs.close()
	rs, recs = mustOpenRecords(t, dir)
	defer rs.close()
	if r = recs["fees"]; r == nil || !r.packed() {
		t.Fatalf("after compaction: %+v", r)
	}
	for i, want := range texts {
		if got, err := rs.text(r.Passages[i]); err != nil || got != want {
			t.Errorf("compacted passage %d: %q %v", i, got, err)
		}
	}
}

// TestDamagedPackedBlockIsAnError: a block that does not inflate, or is
// shorter than its passages, is an error, not a wrong text.
func TestDamagedPackedBlockIsAnError(t *testing.T) {
	dir := t.TempDir()
	rs, _ := mustOpenRecords(t, dir)
	defer rs.close()
	r := testRec("a", "h", strings.Repeat("Refunds go to the card that paid. ", 10))
	seq, err := rs.put([]*artRec{r})
	if err != nil {
		t.Fatal(err)
	}
	rs.commit(seq)
	long := r.Passages[0]
	long.n += 10
	if got, err := rs.text(long); err == nil {
		t.Errorf("passage past its block: %q", got)
	}
	rs.pk.forget()
	if _, err := rs.texts.f.WriteAt([]byte{0xff, 0xff, 0xff, 0xff}, r.Passages[0].off); err != nil {
		t.Fatal(err)
	}
	if got, err := rs.text(r.Passages[0]); err == nil {
		t.Errorf("damaged block read as %q", got)
	}
}
