package editorial

import (
	"fmt"
	"math/rand"
	"reflect"
	"strings"
	"testing"
)

func render(d []DiffLine) string {
	var b strings.Builder
	for _, l := range d {
		c := map[Op]string{OpEqual: " ", OpInsert: "+", OpDelete: "-"}[l.Op]
		fmt.Fprintf(&b, "%s%s|%d|%d\n", c, l.Text, l.OldNo, l.NewNo)
	}
	return b.String()
}

func TestLinesSimple(t *testing.T) {
	got := render(Lines("a\nb\nc\nd\n", "a\nx\nc\nd\ne\n"))
	want := " a|1|1\n-b|2|0\n+x|0|2\n c|3|3\n d|4|4\n+e|0|5\n"
	if got != want {
		t.Fatalf("diff:\n%s\nwant:\n%s", got, want)
	}
	if d := Lines("", ""); len(d) != 0 {
		t.Fatalf("empty diff: %v", d)
	}
	if got := render(Lines("", "x")); got != "+x|0|1\n" {
		t.Fatalf("insert only: %q", got)
	}
	if got := render(Lines("x\ny", "")); got != "-x|1|0\n-y|2|0\n" {
		t.Fatalf("delete only: %q", got)
	}
}

// lcsLen is the reference: the length of the longest common subsequence.
func lcsLen(a, b []string) int {
	dp := make([][]int, len(a)+1)
	for i := range dp {
		dp[i] = make([]int, len(b)+1)
	}
	for i := len(a) - 1; i >= 0; i-- {
		for j := len(b) - 1; j >= 0; j-- {
			if a[i] == b[j] {
				dp[i][j] = dp[i+1][j+1] + 1
			} else {
				dp[i][j] = max(dp[i+1][j], dp[i][j+1])
			}
		}
	}
	return dp[0][0]
}

func TestLinesRandomisedMinimalAndConsistent(t *testing.T) {
	r := rand.New(rand.NewSource(7))
	for iter := 0; iter < 500; iter++ {
		gen := func() []string {
			n := r.Intn(25)
			out := make([]string, n)
			for i := range out {
				out[i] = string(rune('a' + r.Intn(4)))
			}
			return out
		}
		a, b := gen(), gen()
		d := diffLines(a, b)
		oldL, newL := Apply(d)
		if !reflect.DeepEqual(nz(oldL), nz(a)) || !reflect.DeepEqual(nz(newL), nz(b)) {
			t.Fatalf("diff does not rebuild the texts: %v %v\n%s", a, b, render(d))
		}
		eq := 0
		oldNo, newNo := 0, 0
		for _, l := range d {
			switch l.Op {
			case OpEqual:
				eq++
				oldNo++
				newNo++
				if l.OldNo != oldNo || l.NewNo != newNo {
					t.Fatalf("bad numbering %+v", l)
				}
			case OpDelete:
				oldNo++
				if l.OldNo != oldNo || l.NewNo != 0 {
					t.Fatalf("bad numbering %+v", l)
				}
			case OpInsert:
				newNo++
				if l.NewNo != newNo || l.OldNo != 0 {
					t.Fatalf("bad numbering %+v", l)
				}
			}
		}
		if want := lcsLen(a, b); eq != want {
			t.Fatalf("not minimal: %d equal lines, LCS is %d\n%v\n%v", eq, want, a, b)
		}
	}
}

func nz(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}
