package core

import (
	"strings"
	"unicode"
)

// DiffOp is one run of a word diff: "eq" (kept), "del" (in the option,
// not sent) or "ins" (sent, not in the option).
type DiffOp struct {
	Op   string `json:"op"`
	Text string `json:"text"`
}

// maxDiffTokens bounds the quadratic word diff; longer texts are shown as
// one deletion and one insertion.
const maxDiffTokens = 3000

// WordDiff returns the word-level difference from a to b: runs of words
// and the spaces after them, kept, deleted or inserted (a longest common
// subsequence of the tokens). Joining the "eq" and "del" runs gives a,
// joining "eq" and "ins" gives b.
func WordDiff(a, b string) []DiffOp {
	ta, tb := tokens(a), tokens(b)
	if len(ta) > maxDiffTokens || len(tb) > maxDiffTokens {
		return appendOps(appendOps(nil, "del", a), "ins", b)
	}
	// lcs[i][j]: length of the LCS of ta[i:] and tb[j:].
	n, m := len(ta), len(tb)
	lcs := make([][]int32, n+1)
	for i := range lcs {
		lcs[i] = make([]int32, m+1)
	}
	for i := n - 1; i >= 0; i-- {
		for j := m - 1; j >= 0; j-- {
			if ta[i] == tb[j] {
				lcs[i][j] = lcs[i+1][j+1] + 1
			} else {
				lcs[i][j] = max(lcs[i+1][j], lcs[i][j+1])
			}
		}
	}
	var out []DiffOp
	i, j := 0, 0
	for i < n && j < m {
		switch {
		case ta[i] == tb[j]:
			out = appendOps(out, "eq", ta[i])
			i, j = i+1, j+1
		case lcs[i+1][j] >= lcs[i][j+1]:
			out = appendOps(out, "del", ta[i])
			i++
		default:
			out = appendOps(out, "ins", tb[j])
			j++
		}
	}
	for ; i < n; i++ {
		out = appendOps(out, "del", ta[i])
	}
	for ; j < m; j++ {
		out = appendOps(out, "ins", tb[j])
	}
	if out == nil {
		out = []DiffOp{}
	}
	return out
}

// tokens splits s into words, each with the white space that follows it
// (leading white space is a token of its own).
func tokens(s string) []string {
	var out []string
	start, inSpace := 0, false
	for i, r := range s {
		sp := unicode.IsSpace(r)
		if !sp && inSpace && i > start {
			out = append(out, s[start:i])
			start = i
		}
		inSpace = sp
	}
	if start < len(s) {
		out = append(out, s[start:])
	}
	return out
}

func appendOps(ops []DiffOp, op, text string) []DiffOp {
	if text == "" {
		return ops
	}
	if k := len(ops) - 1; k >= 0 && ops[k].Op == op {
		var b strings.Builder
		b.WriteString(ops[k].Text)
		b.WriteString(text)
		ops[k].Text = b.String()
		return ops
	}
	return append(ops, DiffOp{Op: op, Text: text})
}
