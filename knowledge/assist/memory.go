package assist

import (
	"regexp"
	"strings"
	"time"
	"unicode"

	"concierge/knowledge/assist/textscan"
)

// Customer memory: what Concierge knows about the customer beyond this
// request — the name they prefer, their language and their earlier
// requests — used by the draft.

// PastRequest is one of the customer's earlier requests, as the request
// store knows it (the caller fills it from CustomerHistory and the request
// itself; newest first).
type PastRequest struct {
	Subject string    `json:"subject"`
	Status  string    `json:"status"`  // e.g. "resolved", "open"
	Outcome string    `json:"outcome"` // what was done, e.g. "refund issued", written by an agent
	At      time.Time `json:"at"`      // when it was resolved or last updated
}

// Language codes the drafts know greetings for.
const (
	LangEnglish = "en"
	LangRussian = "ru"
	LangThai    = "th"
)

// phrases are the fixed words of a draft in one language. They state no
// fact about the knowledge base; grounding treats them as pleasantries.
type phrases struct {
	hello, helloName, thanks, closing string
	checking, followUp, askFact       string
	earlier, more                     string
}

var phraseBook = map[string]phrases{
	LangEnglish: {
		hello: "Hello,", helloName: "Hi %s,", thanks: "Thank you for your message.", closing: "Kind regards,",
		checking: "I am checking this with our %s team and will get back to you.",
		followUp: "I have passed this on to our %s team and will follow up with you by [follow-up date].",
		askFact:  "So that I can sort this out for you, could you tell me when this happened and any reference or confirmation number you have?",
		earlier:  "I can see your earlier request \u201c%s\u201d from %s (%s).",
		more:     "About \u201c%s\u201d: could you tell me a little more, so that I can find the right answer?",
	},
	LangRussian: {
		hello: "Здравствуйте!", helloName: "Здравствуйте, %s!", thanks: "Спасибо за ваше сообщение.", closing: "С уважением,",
		checking: "Я уточняю этот вопрос в отделе %s и вернусь к вам с ответом.",
		followUp: "Я передал(а) ваш вопрос в отдел %s и свяжусь с вами до [follow-up date].",
		askFact:  "Чтобы помочь вам, подскажите, пожалуйста, когда это произошло и есть ли у вас номер подтверждения?",
		earlier:  "Я вижу ваше предыдущее обращение \u00ab%s\u00bb от %s (%s).",
		more:     "По вопросу \u00ab%s\u00bb: расскажите, пожалуйста, подробнее, чтобы я нашёл верный ответ?",
	},
	LangThai: {
		hello: "สวัสดีค่ะ", helloName: "สวัสดีค่ะ คุณ%s", thanks: "ขอบคุณสำหรับข้อความของคุณ", closing: "ด้วยความเคารพ",
		checking: "ดิฉันกำลังตรวจสอบเรื่องนี้กับทีม %s และจะติดต่อกลับค่ะ",
		followUp: "ดิฉันได้ส่งเรื่องนี้ให้ทีม %s แล้ว และจะติดต่อกลับภายใน [follow-up date] ค่ะ",
		askFact:  "เพื่อช่วยเหลือคุณ ช่วยแจ้งได้ไหมคะว่าเกิดขึ้นเมื่อไร และมีหมายเลขยืนยันหรือไม่?",
		earlier:  "ดิฉันเห็นคำขอก่อนหน้าของคุณ \u201c%s\u201d เมื่อ %s (%s)",
		more:     "เกี่ยวกับ \u201c%s\u201d ช่วยเล่ารายละเอียดเพิ่มเติมได้ไหมคะ?",
	},
}

func phrasesFor(lang string) phrases {
	if p, ok := phraseBook[lang]; ok {
		return p
	}
	return phraseBook[LangEnglish]
}

// replyLanguage is the customer's language: Customer.Language when it is
// one the drafts know, else the script of the customer's messages.
func replyLanguage(req Request) string {
	if l := strings.ToLower(strings.TrimSpace(req.Customer.Language)); l != "" {
		l, _, _ = strings.Cut(l, "-")
		if _, ok := phraseBook[l]; ok {
			return l
		}
	}
	var text strings.Builder
	text.WriteString(req.Subject)
	for _, m := range req.Messages {
		if m.Author != AuthorAgent {
			text.WriteString(" " + m.Text)
		}
	}
	return scriptLanguage(text.String())
}

// scriptLanguage guesses a language from the letters of s: mostly Cyrillic
// is Russian, mostly Thai is Thai, otherwise English.
func scriptLanguage(s string) string {
	var latin, cyr, thai int
	for _, r := range s {
		switch {
		case unicode.Is(unicode.Cyrillic, r):
			cyr++
		case unicode.Is(unicode.Thai, r):
			thai++
		case unicode.Is(unicode.Latin, r):
			latin++
		}
	}
	switch {
	case cyr > latin && cyr >= thai:
		return LangRussian
	case thai > latin && thai > cyr:
		return LangThai
	}
	return LangEnglish
}

var markupRE = regexp.MustCompile(`<[^>]*>|&[#a-zA-Z0-9]+;|\[[^\]]*\]\([^)]*\)|[*_` + "`" + `#>\[\]{}|\\]`)

// DisplayName is the name a reply greets the customer by: the preferred
// name, else the first word of the name, with markup, control and hidden
// characters removed and only letters, marks, apostrophes, hyphens, dots
// and spaces kept (at most 40 runes). "" when nothing usable is left.
func DisplayName(c Customer) string {
	name := textscan.StripHidden(c.PreferredName)
	whole := strings.TrimSpace(c.PreferredName) != ""
	if !whole {
		name = textscan.StripHidden(c.Name)
	}
	name = markupRE.ReplaceAllString(name, " ")
	var b strings.Builder
	for _, r := range name {
		switch {
		case unicode.IsLetter(r) || unicode.IsMark(r) || r == '\'' || r == '\u2019' || r == '-' || r == '.':
			b.WriteRune(r)
		default:
			b.WriteByte(' ')
		}
	}
	fields := strings.Fields(b.String())
	if len(fields) == 0 {
		return ""
	}
	if !whole {
		fields = fields[:1]
	}
	out := strings.Trim(strings.Join(fields, " "), ".-'")
	if r := []rune(out); len(r) > 40 {
		out = string(r[:40])
	}
	return out
}

// greetingLine opens a reply: "Hi Anna," or "Hello,", or by the
// customer's tone (tone.go): "Dear Ms Novak," / "Hi Anna,".
func greetingLine(req Request, lang string) string { return Greeting(req.Customer, lang) }

// closingLines ends a reply: the closing and, when known, the agent's name.
func closingLines(req Request, lang string) string {
	c := phrasesFor(lang).closing
	if n := DisplayName(Customer{PreferredName: req.AgentName}); n != "" {
		return c + "\n" + n
	}
	return c
}

// relatedHistory returns the newest earlier request whose subject or
// outcome shares enough of the question's content words (the relevance
// threshold of relevance.go), or false.
func relatedHistory(req Request, question string) (PastRequest, bool) {
	for _, h := range req.History {
		if strings.TrimSpace(h.Subject) == "" || h.At.IsZero() {
			continue
		}
		if coverage(question, h.Subject+"\n"+h.Outcome) >= RelevanceThreshold {
			return h, true
		}
	}
	return PastRequest{}, false
}

// historySentence mentions an earlier request: "I can see your earlier
// request “Refund” from 12 November (refund issued)."
func historySentence(h PastRequest, lang string) string {
	outcome := strings.TrimSpace(h.Outcome)
	if outcome == "" {
		outcome = strings.TrimSpace(h.Status)
	}
	if outcome == "" {
		outcome = "open"
	}
	s := phrasesFor(lang).earlier
	s = strings.Replace(s, "%s", cleanInline(h.Subject), 1)
	s = strings.Replace(s, "%s", h.At.Format("2 January 2006"), 1)
	return strings.Replace(s, "%s", cleanInline(outcome), 1)
}

// cleanInline makes untrusted text safe to quote inside a sentence: hidden
// characters and markup removed, on one line, at most 120 runes.
func cleanInline(s string) string {
	s = markupRE.ReplaceAllString(textscan.StripHidden(s), " ")
	s = strings.Join(strings.Fields(s), " ")
	if r := []rune(s); len(r) > 120 {
		s = string(r[:120]) + "…"
	}
	return s
}

// stepTemplates are the agent steps Concierge writes itself.
var stepTemplates = []string{
	"Check what the customer needs with the %s team before you answer: no customer-facing article covers it.",
	"Set a reminder to follow up by the date you give the customer.",
	"Before sending, replace every highlighted gap in the reply.",
	"No knowledge base article answers this request: send the question, or check with the department concerned before answering.",
	"When the customer answers, suggest again: the reply will cover what they tell you.",
	"Possibly related: %s",
}

// templateREs match Concierge's fixed sentences (phrases of every language
// and step templates), with any text in place of "%s" and of the follow-up
// placeholder.
var templateREs = func() []*regexp.Regexp {
	var texts []string
	for _, p := range phraseBook {
		texts = append(texts, p.hello, p.helloName, p.thanks, p.closing, p.checking, p.followUp, p.askFact)
		texts = append(texts, toneGreetings(p)...)
	}
	texts = append(texts, stepTemplates...)
	var out []*regexp.Regexp
	for _, t := range texts {
		for _, s := range splitSentences(t) {
			q := regexp.QuoteMeta(s)
			// A name or a department: at most four words, no digits or
			// punctuation beyond "&", "'", "-" and ".".
			q = strings.ReplaceAll(q, "%s", `[\p{L}\p{M}&'.-]+(?: [\p{L}\p{M}&'.-]+){0,3}`)
			q = strings.ReplaceAll(q, regexp.QuoteMeta("[follow-up date]"), `[^.!?\n]{1,40}`)
			out = append(out, regexp.MustCompile(`^`+q+`$`))
		}
	}
	return out
}()

// moreREs match the clarifying sentence about a question, capturing the
// quoted question.
var moreREs = func() []*regexp.Regexp {
	var out []*regexp.Regexp
	for _, p := range phraseBook {
		q := strings.Replace(regexp.QuoteMeta(p.more), "%s", `([^\n]{1,80})`, 1)
		out = append(out, regexp.MustCompile(`^`+q+`$`))
	}
	return out
}()

// quotesCustomer reports whether s is the clarifying sentence about a
// question and quotes the customer's own words (customerText, cleaned).
func quotesCustomer(s, customerText string) bool {
	for _, re := range moreREs {
		if m := re.FindStringSubmatch(strings.TrimSpace(s)); m != nil {
			return strings.Contains(normSpaces(customerText), normSpaces(m[1]))
		}
	}
	return false
}

func normSpaces(s string) string {
	return strings.ToLower(strings.Join(strings.Fields(strings.Map(func(r rune) rune {
		if strings.ContainsRune(".!?", r) {
			return ' '
		}
		return r
	}, cleanInline(s))), " "))
}

// isTemplateSentence reports whether s is one of Concierge's own fixed
// sentences.
func isTemplateSentence(s string) bool {
	s = strings.TrimSpace(s)
	for _, re := range templateREs {
		if re.MatchString(s) {
			return true
		}
	}
	return false
}
