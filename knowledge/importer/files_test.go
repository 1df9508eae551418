package importer

import (
	"io/fs"
	"strings"
	"testing"
	"testing/fstest"
	"time"
)

// spyFS serves one file whose Stat claims 3 MiB and whose Read fails the
// test: the importer must decide from Stat alone.
type spyFS struct{ t *testing.T }

func (s spyFS) Open(name string) (fs.File, error) {
	if name == "." {
		return fstest.MapFS{"huge.md": {}}.Open(".")
	}
	if name != "huge.md" {
		return nil, fs.ErrNotExist
	}
	return spyFile(s), nil
}

type spyFile struct{ t *testing.T }

func (f spyFile) Stat() (fs.FileInfo, error) { return spyInfo{}, nil }
func (f spyFile) Read([]byte) (int, error) {
	f.t.Error("the oversized file was read")
	return 0, fs.ErrInvalid
}
func (f spyFile) Close() error { return nil }

type spyInfo struct{}

func (spyInfo) Name() string       { return "huge.md" }
func (spyInfo) Size() int64        { return 3 << 20 }
func (spyInfo) Mode() fs.FileMode  { return 0o644 }
func (spyInfo) ModTime() time.Time { return time.Time{} }
func (spyInfo) IsDir() bool        { return false }
func (spyInfo) Sys() any           { return nil }

func TestReadTextChecksSizeBeforeReading(t *testing.T) {
	_, err := readText(spyFS{t}, "huge.md", DefaultMaxFileBytes)
	if err == nil || !strings.Contains(err.Error(), "3.0 MiB") {
		t.Errorf("readText = %v", err)
	}
}

func TestCheckText(t *testing.T) {
	for _, c := range []struct {
		data, want string
	}{
		{"# ok\nfine ✓\n", ""},
		{"line 1\nline 2 \x00", "NUL byte on line 2"},
		{"a\nb\nc\xe9", "first bad byte on line 3"},
		{"\xfe\xff\x00#", "UTF-16"},
	} {
		err := checkText([]byte(c.data))
		if c.want == "" && err != nil || c.want != "" && (err == nil || !strings.Contains(err.Error(), c.want)) {
			t.Errorf("checkText(%q) = %v, want %q", c.data, err, c.want)
		}
	}
}

func TestResolveInside(t *testing.T) {
	m := fstest.MapFS{
		"a.md":      {Data: []byte("x")},
		"dir/b.md":  {Data: []byte("x")},
		"link.md":   {Data: []byte("dir/b.md"), Mode: fs.ModeSymlink},
		"up.md":     {Data: []byte("../x.md"), Mode: fs.ModeSymlink},
		"dir/up.md": {Data: []byte("../a.md"), Mode: fs.ModeSymlink},
		"abs.md":    {Data: []byte("/etc/passwd"), Mode: fs.ModeSymlink},
		"loop.md":   {Data: []byte("loop.md"), Mode: fs.ModeSymlink},
		"dl":        {Data: []byte(".."), Mode: fs.ModeSymlink},
	}
	for name, want := range map[string]string{
		"link.md": "dir/b.md", "dir/up.md": "a.md", "up.md": "escape", "abs.md": "escape",
		"loop.md": "too many", "dl/x.md": "escape",
	} {
		got, err := resolveInside(m, name, "")
		if err != nil {
			got = err.Error()
		}
		if !strings.Contains(got, want) {
			t.Errorf("resolveInside(%s) = %q, want %q", name, got, want)
		}
	}
}
