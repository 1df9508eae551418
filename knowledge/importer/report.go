package importer

import (
	"fmt"
	"strings"
)

// FileError is a file that was skipped, with a reason a user can act on.
type FileError struct {
	Path   string `json:"path"`   // relative to the imported folder, forward slashes
	Reason string `json:"reason"` // e.g. "front matter, line 3: ..."
}

// Report tells what an import did. The id lists are in file order.
type Report struct {
	Source    string      `json:"source"`
	Created   []string    `json:"created"`
	Updated   []string    `json:"updated"`
	Unchanged []string    `json:"unchanged"`
	Archived  []string    `json:"archived"`
	Failed    []FileError `json:"failed"`
	// Empty lists the files skipped because they hold no text and no
	// title (whitespace only, or front matter without a title): a folder
	// of empty files is one warning with a count, not a list of failures.
	Empty []string `json:"empty"`
	// EmptyDrafts lists the articles (ids) whose file has a title but no
	// text: they are imported as drafts whatever status the file gives.
	EmptyDrafts []string `json:"emptyDrafts"`
	// NoDepartment lists the articles (ids) imported without a department:
	// their file names none and Options.DefaultDepartment was empty.
	NoDepartment []string `json:"noDepartment"`
}

// Summary is a one-line account such as
// "3 new, 1 updated, 40 unchanged, 1 archived; 2 files skipped".
func (r Report) Summary() string {
	parts := []string{
		fmt.Sprintf("%d new", len(r.Created)),
		fmt.Sprintf("%d updated", len(r.Updated)),
		fmt.Sprintf("%d unchanged", len(r.Unchanged)),
	}
	if len(r.Archived) > 0 {
		parts = append(parts, fmt.Sprintf("%d archived (file removed)", len(r.Archived)))
	}
	if n := len(r.EmptyDrafts); n > 0 {
		parts = append(parts, fmt.Sprintf("%d with a title but no text kept as %s", n, plural(n, "draft", "drafts")))
	}
	s := strings.Join(parts, ", ")
	if n := len(r.Empty); n > 0 {
		s += fmt.Sprintf("; %d empty %s skipped (no text and no title)", n, plural(n, "file", "files"))
	}
	switch n := len(r.Failed); n {
	case 0:
	case 1:
		s += "; 1 file skipped: " + r.Failed[0].Path + ": " + r.Failed[0].Reason
	default:
		s += fmt.Sprintf("; %d files skipped (see the list for reasons)", n)
	}
	return s
}

func (r *Report) fail(path, format string, args ...any) {
	r.Failed = append(r.Failed, FileError{Path: path, Reason: fmt.Sprintf(format, args...)})
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}
