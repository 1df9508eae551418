package assist

import (
	"regexp"
	"strings"

	"concierge/knowledge/assist/textscan"
)

// Prompt injection: article text that tries to instruct the model.
//
// Three defences, each independent of the model behaving well:
//
//  1. Containment (prompt.go): passage text is XML-escaped inside
//     <passage> delimiters, so it cannot close the data block or open a fake
//     one, and the system prompt says passage content is untrusted data.
//  2. Detection: InjectionSignals finds text that addresses the model rather
//     than the customer or agent — "ignore previous instructions", role
//     prefixes such as "system:", chat-template tokens, delimiter tags,
//     requests to reveal keys or prompts, instructions to tell the customer
//     to pay or send money or credentials somewhere. A passage with any
//     signal is suspicious: it still goes in the prompt (as data), but it
//     never counts as grounding, and citing it flags the option.
//  3. Echo and detail checks on every option (reply and steps):
//     - FlagPossibleInjection when a sentence of the option repeats an
//     injected sentence: it shares a distinctive detail with it (a link,
//     e-mail address or number of four digits or more), or at least two
//     content words making up 40 % or more of the option sentence's words;
//     - FlagUntrustedDetail when the option contains a link, e-mail
//     address, phone, account or card number (six digits or more), IBAN or
//     amount of money that appears neither in a trusted (non-suspicious)
//     passage of the prompt nor in the request itself. This catches the
//     harmful payload of an injection ("wire the fee to …") even when the
//     model paraphrases the instruction.

// injectedSentences returns the sentences of text that carry an injection
// signal (each line of the passage is split into sentences).
func injectedSentences(text string) []string {
	var out []string
	for _, s := range splitSentences(text) {
		if len(textscan.Scan(s)) > 0 {
			out = append(out, s)
		}
	}
	return out
}

var (
	urlRE     = regexp.MustCompile(`(?i)\b(?:https?://|www\.)[^\s<>"')\]]+`)
	domainRE  = regexp.MustCompile(`(?i)^[a-z0-9-]+(?:\.[a-z0-9-]+)*\.(?:com|net|org|io|co|biz|info|xyz|ru|cn|top|app|dev)(?:/\S*)?$`)
	mailRE    = regexp.MustCompile(`(?i)\b[a-z0-9._%+\-]+@[a-z0-9.\-]+\.[a-z]{2,}\b`)
	ibanRE    = regexp.MustCompile(`\b[A-Z]{2}\d{2}(?: ?[A-Z0-9]{4}){2,7}(?: ?[A-Z0-9]{1,4})?\b`)
	longNumRE = regexp.MustCompile(`[+(]?\d[\d \-().]{4,}\d`)
	moneyRE   = regexp.MustCompile(`(?i)(?:[$€£¥]|\b(?:usd|eur|gbp|chf)\s?)\s?\d[\d,.]*|\d[\d,.]*\s?(?:[$€£¥]|\b(?:usd|eur|gbp|chf|dollars?|euros?|pounds?)\b)`)
)

// detail is a concrete, checkable datum in an option.
type detail struct {
	kind, raw, norm string
}

// details extracts links, e-mail addresses, IBANs, long numbers and amounts.
func details(text string) []detail {
	var out []detail
	noMail := text
	if strings.Contains(text, "@") {
		for _, m := range mailRE.FindAllString(text, -1) {
			out = append(out, detail{"email", m, strings.ToLower(m)})
		}
		noMail = mailRE.ReplaceAllString(text, " ")
	}
	noURL := noMail
	if lower := strings.ToLower(noMail); strings.Contains(lower, "http") || strings.Contains(lower, "www.") {
		for _, m := range urlRE.FindAllString(noMail, -1) {
			out = append(out, detail{"link", m, normLink(m)})
		}
		noURL = urlRE.ReplaceAllString(noMail, " ")
	}
	for _, f := range strings.Fields(noURL) {
		f = strings.Trim(f, `.,;:!?()[]"'`)
		if strings.Contains(f, ".") && domainRE.MatchString(f) {
			out = append(out, detail{"link", f, normLink(f)})
		}
	}
	if !strings.ContainsAny(noURL, "0123456789") {
		return out
	}
	for _, m := range ibanRE.FindAllString(noURL, -1) {
		out = append(out, detail{"account", m, strings.ReplaceAll(m, " ", "")})
	}
	noIBAN := ibanRE.ReplaceAllString(noURL, " ")
	for _, m := range longNumRE.FindAllString(noIBAN, -1) {
		d := digitsOf(m)
		if len(d) >= 6 && !dateLike(m) {
			out = append(out, detail{"number", m, d})
		}
	}
	for _, m := range moneyRE.FindAllString(noIBAN, -1) {
		if n := numberRE.FindString(m); n != "" {
			out = append(out, detail{"amount", m, normNumber(n)})
		}
	}
	return out
}

var dateLikeRE = regexp.MustCompile(`^\s*\d{4}-\d{2}-\d{2}\s*$|^\s*\d{1,2}[./-]\d{1,2}[./-]\d{2,4}\s*$`)

func dateLike(s string) bool { return dateLikeRE.MatchString(s) }

func normLink(s string) string {
	s = strings.ToLower(strings.TrimRight(s, ".,;:!?"))
	s = strings.TrimPrefix(strings.TrimPrefix(s, "https://"), "http://")
	s = strings.TrimPrefix(s, "www.")
	return strings.TrimRight(s, "/")
}

func digitsOf(s string) string {
	var b strings.Builder
	for _, r := range s {
		if r >= '0' && r <= '9' {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// trustedSet is what the detail check accepts: the details of trusted
// passages and of the request.
type trustedSet struct {
	text    string // lower-cased trusted text, for links and addresses
	numbers []string
	amounts map[string]bool
}

func newTrustedSet(texts []string) trustedSet {
	t := trustedSet{amounts: map[string]bool{}}
	var b strings.Builder
	for _, s := range texts {
		b.WriteString(strings.ToLower(s))
		b.WriteByte('\n')
		for _, m := range longNumRE.FindAllString(s, -1) {
			t.numbers = append(t.numbers, digitsOf(m))
		}
		for _, m := range ibanRE.FindAllString(s, -1) {
			t.numbers = append(t.numbers, strings.ReplaceAll(m, " ", ""))
		}
		for _, f := range factTokens(s) {
			t.amounts[f] = true
		}
	}
	t.text = b.String()
	return t
}

func (t trustedSet) has(d detail) bool {
	switch d.kind {
	case "email", "link":
		return strings.Contains(t.text, d.norm)
	case "amount":
		return t.amounts[d.norm]
	default:
		// A national number ("020 …") matches its international form
		// ("+44 20 …"): the trunk zero is ignored.
		want := d.norm
		if tz := strings.TrimLeft(want, "0"); len(tz) >= 6 {
			want = tz
		}
		for _, n := range t.numbers {
			if strings.Contains(n, want) {
				return true
			}
		}
		return false
	}
}

// untrustedDetails returns the details of text absent from trusted.
func untrustedDetails(text string, trusted trustedSet) []string {
	var out []string
	for _, d := range details(text) {
		if !trusted.has(d) {
			out = append(out, d.raw)
		}
	}
	return out
}

// echoesInjection reports whether a sentence of an option repeats one of the
// injected sentences (see the rules at the top of this file).
func echoesInjection(sentence string, injected []string) bool {
	ss := contentStems(sentence)
	sentDetails := details(sentence)
	for _, inj := range injected {
		for _, d := range details(inj) {
			for _, sd := range sentDetails {
				if sd.norm == d.norm && (d.kind != "amount" && d.kind != "number" || len(digitsOf(d.norm)) >= 4) {
					return true
				}
			}
		}
		for _, f := range factTokens(inj) {
			if len(digitsOf(f)) >= 4 && containsString(factTokens(sentence), f) {
				return true
			}
		}
		is := map[string]bool{}
		for _, s := range contentStems(inj) {
			is[s] = true
		}
		shared := 0
		for _, s := range ss {
			if is[s] {
				shared++
			}
		}
		if shared >= 2 && float64(shared) >= 0.4*float64(len(ss)) {
			return true
		}
	}
	return false
}

func containsString(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// secretRequestRE finds a request for the customer's own secret in an
// option's title, reply or steps: a verb of handing over ("send", "tell",
// "reply with", "what is", …) followed by the customer's password, PIN,
// card number or code ("your password", "their PIN", "the code we sent",
// "the full card number"). Telling the customer to enter a code in the app,
// or sending them a code, does not match.
var secretRequestRE = regexp.MustCompile(`(?i)\b(?:send|share|give|provide|email|e-mail|text|tell|read out|reply with|let (?:me|us) (?:know|have)|need|ask (?:\w+ )?for|what(?:'s| is)|confirm)\b[^.!?\n]{0,40}?` + textscan.SecretObject)

// AsksForSecret reports whether text asks for a password, a full card
// number, a PIN or a one-time code (a prohibition such as "never share
// your password" does not count).
func AsksForSecret(text string) bool {
	for _, s := range splitSentences(textscan.StripHidden(text)) {
		for _, loc := range secretRequestRE.FindAllStringIndex(s, -1) {
			if !textscan.Negated(s[max(0, loc[0]-30):loc[1]]) {
				return true
			}
		}
	}
	return false
}
