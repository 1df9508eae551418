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
	stemmed  bool // an extra stemmed copy (English only)
}

var langGroups = []langGroup{
	{"en", analysis.English, false},
	{"ens", analysis.EnglishStem, true},
	{"ru", analysis.Russian, false},
	{"th", analysis.Thai, false},
	{"xx", analysis.Generic, false},
}

// groupsFor returns the field groups a passage in lang is indexed into.
func groupsFor(lang string) []string {
	switch analysis.ForLanguage(lang) {
	case analysis.English:
		return []string{"en", "ens"}
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

// bleveDoc is the Bleve document of one passage.
// The stemmed English copy is written only when stem is set
// (Options.StemWeight > 0): it is never queried otherwise, and it doubles
// the analysis work of indexing.
func bleveDoc(a knowledge.Article, p passage.Passage, stem bool) map[string]interface{} {
	d := map[string]interface{}{
		fAID:    a.ID,
		fDept:   a.Department,
		fTag:    a.Tags,
		fLang:   a.Language,
		fAud:    string(a.Audience),
		fStatus: string(a.Status),
	}
	body := p.Text
	if len(p.Headings) > 0 {
		body = strings.Join(p.Headings, "\n") + "\n\n" + p.Text
	}
	for _, g := range groupsFor(a.Language) {
		if g == "ens" && !stem {
			continue
		}
		d["title_"+g] = a.Title
		d["body_"+g] = body
	}
	return d
}
