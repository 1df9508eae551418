// Package sample bundles the sample knowledge base that Concierge imports on
// first run: Markdown articles with YAML front matter for "Harbourview
// Health", a fictional network of outpatient clinics. Articles live in
// kb/<department-slug>/<id>.md and link to each other by id ("other-id.md").
package sample

import (
	"embed"
	"io/fs"
)

// Source is the value of knowledge.Article.Source for imported sample articles.
const Source = "sample"

//go:embed kb
var kb embed.FS

// FS returns the sample knowledge base rooted at the kb directory, so paths
// look like "billing/billing-pay-your-bill.md".
func FS() fs.FS {
	sub, err := fs.Sub(kb, "kb")
	if err != nil {
		panic(err) // "kb" is a valid, embedded path; cannot happen
	}
	return sub
}
