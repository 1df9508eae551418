package passage

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// pack joins blocks into chunks of at most maxRunes runes, cutting oversize
// blocks at sentence and then word boundaries.
func pack(blocks []string, maxRunes int) []string {
	var units []string
	for _, b := range blocks {
		if utf8.RuneCountInString(b) <= maxRunes {
			units = append(units, b)
			continue
		}
		units = append(units, splitLong(b, maxRunes)...)
	}
	var out []string
	var cur strings.Builder
	curN := 0
	for _, u := range units {
		n := utf8.RuneCountInString(u)
		if curN > 0 && curN+2+n > maxRunes {
			out = append(out, cur.String())
			cur.Reset()
			curN = 0
		}
		if curN > 0 {
			cur.WriteString("\n\n")
			curN += 2
		}
		cur.WriteString(u)
		curN += n
	}
	if curN > 0 {
		out = append(out, cur.String())
	}
	return out
}

// splitLong cuts one paragraph into pieces of at most maxRunes runes,
// preferring sentence ends, then spaces, then a hard cut.
func splitLong(s string, maxRunes int) []string {
	var out []string
	var cur strings.Builder
	curN := 0
	for _, sent := range sentences(s) {
		n := utf8.RuneCountInString(sent)
		if n > maxRunes {
			if curN > 0 {
				out = append(out, cur.String())
				cur.Reset()
				curN = 0
			}
			out = append(out, splitWords(sent, maxRunes)...)
			continue
		}
		if curN > 0 && curN+1+n > maxRunes {
			out = append(out, cur.String())
			cur.Reset()
			curN = 0
		}
		if curN > 0 {
			cur.WriteByte(' ')
			curN++
		}
		cur.WriteString(sent)
		curN += n
	}
	if curN > 0 {
		out = append(out, cur.String())
	}
	return out
}

// sentences splits after '.', '!', '?', '…' (and their full-width forms)
// followed by a space. Thai has no sentence punctuation; its spaces act as
// phrase breaks and are handled by splitWords.
func sentences(s string) []string {
	var out []string
	start := 0
	rs := []rune(s)
	byteAt := 0
	for i, r := range rs {
		byteAt += utf8.RuneLen(r)
		if strings.ContainsRune(".!?…。！？", r) && i+1 < len(rs) && unicode.IsSpace(rs[i+1]) {
			out = append(out, strings.TrimSpace(s[start:byteAt]))
			start = byteAt
		}
	}
	if rest := strings.TrimSpace(s[start:]); rest != "" {
		out = append(out, rest)
	}
	return out
}

func splitWords(s string, maxRunes int) []string {
	var out []string
	var cur []rune
	for _, w := range strings.Fields(s) {
		wr := []rune(w)
		for len(wr) > maxRunes { // a "word" longer than the bound: hard cut
			if len(cur) > 0 {
				out = append(out, string(cur))
				cur = cur[:0]
			}
			out = append(out, string(wr[:maxRunes]))
			wr = wr[maxRunes:]
		}
		if len(cur) > 0 && len(cur)+1+len(wr) > maxRunes {
			out = append(out, string(cur))
			cur = cur[:0]
		}
		if len(cur) > 0 {
			cur = append(cur, ' ')
		}
		cur = append(cur, wr...)
	}
	if len(cur) > 0 {
		out = append(out, string(cur))
	}
	return out
}
