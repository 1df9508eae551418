package analysis

import (
	"strings"
	"unicode"
)

// Language codes Detect can return. Other languages come back as
// LangUnknown and are indexed with the Generic analyzer.
const (
	LangEnglish = "en"
	LangRussian = "ru"
	LangThai    = "th"
	LangUnknown = ""
)

// Share is one language's part of a text, by letters.
type Share struct {
	Lang  string  `json:"lang"`
	Share float64 `json:"share"`
}

// Detection thresholds. They come from general properties of the
// languages, not from any evaluation collection:
//
//   - a script is the text's when it holds at least half its letters
//     (minScriptShare); Thai is recognised by script alone;
//   - Latin or Cyrillic text of at least minProfileWords words is English
//     or Russian only when at least minStopShare of its words are among the
//     language's most frequent function words (running text in either
//     language has 35–50 % of them; text in another language of the same
//     script a few per cent, from shared short words such as "a", "in",
//     "to", "и"); shorter text (a query, a title) is given the script's
//     language, as it has too few words to tell.
const (
	minScriptShare  = 0.5
	minProfileWords = 12
	minStopShare    = 0.12
)

// The profiles are the most frequent function words of each language.
var (
	enProfile = wordSet("the of and to a in is it that for on with as was be are this by or not you your i my we our can do does how what when where which who will an at from have has if there their they he she his her been were would should")
	ruProfile = wordSet("и в не на что с по как это он я к а из для то у о же за от так но все она его быть был или мы вы ты их если бы до уже при только когда есть чтобы может нет")
)

func wordSet(s string) map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(s) {
		m[w] = true
	}
	return m
}

// Detect returns the language of text ("en", "ru", "th", or "" when it is
// none of them or there are no letters), for text whose language is not
// declared: an imported file without a `language` key, a test collection,
// a query. A mixed text gets the language with most letters; see Shares.
func Detect(text string) string {
	sh := Shares(text)
	if len(sh) == 0 || sh[0].Share < minScriptShare {
		if len(sh) > 0 && sh[0].Lang != LangUnknown {
			return sh[0].Lang // no majority: the largest part
		}
		return LangUnknown
	}
	return sh[0].Lang
}

// Shares splits text by language: the share of its letters in Thai, in
// Cyrillic (Russian, when the stop-word profile agrees or the text is too
// short to tell) and in Latin script (English, likewise), largest first.
// Letters of other scripts, and Latin or Cyrillic text that fails its
// profile, count as "" (unknown).
func Shares(text string) []Share {
	var thai, cyr, lat, other float64
	for _, r := range text {
		switch {
		case IsThai(r):
			if unicode.IsLetter(r) || unicode.Is(unicode.Mn, r) {
				thai++
			}
		case !unicode.IsLetter(r):
		case unicode.Is(unicode.Cyrillic, r):
			cyr++
		case unicode.Is(unicode.Latin, r):
			lat++
		default:
			other++
		}
	}
	total := thai + cyr + lat + other
	if total == 0 {
		return nil
	}
	var en, ru, enWords, ruWords, enHits, ruHits float64
	for _, w := range strings.FieldsFunc(strings.ToLower(text), func(r rune) bool {
		return !unicode.IsLetter(r) && r != '\''
	}) {
		r := []rune(w)[0]
		switch {
		case unicode.Is(unicode.Cyrillic, r):
			ruWords++
			if ruProfile[w] {
				ruHits++
			}
		case unicode.Is(unicode.Latin, r):
			enWords++
			if enProfile[w] {
				enHits++
			}
		}
	}
	if enWords < minProfileWords || enHits/enWords >= minStopShare {
		en = lat
	} else {
		other += lat
	}
	if ruWords < minProfileWords || ruHits/ruWords >= minStopShare {
		ru = cyr
	} else {
		other += cyr
	}
	out := make([]Share, 0, 4)
	for _, s := range []Share{{LangThai, thai / total}, {LangRussian, ru / total}, {LangEnglish, en / total}, {LangUnknown, other / total}} {
		if s.Share > 0 {
			out = append(out, s)
		}
	}
	for i := 1; i < len(out); i++ {
		for j := i; j > 0 && out[j].Share > out[j-1].Share; j-- {
			out[j], out[j-1] = out[j-1], out[j]
		}
	}
	return out
}
