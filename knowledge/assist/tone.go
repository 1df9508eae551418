package assist

import "strings"

// Tone: how a reply greets the customer, from their profile.
//
//	tone       with a title (en)    without (en)          ru                      th
//	formal     "Dear Ms Novak,"     "Hello Anna Novak,"   "Здравствуйте, Анна Новак!"  "เรียน คุณAnna Novak"
//	informal   "Hi Anna,"           "Hi Anna,"            "Привет, Анна!"             "สวัสดี Anna"
//	unknown    "Hi Anna," (the preferred name, else the first name; "Hello," without a name)
//
// Names are cleaned by DisplayName: markup, control and hidden characters
// never reach the greeting.

// Tones a customer profile may give.
const (
	ToneFormal   = "formal"
	ToneInformal = "informal"
)

// toneBook holds the tone greetings by language: formal with a title and
// surname, formal with the full name, informal with the short name.
var toneBook = map[string]struct{ dearTitle, helloFull, hi string }{
	LangEnglish: {dearTitle: "Dear %s,", helloFull: "Hello %s,", hi: "Hi %s,"},
	LangRussian: {dearTitle: "Здравствуйте, %s!", helloFull: "Здравствуйте, %s!", hi: "Привет, %s!"},
	LangThai:    {dearTitle: "เรียน คุณ%s", helloFull: "เรียน คุณ%s", hi: "สวัสดี %s"},
}

// toneGreetings lists the tone greetings of the language of p, for the
// template sentences grounding treats as pleasantries.
func toneGreetings(p phrases) []string {
	for lang, q := range phraseBook {
		if q == p {
			t := toneBook[lang]
			return []string{t.dearTitle, t.helloFull, t.hi}
		}
	}
	return nil
}

// Greeting opens a reply to customer c in language lang.
func Greeting(c Customer, lang string) string {
	p := phrasesFor(lang)
	t, ok := toneBook[lang]
	if !ok {
		t = toneBook[LangEnglish]
	}
	short := DisplayName(c)
	switch strings.ToLower(strings.TrimSpace(c.Tone)) {
	case ToneFormal:
		full := DisplayName(Customer{PreferredName: c.Name})
		if title := DisplayName(Customer{PreferredName: c.Title}); title != "" && full != "" {
			parts := strings.Fields(full)
			return strings.Replace(t.dearTitle, "%s", title+" "+parts[len(parts)-1], 1)
		}
		if full == "" {
			full = short
		}
		if full != "" {
			return strings.Replace(t.helloFull, "%s", full, 1)
		}
		return p.hello
	case ToneInformal:
		if short != "" {
			return strings.Replace(t.hi, "%s", short, 1)
		}
		return p.hello
	}
	if short != "" {
		return strings.Replace(p.helloName, "%s", short, 1)
	}
	return p.hello
}
