package importer

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"path"
	"path/filepath"
	"strings"
	"unicode/utf8"
)

// isMarkdown reports whether name has a Markdown extension.
func isMarkdown(name string) bool {
	switch strings.ToLower(path.Ext(name)) {
	case ".md", ".markdown":
		return true
	}
	return false
}

// isHTML reports whether name has an HTML extension.
func isHTML(name string) bool {
	switch strings.ToLower(path.Ext(name)) {
	case ".html", ".htm":
		return true
	}
	return false
}

// fileProblem is a reason to skip a file, shown to the user.
type fileProblem struct{ reason string }

func (p *fileProblem) Error() string { return p.reason }

func problem(format string, args ...any) error {
	return &fileProblem{reason: fmt.Sprintf(format, args...)}
}

var errEscapes = errors.New("escapes")

// resolveInside follows the symlinks in name, one path element at a time,
// and returns the path it refers to inside fsys. A link that is absolute
// (and not under rootAbs) or climbs above the root fails with errEscapes.
func resolveInside(fsys fs.FS, name, rootAbs string) (string, error) {
	parts := strings.Split(name, "/")
	resolved := ""
	hops := 0
	for len(parts) > 0 {
		p := parts[0]
		parts = parts[1:]
		switch p {
		case "", ".":
			continue
		case "..":
			if resolved == "" {
				return "", errEscapes
			}
			resolved = path.Dir(resolved)
			if resolved == "." {
				resolved = ""
			}
			continue
		}
		next := path.Join(resolved, p)
		fi, err := fs.Lstat(fsys, next)
		if err != nil {
			return "", err
		}
		if fi.Mode()&fs.ModeSymlink == 0 {
			resolved = next
			continue
		}
		if hops++; hops > 40 {
			return "", errors.New("too many levels of symbolic links")
		}
		target, err := fs.ReadLink(fsys, next)
		if err != nil {
			return "", err
		}
		if filepath.IsAbs(target) || path.IsAbs(filepath.ToSlash(target)) || filepath.VolumeName(target) != "" {
			rel, ok := underRoot(target, rootAbs)
			if !ok {
				return "", errEscapes
			}
			resolved, target = "", rel
		}
		parts = append(strings.Split(filepath.ToSlash(target), "/"), parts...)
	}
	if resolved == "" {
		return ".", nil
	}
	return resolved, nil
}

func underRoot(target, rootAbs string) (string, bool) {
	if rootAbs == "" {
		return "", false
	}
	rel, err := filepath.Rel(rootAbs, filepath.Clean(target))
	if err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) || filepath.IsAbs(rel) {
		return "", false
	}
	return rel, true
}

// readText opens name (already resolved), refuses anything that is not a
// regular text file of at most maxBytes, and returns its content. The size
// is checked with Stat before reading, so a huge file is never loaded.
func readText(fsys fs.FS, name string, maxBytes int64) ([]byte, error) {
	f, err := fsys.Open(name)
	if err != nil {
		return nil, problem("cannot be opened: %v", plainErr(err))
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return nil, problem("cannot be read: %v", plainErr(err))
	}
	if !fi.Mode().IsRegular() {
		return nil, problem("is not a regular file")
	}
	if fi.Size() > maxBytes {
		return nil, problem("is %s, larger than the %s limit; split it into smaller articles", size(fi.Size()), size(maxBytes))
	}
	data, err := io.ReadAll(io.LimitReader(f, maxBytes+1))
	if err != nil {
		return nil, problem("cannot be read: %v", plainErr(err))
	}
	if int64(len(data)) > maxBytes {
		return nil, problem("grew beyond the %s limit while being read; split it into smaller articles", size(maxBytes))
	}
	return data, checkText(data)
}

// checkText rejects binary and non-UTF-8 content with a precise reason.
func checkText(data []byte) error {
	if bytes.HasPrefix(data, []byte{0xFF, 0xFE}) || bytes.HasPrefix(data, []byte{0xFE, 0xFF}) {
		return problem("is UTF-16 text; re-save it as UTF-8")
	}
	if i := bytes.IndexByte(data, 0); i >= 0 {
		return problem("looks like a binary file, not Markdown text (it contains a NUL byte on line %d)", lineAt(data, i))
	}
	if !utf8.Valid(data) {
		i := 0
		for i < len(data) {
			r, n := utf8.DecodeRune(data[i:])
			if r == utf8.RuneError && n <= 1 {
				break
			}
			i += n
		}
		return problem("is not valid UTF-8 text (first bad byte on line %d); re-save it with UTF-8 encoding", lineAt(data, i))
	}
	return nil
}

func lineAt(data []byte, off int) int { return bytes.Count(data[:off], []byte{'\n'}) + 1 }

func size(n int64) string {
	switch {
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MiB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%.1f KiB", float64(n)/(1<<10))
	}
	return fmt.Sprintf("%d bytes", n)
}

// plainErr drops the "open x:" prefix of *fs.PathError; the report already
// names the file.
func plainErr(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}
