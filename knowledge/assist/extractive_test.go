package assist

import (
	"reflect"
	"slices"
	"strings"
	"testing"
)

var multiDept = []Passage{
	{ID: "billing-refunds#2", ArticleID: "billing-refunds", ArticleVersion: 3, ArticleTitle: "Refunds", Department: "billing", Audience: "internal",
		Text: "1. Confirm the duplicate charge in the billing console\n2. Issue the refund\n3. Note the refund id in the ticket"},
	{ID: "billing-refunds#1", ArticleID: "billing-refunds", ArticleVersion: 3, ArticleTitle: "Refunds", Department: "billing", Audience: "customer-facing",
		Text: "Refunds for duplicate charges are issued within 5 business days to the original payment method."},
	{ID: "tech-login#0", ArticleID: "tech-login", ArticleVersion: 1, ArticleTitle: "Login problems", Department: "technical", Audience: "internal",
		Text: "Check the account is not locked in the admin panel."},
	{ID: "tech-login-help#0", ArticleID: "tech-login-help", ArticleVersion: 2, ArticleTitle: "Cannot sign in", Department: "technical", Audience: "customer-facing",
		Text: "Reset your password from the sign-in page and clear your browser cookies."},
	{ID: "billing-old#0", ArticleID: "billing-old", ArticleVersion: 1, ArticleTitle: "Old refunds", Department: "billing", Audience: "customer-facing",
		Text: "Refunds take 30 days.", Stale: true},
	{ID: "sales-upgrade#0", ArticleID: "sales-upgrade", ArticleVersion: 1, ArticleTitle: "Upgrades", Department: "sales", Audience: "internal",
		Text: "Offer the annual plan at the renewal date."},
	{ID: "legal-gdpr#0", ArticleID: "legal-gdpr", ArticleVersion: 1, ArticleTitle: "Data requests", Department: "legal", Audience: "customer-facing",
		Text: "We answer data requests within one month."},
}

func TestExtractivePerDepartment(t *testing.T) {
	sug := Extractive(testRequest, multiDept, Options{})
	if sug.Provider != ProviderNone || sug.PromptHash != "" || sug.NotInKB {
		t.Fatalf("%+v", sug)
	}
	if len(sug.Options) != 3 {
		t.Fatalf("%d options", len(sug.Options))
	}
	titles := []string{sug.Options[0].Title, sug.Options[1].Title, sug.Options[2].Title}
	if !reflect.DeepEqual(titles, []string{"billing: Refunds", "technical: Cannot sign in", "sales: Upgrades"}) {
		t.Errorf("titles %q", titles)
	}
	billing := sug.Options[0]
	if billing.Kind != KindExtractive || billing.Reply != "Hi Anna,\n\n"+multiDept[1].Text {
		t.Errorf("billing reply %q", billing.Reply)
	}
	if !reflect.DeepEqual(billing.Steps, []string{"Confirm the duplicate charge in the billing console", "Issue the refund", "Note the refund id in the ticket"}) {
		t.Errorf("billing steps %q", billing.Steps)
	}
	if len(billing.Citations) != 2 || billing.Citations[0].PassageID != "billing-refunds#1" || billing.Citations[0].Quote != multiDept[1].Text ||
		billing.Citations[1].PassageID != "billing-refunds#2" || billing.Citations[0].ArticleVersion != 3 {
		t.Errorf("billing citations %+v", billing.Citations)
	}
	if !billing.Verified() {
		t.Errorf("billing not verified: %v %+v", billing.Flags, billing.Sentences)
	}
	// Technical: the top article is internal; the reply comes from the
	// department's customer-facing article, steps from the internal one.
	tech := sug.Options[1]
	if !strings.Contains(tech.Reply, "Reset your password") || !slices.Equal(tech.Steps, []string{"Check the account is not locked in the admin panel."}) {
		t.Errorf("tech %+v", tech)
	}
	// Sales has only internal text: quoted, but flagged for rewriting.
	if sales := sug.Options[2]; !slices.Equal(sales.Flags, []string{FlagInternalSource}) {
		t.Errorf("sales flags %v", sales.Flags)
	}
	// Stale passages are skipped.
	if slices.Contains(sug.PassageIDs, "billing-old#0") {
		t.Error("stale passage used")
	}
	// Deterministic.
	if again := Extractive(testRequest, multiDept, Options{}); !reflect.DeepEqual(again, sug) {
		t.Error("not deterministic")
	}
}

func TestExtractiveSingleDepartmentPerArticle(t *testing.T) {
	ps := []Passage{multiDept[1], multiDept[0], multiDept[4]}
	sug := Extractive(Request{}, ps, Options{AllowStale: true})
	if len(sug.Options) != 2 || sug.Options[0].Title != "billing: Refunds" || sug.Options[1].Title != "billing: Old refunds" {
		t.Fatalf("%+v", sug.Options)
	}
	if !strings.HasPrefix(sug.Options[0].Reply, "Hello,\n\n") {
		t.Errorf("greeting without a name: %q", sug.Options[0].Reply)
	}
	if !slices.Contains(sug.Options[1].Flags, FlagStalePassage) {
		t.Errorf("stale override not flagged: %v", sug.Options[1].Flags)
	}
}

func TestExtractiveNotInKB(t *testing.T) {
	corpus := loadInjectionCorpus(t)
	for name, ps := range map[string][]Passage{
		"none":          nil,
		"only stale":    {multiDept[4]},
		"only injected": {corpus[0].Passage, corpus[4].Passage},
	} {
		sug := Extractive(testRequest, ps, Options{})
		if !sug.NotInKB || len(sug.Options) != 1 {
			t.Errorf("%s: %+v", name, sug)
			continue
		}
		o := sug.Options[0]
		if o.Kind != KindNotInKB || len(o.Citations) != 0 || !strings.Contains(o.Reply, sug.ClarifyingQuestion) || !o.Verified() {
			t.Errorf("%s: option %+v", name, o)
		}
		// No facts: no number or link beyond what the customer wrote.
		if len(details(o.Reply)) != 0 {
			t.Errorf("%s: reply states details %v", name, details(o.Reply))
		}
	}
}
