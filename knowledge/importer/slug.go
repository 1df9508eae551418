package importer

import (
	"crypto/sha256"
	"encoding/hex"
	"path"
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"

	"concierge/knowledge"
)

// Slugify turns a file name or title into an article id: lowercase ASCII
// letters and digits, with '-', '_' and '.' kept and every other run of
// characters replaced by one '-'. Accents are dropped ("Rückgabe" →
// "ruckgabe"). It returns "" when nothing usable is left.
func Slugify(s string) string {
	var b strings.Builder
	dash := false
	for _, r := range norm.NFD.String(s) {
		switch {
		case unicode.Is(unicode.Mn, r):
			continue // combining accent
		case r >= 'A' && r <= 'Z':
			r += 'a' - 'A'
		case r >= 'a' && r <= 'z', r >= '0' && r <= '9', r == '_', r == '.', r == '-':
		default:
			r = '-'
		}
		if r == '-' {
			if dash {
				continue
			}
			dash = true
		} else {
			dash = false
		}
		b.WriteRune(r)
	}
	out := strings.TrimLeft(b.String(), "-_.")
	if len(out) > knowledge.MaxIDLen {
		out = out[:knowledge.MaxIDLen]
	}
	return strings.TrimRight(out, "-_.")
}

// idFromPath derives an id from a file's base name; names with no usable
// characters (for example only CJK) get a stable id from a hash of the path.
func idFromPath(p string) string {
	base := path.Base(p)
	base = strings.TrimSuffix(base, path.Ext(base))
	if id := Slugify(base); id != "" {
		return id
	}
	sum := sha256.Sum256([]byte(p))
	return "article-" + hex.EncodeToString(sum[:6])
}
