package search

import (
	"strings"

	"concierge/knowledge"
	"concierge/knowledge/analysis"
	"concierge/knowledge/passage"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/mapping"
	index "github.com/blevesearch/bleve_index_api"
)

// Keyword fields of a passage document in Bleve.
const (
	fAID    = "aid"
	fDept   = "dept"
	fTag    = "tag"
	fLang   = "lang"
	fAud    = "aud"
	fStatus = "status"
)

// langGroup is a set of analysed fields for one family of languages. Each
// passage fills the fields of its article's language only; queries name
// the fields explicitly.
type langGroup struct {
	suffix   string // field suffix: title_<s>, body_<s>
	analyzer string
}

var langGroups = []langGroup{
	{"en", analysis.English},
	{"ru", analysis.Russian},
	{"th", analysis.Thai},
	{"xx", analysis.Generic},
}

// groupsFor returns the field groups a passage in lang is indexed into.
func groupsFor(lang string) []string {
	switch analysis.ForLanguage(lang) {
	case analysis.English:
		return []string{"en"}
	case analysis.Russian:
		return []string{"ru"}
	case analysis.Thai:
		return []string{"th"}
	}
	return []string{"xx"}
}

func newMapping() mapping.IndexMapping {
	im := bleve.NewIndexMapping()
	im.ScoringModel = index.BM25Scoring
	im.DefaultAnalyzer = analysis.Generic
	dm := bleve.NewDocumentStaticMapping()
	for _, f := range []string{fAID, fDept, fTag, fLang, fAud, fStatus} {
		kw := bleve.NewKeywordFieldMapping()
		kw.Store = false
		kw.IncludeInAll = false
		kw.IncludeTermVectors = false
		kw.DocValues = false
		dm.AddFieldMappingsAt(f, kw)
	}
	for _, g := range langGroups {
		for _, base := range []string{"title", "body"} {
			tm := bleve.NewTextFieldMapping()
			tm.Analyzer = g.analyzer
			tm.Store = false
			tm.IncludeInAll = false
			tm.IncludeTermVectors = false
			tm.DocValues = false
			dm.AddFieldMappingsAt(base+"_"+g.suffix, tm)
		}
	}
	im.DefaultMapping = dm
	im.StoreDynamic = false
	im.IndexDynamic = false
	im.DocValuesDynamic = false
	return im
}

// bleveDoc is the Bleve document of one passage. The stem argument is
// ignored: English is always stemmed (analysis.English).
func bleveDoc(a knowledge.Article, p passage.Passage, stem bool) map[string]interface{} {
	d := map[string]interface{}{
		fAID:    a.ID,
		fDept:   a.Department,
		fTag:    a.Tags,
		fLang:   a.Language,
		fAud:    string(a.Audience),
		fStatus: string(a.Status),
	}
	body := bodyText(p.Headings, p.Text)
	for _, g := range groupsFor(a.Language) {
		d["title_"+g] = a.Title
		d["body_"+g] = body
	}
	return d
}

// bodyText is what a passage's body field holds: its heading path, then
// its text.
func bodyText(headings []string, text string) string {
	if len(headings) == 0 {
		return text
	}
	return strings.Join(headings, "\n") + "\n\n" + text
}
