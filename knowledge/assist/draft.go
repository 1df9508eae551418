package assist

// DraftCheck is the verdict on a reply as the agent edited it: the same
// checks Suggest applies to an option, without changing the text.
type DraftCheck struct {
	Sentences []SentenceCheck `json:"sentences"`
	// Gaps are the placeholders still in the reply: Send stays disabled
	// while there is one.
	Gaps     []Gap    `json:"gaps"`
	Flags    []string `json:"flags"`
	Verified bool     `json:"verified"`
}

// CheckDraft checks an edited reply against the passages its option cites
// (as Suggest would): sentences supported only by customer-facing text,
// internal text in the reply, requests for a password, code or card number,
// links and amounts no trusted text holds, and placeholders left to fill.
// Passages with injection signals never support anything.
func CheckDraft(req Request, reply string, cited []Passage) DraftCheck {
	chk := newChecker(req, cited)
	chk.keepText = true
	o := Option{Kind: KindLLM, Reply: reply}
	ids := make([]string, 0, len(cited))
	for _, p := range cited {
		ids = append(ids, p.ID)
	}
	o.Citations, _ = chk.citations(ids)
	chk.check(&o)
	return DraftCheck{Sentences: o.Sentences, Gaps: o.Gaps, Flags: o.Flags, Verified: o.Verified()}
}
