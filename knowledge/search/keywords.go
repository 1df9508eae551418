package search

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// MaxKeywords is the default bound of Keywords. A customer's 2,000-character
// message becomes a query of its distinct content words: every word of a
// long text as a BM25 query costs hundreds of posting-list scans (the index
// keeps stop words, which matter for short questions) and dilutes the vector.
const MaxKeywords = 40

// conversationStopWords are function words of English and Russian that say
// nothing about what a request is about. They are dropped only when a long
// conversation is turned into a query, never from the index or from what
// an agent types.
var conversationStopWords = func() map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(`a an and are as at be been but by can could did do does for from had has have
hello hi how i i'm if in into is it it's its just me my no not of on or our please so some than thank thanks that
the their them then there these they this to too us was we were what when where which who why will with would
you your yours dear regards kind best also very any all am get got can't don't still again ok okay yes
и в во не что он на я с со как а то все она так его но да ты к у же вы за бы по только ее мне было вот от меня
еще нет о из ему теперь когда даже ну вдруг ли если уже или ни быть был него до вас нибудь опять уж вам ведь там
потом себя ничего ей может они тут где есть надо ней для мы тебя их чем была сам чтоб без будто чего раз тоже
себе под будет ж тогда кто этот того потому этого какой совсем ним здесь этом один почти мой тем чтобы нее
здравствуйте спасибо пожалуйста`) {
		m[w] = true
	}
	return m
}()

// Keywords returns the distinct content words of a long text (a support
// conversation) in order of first appearance, at most max of them, as a
// query. Runs of Thai script (written without
// spaces) are kept as they are, up to 24 characters each.
func Keywords(text string, max int) string {
	seen := map[string]bool{}
	var out []string
	for _, w := range strings.FieldsFunc(strings.ToLower(text), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r) && !unicode.Is(unicode.Mn, r) && r != '\'' && r != '-'
	}) {
		w = strings.Trim(w, "'-")
		if utf8.RuneCountInString(w) < 2 || conversationStopWords[w] || seen[w] {
			continue
		}
		if r := []rune(w); len(r) > 24 {
			w = string(r[:24])
		}
		seen[w] = true
		out = append(out, w)
		if len(out) == max {
			break
		}
	}
	return strings.Join(out, " ")
}
