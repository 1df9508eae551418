package frontmatter

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"concierge/knowledge"
)

// addSampleSeeds adds every Markdown file of the bundled sample knowledge
// base (real front matter in English, Russian and Thai) to f's corpus.
func addSampleSeeds(f *testing.F) {
	f.Helper()
	n := 0
	filepath.WalkDir(filepath.Join("..", "sample", "kb"), func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.HasSuffix(p, ".md") {
			if b, err := os.ReadFile(p); err == nil {
				f.Add(b)
				n++
			}
		}
		return nil
	})
	if n == 0 {
		f.Fatal("no sample files found for the seed corpus")
	}
}

// hostileFrontMatter are inputs that have broken YAML parsers elsewhere:
// anchors and aliases (billion laughs), deep nesting, tabs, odd scalars,
// duplicate and clashing keys, an unclosed block, BOM and CRLF.
var hostileFrontMatter = []string{
	"---\na: &a [x, x, x, x]\nb: &b [*a, *a, *a, *a]\nc: &c [*b, *b, *b, *b]\nd: [*c, *c, *c, *c]\n---\n",
	"---\ntags: &t [a, b]\nx: *t\ntitle: *t\n---\n",
	"---\nx: " + strings.Repeat("[", 200) + strings.Repeat("]", 200) + "\n---\n",
	"---\nx: " + strings.Repeat("{a: ", 60) + "1" + strings.Repeat("}", 60) + "\n---\n",
	"---\n\ttitle: tab\n---\n",
	"---\ntitle: a\nTitle: b\n---\n",
	"---\nslug: a\nid: b\n---\n",
	"---\ntitle: never closed\n",
	"\uFEFF---\r\ntitle: bom\r\n---\r\nbody\r\n",
	"+++\ntitle = \"toml\"\n+++\n",
	"---\n- a\n- b\n---\n",
	"---\n? [complex, key]\n: v\n---\n",
	"---\n!!binary x: 1\n---\n",
	"---\nx: !!float .nan\ny: -.inf\nz: 1e400\nn: 0x1F\no: 0o17\nbig: 123456789012345678901234567890\n---\n",
	"---\nreview_by: 2024-02-30\n---\n",
	"---\nreview_by: 2024-01-05T10:00:00+14:00\n---\n",
	"---\ntags: \"a,,b , ,c\"\n---\n",
	"---\ntags: [\"x,y\", \"[z]\", \"#h\", \"- d\"]\n---\n",
	"---\nwhen: 2024-01-05\nat: 2024-01-05 10:00:00\n---\n",
	"---\nx: \"\\u0000\\u0085\\u2028\"\n---\n",
	"---\n\"\": empty key\n---\n",
	"---\nyes: no\non: off\n~: null\n---\n",
	"---\ntitle: |\n  multi\n  line\n---\n",
	"---\n...\n---\nbody that starts like a delimiter\n",
	"---\ntitle: t\n---\n---\nnot: front matter\n---\n",
	"# Heading only\n",
	"   \n\t\n",
	"",
}

// FuzzParseFormat: parsing never panics; whatever Parse accepts, Format can
// write, the written file parses back to the same article, and writing that
// again gives the same bytes (parse → write → parse is stable). The same
// holds after the JSON round trip the store puts Extra through.
func FuzzParseFormat(f *testing.F) {
	addSampleSeeds(f)
	for _, s := range roundTripInputs {
		f.Add([]byte(s))
	}
	for _, s := range hostileFrontMatter {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		d1, err := Parse(data)
		if err != nil {
			return // rejected with a message; that is fine
		}
		out1, err := Format(d1.Article)
		if err != nil {
			t.Fatalf("Format cannot write what Parse accepted: %v\ninput: %q", err, data)
		}
		d2, err := Parse(out1)
		if err != nil {
			t.Fatalf("the written file does not parse: %v\ninput: %q\nwritten: %q", err, data, out1)
		}
		if !sameArticle(d1.Article, d2.Article) {
			t.Fatalf("parse → write → parse changed the article\ninput: %q\nfirst:  %#v\nsecond: %#v", data, d1.Article, d2.Article)
		}
		out2, err := Format(d2.Article)
		if err != nil || string(out2) != string(out1) {
			t.Fatalf("writing is not stable (%v)\nfirst:  %q\nsecond: %q", err, out1, out2)
		}
		// The store keeps the article's columns and Extra as JSON, read
		// back with knowledge.DecodeExtra.
		var stored knowledge.Article
		b, err := json.Marshal(d2.Article)
		if err != nil {
			t.Fatalf("the article cannot be stored as JSON: %v", err)
		}
		if err := json.Unmarshal(b, &stored); err != nil {
			t.Fatal(err)
		}
		if len(d2.Article.Extra) > 0 {
			b, _ := json.Marshal(d2.Article.Extra)
			if stored.Extra, err = knowledge.DecodeExtra(b); err != nil {
				t.Fatal(err)
			}
		}
		if out3, err := Format(stored); err != nil || string(out3) != string(out1) {
			t.Fatalf("export after the store's JSON round trip differs (%v)\nbefore: %q\nafter:  %q", err, out1, out3)
		}
	})
}

// sameArticle compares what Parse fills, treating nil and empty
// collections alike, and Extra as the store keeps it (JSON, where 1 and
// 1.0 are the same number: Format writes a whole float as an integer).
func sameArticle(a, b knowledge.Article) bool {
	if len(a.Tags) == 0 && len(b.Tags) == 0 {
		a.Tags, b.Tags = nil, nil
	}
	ea, erra := json.Marshal(a.Extra)
	eb, errb := json.Marshal(b.Extra)
	if erra != nil || errb != nil || string(ea) != string(eb) {
		return false
	}
	a.Extra, b.Extra = nil, nil
	return reflect.DeepEqual(a, b)
}

// Found by FuzzParseFormat: nested aliases expanded without bound made one
// eight-line file take minutes and gigabytes. Now it is refused, fast.
func TestAliasBombIsRefused(t *testing.T) {
	var b strings.Builder
	b.WriteString("---\na0: &a0 [x, x, x, x, x, x, x, x, x, x]\n")
	for i := 1; i < 9; i++ {
		refs := strings.TrimSuffix(strings.Repeat(fmt.Sprintf("*a%d, ", i-1), 10), ", ")
		fmt.Fprintf(&b, "a%d: &a%d [%s]\n", i, i, refs)
	}
	b.WriteString("---\nbody\n")
	done := make(chan error, 1)
	go func() { _, err := Parse([]byte(b.String())); done <- err }()
	select {
	case err := <-done:
		var se *SyntaxError
		if !errors.As(err, &se) || !strings.Contains(se.Msg, "aliases") {
			t.Fatalf("Parse = %v, want a front matter error about aliases", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("Parse of an alias bomb did not return within 10 s")
	}
	// Ordinary aliases still work.
	d, err := Parse([]byte("---\nbase: &b {a: 1}\ncopy: *b\n---\n"))
	if err != nil || !reflect.DeepEqual(d.Article.Extra["copy"], map[string]any{"a": 1}) {
		t.Fatalf("plain alias: %+v, %v", d.Article.Extra, err)
	}
}

// Found by FuzzParseFormat: .nan and .inf values were kept as floats, which
// the store's JSON cannot hold, so the file was skipped. They stay text now.
func TestNaNAndInfStayText(t *testing.T) {
	d, err := Parse([]byte("---\nx: .nan\ny: -.inf\nz: 1.5\n---\n"))
	if err != nil {
		t.Fatal(err)
	}
	if d.Article.Extra["x"] != ".nan" || d.Article.Extra["y"] != "-.inf" || d.Article.Extra["z"] != 1.5 {
		t.Fatalf("Extra = %#v", d.Article.Extra)
	}
	if _, err := json.Marshal(d.Article.Extra); err != nil {
		t.Fatalf("Extra cannot be stored: %v", err)
	}
}

// Found by FuzzParseFormat: "\r\r\n" read as "\r\n", which read again as
// "\n". Every line ending is LF after one read.
func TestLoneCarriageReturns(t *testing.T) {
	for in, want := range map[string]string{"\r\r\n": "\n\n", "a\rb\r\nc": "a\nb\nc", "---\rtitle: x\r---\rbody\r": "body\n"} {
		d, err := Parse([]byte(in))
		if err != nil || d.Article.Body != want {
			t.Errorf("Parse(%q) body %q, %v; want %q", in, d.Article.Body, err, want)
		}
	}
}

// Found by FuzzParseFormat: multi-line text starting with a blank line or
// indentation lost it when written as a YAML literal block.
func TestMultiLineTextKeepsLeadingSpace(t *testing.T) {
	for _, v := range []string{"\ne\n", "  indented\nsecond\n", "\tx\ny", "\n\n", "plain\nlines\n"} {
		out, err := Format(knowledge.Article{Extra: map[string]any{"note": v}})
		if err != nil {
			t.Fatal(err)
		}
		d, err := Parse(out)
		if err != nil || d.Article.Extra["note"] != v {
			t.Errorf("%q came back as %q (%v) from\n%s", v, d.Article.Extra["note"], err, out)
		}
	}
}
