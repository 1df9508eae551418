// Package editorial holds the knowledge editor's tools that need no store of
// their own: line diffs between article versions, knowledge-gap clustering
// over the query log, near-duplicate detection, import planning (a dry run
// of the importer), Markdown export and HTML → Markdown conversion.
package editorial

import "strings"

// Op is what a diff line does.
type Op string

const (
	OpEqual  Op = "equal"
	OpInsert Op = "insert"
	OpDelete Op = "delete"
)

// DiffLine is one line of a line diff. OldNo and NewNo are 1-based line
// numbers in the old and new text; 0 when the line is not in that text
// (and for metadata lines, which belong to neither body).
type DiffLine struct {
	Op    Op     `json:"op"`
	Text  string `json:"text"`
	OldNo int    `json:"oldNo"`
	NewNo int    `json:"newNo"`
}

// maxEditDistance bounds the Myers search; beyond it the texts are treated
// as entirely different (every old line deleted, every new line inserted),
// which is correct if not minimal, and keeps huge rewrites cheap.
const maxEditDistance = 2000

// SplitLines splits text into lines without their "\n". A trailing newline
// does not make an extra empty line; "" has no lines.
func SplitLines(text string) []string {
	if text == "" {
		return nil
	}
	text = strings.ReplaceAll(text, "\r\n", "\n")
	text = strings.TrimSuffix(text, "\n")
	return strings.Split(text, "\n")
}

// Lines returns a minimal line diff turning oldText into newText (Myers'
// O(ND) algorithm, after trimming the common prefix and suffix). Deletions
// come before insertions within a changed block.
func Lines(oldText, newText string) []DiffLine {
	return diffLines(SplitLines(oldText), SplitLines(newText))
}

func diffLines(a, b []string) []DiffLine {
	out := make([]DiffLine, 0, max(len(a), len(b)))
	// Common prefix.
	p := 0
	for p < len(a) && p < len(b) && a[p] == b[p] {
		out = append(out, DiffLine{Op: OpEqual, Text: a[p], OldNo: p + 1, NewNo: p + 1})
		p++
	}
	// Common suffix.
	s := 0
	for s < len(a)-p && s < len(b)-p && a[len(a)-1-s] == b[len(b)-1-s] {
		s++
	}
	out = append(out, middle(a[p:len(a)-s], b[p:len(b)-s], p, p)...)
	for i := 0; i < s; i++ {
		ai, bi := len(a)-s+i, len(b)-s+i
		out = append(out, DiffLine{Op: OpEqual, Text: a[ai], OldNo: ai + 1, NewNo: bi + 1})
	}
	return out
}

// middle diffs a and b, whose first lines are line offA+1 and offB+1.
func middle(a, b []string, offA, offB int) []DiffLine {
	n, m := len(a), len(b)
	if n == 0 && m == 0 {
		return nil
	}
	var out []DiffLine
	del := func(i int) { out = append(out, DiffLine{Op: OpDelete, Text: a[i], OldNo: offA + i + 1}) }
	ins := func(j int) { out = append(out, DiffLine{Op: OpInsert, Text: b[j], NewNo: offB + j + 1}) }
	eq := func(i, j int) {
		out = append(out, DiffLine{Op: OpEqual, Text: a[i], OldNo: offA + i + 1, NewNo: offB + j + 1})
	}
	if n == 0 || m == 0 {
		for i := range a {
			del(i)
		}
		for j := range b {
			ins(j)
		}
		return out
	}

	// Myers: v[k+off] is the furthest x on diagonal k after d edits; trace
	// keeps a copy of v per d to walk the path back.
	maxD := min(n+m, maxEditDistance)
	off := maxD + 1
	v := make([]int, 2*off+1)
	// trace[d] holds v[-d-1 .. d+1] as it was before step d (all that the
	// walk back reads), so memory grows with d², not d·(n+m).
	var trace [][]int
	found := false
	for d := 0; d <= maxD && !found; d++ {
		trace = append(trace, append([]int(nil), v[off-d-1:off+d+2]...))
		for k := -d; k <= d; k += 2 {
			var x int
			if k == -d || (k != d && v[k-1+off] < v[k+1+off]) {
				x = v[k+1+off] // down: insertion
			} else {
				x = v[k-1+off] + 1 // right: deletion
			}
			y := x - k
			for x < n && y < m && a[x] == b[y] {
				x++
				y++
			}
			v[k+off] = x
			if x >= n && y >= m {
				found = true
				break
			}
		}
	}
	if !found {
		for i := range a {
			del(i)
		}
		for j := range b {
			ins(j)
		}
		return out
	}
	// Walk back from (n, m) collecting moves in reverse.
	type move struct {
		op   Op
		i, j int
	}
	var rev []move
	x, y := n, m
	for d := len(trace) - 1; d >= 0; d-- {
		vd := trace[d]
		at := func(k int) int { return vd[k+d+1] }
		k := x - y
		var prevK int
		if k == -d || (k != d && at(k-1) < at(k+1)) {
			prevK = k + 1
		} else {
			prevK = k - 1
		}
		prevX := at(prevK)
		prevY := prevX - prevK
		for x > prevX && y > prevY {
			x--
			y--
			rev = append(rev, move{OpEqual, x, y})
		}
		if d > 0 {
			if x == prevX {
				y--
				rev = append(rev, move{OpInsert, x, y})
			} else {
				x--
				rev = append(rev, move{OpDelete, x, y})
			}
		}
	}
	// Emit forwards, putting the deletions of each changed run before its
	// insertions.
	var pendDel, pendIns []int
	flush := func() {
		for _, i := range pendDel {
			del(i)
		}
		for _, j := range pendIns {
			ins(j)
		}
		pendDel, pendIns = pendDel[:0], pendIns[:0]
	}
	for i := len(rev) - 1; i >= 0; i-- {
		mv := rev[i]
		switch mv.op {
		case OpEqual:
			flush()
			eq(mv.i, mv.j)
		case OpDelete:
			pendDel = append(pendDel, mv.i)
		case OpInsert:
			pendIns = append(pendIns, mv.j)
		}
	}
	flush()
	return out
}

// Apply rebuilds both texts' lines from a diff (tests and sanity checks):
// the old text is the equal and deleted lines, the new text the equal and
// inserted lines, metadata lines (numbered 0 on both sides) excluded.
func Apply(d []DiffLine) (oldLines, newLines []string) {
	for _, l := range d {
		switch l.Op {
		case OpEqual:
			oldLines = append(oldLines, l.Text)
			newLines = append(newLines, l.Text)
		case OpDelete:
			if l.OldNo > 0 {
				oldLines = append(oldLines, l.Text)
			}
		case OpInsert:
			if l.NewNo > 0 {
				newLines = append(newLines, l.Text)
			}
		}
	}
	return oldLines, newLines
}
