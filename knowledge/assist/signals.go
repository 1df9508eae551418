package assist

import "concierge/knowledge/assist/textscan"

// InjectionSignals returns the reasons of textscan.Scan(text), or nil: why
// text looks like an attempt to instruct the model.
func InjectionSignals(text string) []string {
	var out []string
	for _, s := range textscan.Scan(text) {
		out = append(out, s.Reason)
	}
	return out
}
