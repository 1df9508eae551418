package search

import (
	"io"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"testing"
	"unsafe"
)

func readAll(t *testing.T, path string) ([]string, *logFile) {
	t.Helper()
	var got []string
	l, err := openLog(path, func(p []byte, _ int64) error {
		got = append(got, string(p))
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return got, l
}

func TestLogKeepsTheIntactPrefix(t *testing.T) {
	path := filepath.Join(t.TempDir(), "x.log")
	_, l := readAll(t, path)
	var b []byte
	for _, s := range []string{"one", "two", "three"} {
		b = frame(b, []byte(s))
	}
	if _, err := l.appendFramed(b); err != nil {
		t.Fatal(err)
	}
	full := l.len()
	l.close()

	got, l := readAll(t, path)
	if len(got) != 3 || got[2] != "three" {
		t.Fatalf("replay %q", got)
	}
	l.close()

	// A torn tail (the last entry half written) is cut off...
	if err := os.Truncate(path, full-2); err != nil {
		t.Fatal(err)
	}
	got, l = readAll(t, path)
	if len(got) != 2 || l.len() != full-int64(frameHeader+len("three")) {
		t.Fatalf("torn tail: %q, size %d", got, l.len())
	}
	// ...and the next append starts on a frame boundary.
	if _, err := l.appendFramed(frame(nil, []byte("four"))); err != nil {
		t.Fatal(err)
	}
	l.close()
	got, l = readAll(t, path)
	l.close()
	if len(got) != 3 || got[2] != "four" {
		t.Fatalf("after append: %q", got)
	}

	// A damaged byte in the middle stops replay there.
	raw, _ := os.ReadFile(path)
	raw[frameHeader+len("one")+frameHeader] ^= 0xff // first byte of "two"
	os.WriteFile(path, raw, 0o644)
	got, l = readAll(t, path)
	l.close()
	if len(got) != 1 || got[0] != "one" {
		t.Fatalf("corrupt middle: %q", got)
	}
}

func TestLogRewriteIsAtomic(t *testing.T) {
	path := filepath.Join(t.TempDir(), "x.log")
	_, l := readAll(t, path)
	l.appendFramed(frame(nil, []byte("old")))
	if err := l.rewrite(func(w io.Writer) error {
		_, err := w.Write(frame(nil, []byte("new")))
		return err
	}); err != nil {
		t.Fatal(err)
	}
	if _, err := l.appendFramed(frame(nil, []byte("after"))); err != nil {
		t.Fatal(err)
	}
	l.close()
	got, l := readAll(t, path)
	l.close()
	if len(got) != 2 || got[0] != "new" || got[1] != "after" {
		t.Fatalf("after rewrite: %q", got)
	}
	if ms, _ := filepath.Glob(filepath.Join(filepath.Dir(path), ".*")); len(ms) != 0 {
		t.Errorf("temporary files left: %v", ms)
	}
}

// TestSymSharesRepeatedStrings: sym returns one copy per value while syms
// has room, a fresh string once it is full, and the same values as str.
func TestSymSharesRepeatedStrings(t *testing.T) {
	var e encoder
	for _, s := range []string{"billing", "en", "billing", "en", ""} {
		e.str(s)
	}
	d := &decoder{b: e.b, syms: map[string]string{}}
	got := []string{d.sym(), d.sym(), d.sym(), d.sym(), d.sym()}
	if d.err != nil || !slices.Equal(got, []string{"billing", "en", "billing", "en", ""}) {
		t.Fatalf("sym read %q (%v)", got, d.err)
	}
	if unsafe.StringData(got[0]) != unsafe.StringData(got[2]) {
		t.Fatal("a repeated value was copied again")
	}
	full := map[string]string{}
	for i := range maxSyms {
		full[strconv.Itoa(i)] = ""
	}
	d = &decoder{b: append([]byte(nil), e.b...), syms: full}
	if d.sym(); len(full) != maxSyms {
		t.Fatalf("syms grew past maxSyms: %d", len(full))
	}
	if d := (&decoder{b: []byte{5, 'a'}, syms: map[string]string{}}); d.sym() != "" || d.err == nil {
		t.Fatal("a length past the end was read")
	}
}

// strs reads several strings into one copy; a length past the end is
// damage.
func TestStrsReadsIntoOneCopy(t *testing.T) {
	var e encoder
	for _, s := range []string{"billing/refunds", "", "Refunds for a late order"} {
		e.str(s)
	}
	var got [3]string
	d := &decoder{b: e.b}
	if d.strs(got[:]); d.err != nil || got != [3]string{"billing/refunds", "", "Refunds for a late order"} {
		t.Fatalf("strs read %q (%v)", got, d.err)
	}
	d = &decoder{b: []byte{2, 'a', 'b', 9, 'c'}}
	if d.strs(got[:2]); d.err == nil {
		t.Fatal("a length past the end was read")
	}
}
