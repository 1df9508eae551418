// Package pii replaces customer personal data in text bound for a remote
// language model with placeholders such as [EMAIL_1], [PHONE_2] or [CARD_1],
// and restores the original values in what comes back — including text that
// arrives in streamed fragments.
//
// What counts as personal data:
//   - e-mail addresses;
//   - payment card numbers: 13–19 digits, optionally grouped by spaces or
//     dashes, that pass the Luhn check;
//   - phone numbers: 7–15 digits, international (+44 20 7946 0958,
//     0044 …) or local ((020) 7946 0958, 555-123-4567, 0612345678). A bare
//     run of digits not starting with 0 or + (an order number, say) is not a
//     phone number; neither are dates (2024-03-05, 05/03/2024) or amounts
//     (1234.50);
//   - anything matched by the configured extra patterns.
//
// Redaction is on by default only for endpoints that are not on this machine:
// see Config.Mode.
package pii

import (
	"errors"
	"fmt"
	"net"
	"net/url"
	"regexp"
	"strconv"
	"strings"
)

// ErrInvalidPattern: a configured extra pattern is not a valid regular
// expression or has no usable name.
var ErrInvalidPattern = errors.New("invalid privacy pattern")

// Mode says when redaction applies.
type Mode string

const (
	// ModeAuto (the default) redacts for every endpoint except loopback
	// addresses (127.0.0.0/8, ::1, localhost).
	ModeAuto Mode = "auto"
	// ModeAlways redacts for every endpoint, local ones included.
	ModeAlways Mode = "always"
	// ModeNever never redacts.
	ModeNever Mode = "never"
)

// Pattern is an extra kind of personal data, e.g. {Name: "ACCOUNT",
// Expr: `\bACC-\d{6}\b`}. Its placeholders are [ACCOUNT_1], [ACCOUNT_2], …
type Pattern struct {
	Name string `json:"name"`
	Expr string `json:"expr"`
}

// Config configures a Redactor.
type Config struct {
	Mode     Mode      `json:"mode"` // empty: ModeAuto
	Patterns []Pattern `json:"patterns"`
}

// Redactor decides whether to redact and starts redaction sessions. It is
// safe for concurrent use.
type Redactor struct {
	mode  Mode
	kinds []kind
}

type kind struct {
	label string
	re    *regexp.Regexp
	valid func(string) bool // nil: every match counts
}

var (
	emailRE  = regexp.MustCompile(`(?i)\b[a-z0-9._%+\-]+@[a-z0-9.\-]+\.[a-z]{2,}\b`)
	cardRE   = regexp.MustCompile(`\b\d(?:[ \-]?\d){12,18}\b`)
	phoneRE  = regexp.MustCompile(`(?:\+|\(\+?)?\d[\d \t().\-/]{5,22}\d`)
	dateRE   = regexp.MustCompile(`^(?:\d{4}[-/.]\d{1,2}[-/.]\d{1,2}|\d{1,2}[-/.]\d{1,2}[-/.]\d{2,4})$`)
	amountRE = regexp.MustCompile(`^\d+[.,]\d{1,2}$`)
	labelRE  = regexp.MustCompile(`^[A-Z][A-Z0-9_]*$`)
	// placeholderRE matches any placeholder this package writes.
	placeholderRE = regexp.MustCompile(`\[[A-Z][A-Z0-9_]*_\d+\]`)
)

// New returns a Redactor for cfg.
func New(cfg Config) (*Redactor, error) {
	mode := cfg.Mode
	switch mode {
	case "":
		mode = ModeAuto
	case ModeAuto, ModeAlways, ModeNever:
	default:
		return nil, fmt.Errorf("%w: unknown privacy mode %q (use auto, always or never)", ErrInvalidPattern, cfg.Mode)
	}
	r := &Redactor{mode: mode}
	r.kinds = append(r.kinds, kind{label: "EMAIL", re: emailRE})
	for _, p := range cfg.Patterns {
		label := strings.ToUpper(strings.TrimSpace(p.Name))
		label = strings.Map(func(c rune) rune {
			if c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' {
				return c
			}
			return '_'
		}, label)
		if !labelRE.MatchString(label) {
			return nil, fmt.Errorf("%w: pattern name %q must start with a letter, e.g. ACCOUNT", ErrInvalidPattern, p.Name)
		}
		re, err := regexp.Compile(p.Expr)
		if err != nil {
			return nil, fmt.Errorf("%w: pattern %s: %w", ErrInvalidPattern, label, err)
		}
		if re.MatchString("") {
			return nil, fmt.Errorf("%w: pattern %s matches empty text; make it match at least one character", ErrInvalidPattern, label)
		}
		r.kinds = append(r.kinds, kind{label: label, re: re})
	}
	r.kinds = append(r.kinds,
		kind{label: "CARD", re: cardRE, valid: isCard},
		kind{label: "PHONE", re: phoneRE, valid: isPhone},
	)
	return r, nil
}

// Active reports whether text sent to endpoint (a URL or host) must be
// redacted.
func (r *Redactor) Active(endpoint string) bool {
	switch r.mode {
	case ModeAlways:
		return true
	case ModeNever:
		return false
	}
	return !IsLoopback(endpoint)
}

// IsLoopback reports whether endpoint — a URL, host:port or host — names this
// machine: localhost, 127.0.0.0/8 or ::1. Anything unparsable counts as
// remote.
func IsLoopback(endpoint string) bool {
	host := endpoint
	if u, err := url.Parse(endpoint); err == nil && u.Host != "" {
		host = u.Hostname()
	} else if h, _, err := net.SplitHostPort(endpoint); err == nil {
		host = h
	}
	host = strings.Trim(strings.ToLower(host), "[]")
	if host == "localhost" || strings.HasSuffix(host, ".localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// NewSession starts a redaction session: one request's text out, the
// answer back. Equal values get equal placeholders within a session.
func (r *Redactor) NewSession() *Session {
	return &Session{r: r, byValue: map[string]string{}, byHolder: map[string]string{}, counts: map[string]int{}}
}

// Session holds the placeholder mapping of one exchange. Not safe for
// concurrent use.
type Session struct {
	r        *Redactor
	byValue  map[string]string // original → placeholder
	byHolder map[string]string // placeholder → original
	counts   map[string]int
}

// Redact returns s with personal data replaced by placeholders.
func (s *Session) Redact(text string) string {
	for _, k := range s.r.kinds {
		text = k.re.ReplaceAllStringFunc(text, func(m string) string {
			if placeholderRE.MatchString(m) && placeholderRE.FindString(m) == m {
				return m
			}
			if k.valid != nil && !k.valid(m) {
				return m
			}
			return s.holder(k.label, m)
		})
	}
	return text
}

func (s *Session) holder(label, value string) string {
	if h, ok := s.byValue[value]; ok {
		return h
	}
	s.counts[label]++
	h := "[" + label + "_" + strconv.Itoa(s.counts[label]) + "]"
	s.byValue[value] = h
	s.byHolder[h] = value
	return h
}

// Len is the number of distinct values replaced so far.
func (s *Session) Len() int { return len(s.byHolder) }

// Restore returns text with every placeholder of this session replaced by
// its original value. Unknown placeholders are left as they are.
func (s *Session) Restore(text string) string {
	if len(s.byHolder) == 0 || !strings.Contains(text, "[") {
		return text
	}
	return placeholderRE.ReplaceAllStringFunc(text, func(h string) string {
		if v, ok := s.byHolder[h]; ok {
			return v
		}
		return h
	})
}

// NewStream returns a restorer for text that arrives in fragments, where a
// placeholder may be split across fragments ("[EMA" + "IL_1]").
func (s *Session) NewStream() *Stream { return &Stream{s: s} }

// Stream restores placeholders in streamed text. Write returns what can be
// shown now; Flush returns what was held back.
type Stream struct {
	s       *Session
	pending string
}

// maxPlaceholder bounds how much text a Stream holds back while waiting for
// a placeholder to close.
const maxPlaceholder = 64

// Write adds a fragment and returns the restored text that is safe to show.
func (st *Stream) Write(chunk string) string {
	buf := st.pending + chunk
	st.pending = ""
	if i := strings.LastIndexByte(buf, '['); i >= 0 && !strings.ContainsRune(buf[i:], ']') && couldBePlaceholder(buf[i:]) {
		st.pending = buf[i:]
		buf = buf[:i]
	}
	return st.s.Restore(buf)
}

// Flush returns any text held back.
func (st *Stream) Flush() string {
	out := st.pending
	st.pending = ""
	return out
}

// couldBePlaceholder reports whether s ("[" and what follows) may still grow
// into a placeholder.
func couldBePlaceholder(s string) bool {
	if len(s) > maxPlaceholder {
		return false
	}
	for i, c := range s[1:] {
		ok := c >= 'A' && c <= 'Z' || c == '_' || c >= '0' && c <= '9'
		if !ok || i == 0 && !(c >= 'A' && c <= 'Z') {
			return false
		}
	}
	return true
}

func digits(s string) string {
	var b strings.Builder
	for _, c := range s {
		if c >= '0' && c <= '9' {
			b.WriteRune(c)
		}
	}
	return b.String()
}

// isCard reports whether m has 13–19 digits passing the Luhn check.
func isCard(m string) bool {
	d := digits(m)
	if len(d) < 13 || len(d) > 19 {
		return false
	}
	return Luhn(d)
}

// Luhn reports whether the digit string d passes the Luhn checksum.
func Luhn(d string) bool {
	sum, double := 0, false
	for i := len(d) - 1; i >= 0; i-- {
		c := d[i]
		if c < '0' || c > '9' {
			return false
		}
		n := int(c - '0')
		if double {
			n *= 2
			if n > 9 {
				n -= 9
			}
		}
		sum += n
		double = !double
	}
	return sum%10 == 0
}

// isPhone applies the phone rules of the package comment to a candidate.
func isPhone(m string) bool {
	m = strings.TrimSpace(m)
	d := digits(m)
	if len(d) < 7 || len(d) > 15 {
		return false
	}
	if dateRE.MatchString(m) || amountRE.MatchString(m) {
		return false
	}
	if strings.HasPrefix(m, "+") || strings.HasPrefix(m, "(") || strings.HasPrefix(m, "0") {
		return true
	}
	// Otherwise it needs grouping separators to look like a phone number
	// rather than an order or invoice number.
	return strings.ContainsAny(m, " -.()/")
}
